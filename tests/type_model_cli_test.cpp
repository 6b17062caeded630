// clause-indexer train-types and the indexer's --type-model / --no-type-model
// as programs, on the hand-made corpus of type_fixture.h.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "schema/index_layout.h"
#include "schema/type_model.h"
#include "search/search_service.h"
#include "server/json_render.h"
#include "test_support.h"
#include "type_fixture.h"

namespace clause {
namespace {

using testing::TempDir;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int indexer(std::vector<std::string> args) {
  args.insert(args.begin(), CLAUSE_INDEXER_BIN);
  return testing::run_program(args);
}

std::string train(const TempDir& dir, const std::string& name) {
  const auto input = dir.write("train.jsonl", testing::type_fixture_jsonl());
  const auto out = dir.file(name);
  EXPECT_EQ(indexer({"train-types", "--out", out, "--name", "fixture", "--none-unlabelled", input}), 0);
  return out;
}

nlohmann::json stored(const std::string& db_path, const std::string& id) {
  Xapian::Database db(db_path);
  auto it = db.postlist_begin(layout::id_term(id));
  if (it == db.postlist_end(layout::id_term(id))) return nullptr;
  return nlohmann::json::parse(db.get_document(*it).get_data());
}

const char* const kToType =
    R"({"id":"q1","platform":"New Site","document":"Terms","text":"All disputes are settled by binding arbitration."}
{"id":"q2","platform":"New Site","document":"Terms","text":"Disputes go to court.","clause_type":"Forum"}
)";

TEST(TypeModelCli, TrainingTwiceGivesTheSameBytes) {
  TempDir dir;
  const auto first = train(dir, "a.model");
  const auto second = train(dir, "b.model");
  EXPECT_FALSE(slurp(first).empty());
  EXPECT_EQ(slurp(first), slurp(second));
}

// '-' reads standard input, as the indexer's inputs do: the same model (its
// provenance names the input "-" instead of the file).
TEST(TypeModelCli, TrainingReadsStandardInput) {
  TempDir dir;
  const auto from_file = train(dir, "file.model");
  const auto input = dir.file("train.jsonl");  // written by train()
  const auto from_stdin = dir.file("stdin.model");
  const std::string command = std::string("'") + CLAUSE_INDEXER_BIN + "' train-types --out '" + from_stdin +
                              "' --name fixture --none-unlabelled - < '" + input + "'";
  ASSERT_EQ(testing::run_program({"/bin/sh", "-c", command}), 0);
  const auto a = TypeModel::load(from_file);
  const auto b = TypeModel::load(from_stdin);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->labels().size(), b->labels().size());
  for (const char* text : {"All disputes are settled by binding arbitration.", "We may change these terms."}) {
    const auto x = a->scores(text), y = b->scores(text);
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].label, y[i].label);
      EXPECT_DOUBLE_EQ(x[i].probability, y[i].probability);
    }
  }
}

TEST(TypeModelCli, TheFirstSettingTrainsTheFirstFeatureScheme) {
  TempDir dir;
  const auto input = dir.write("train.jsonl", testing::type_fixture_jsonl());
  const auto first = dir.file("first.model");
  ASSERT_EQ(indexer({"train-types", "--out", first, "--first-setting", "--none-unlabelled", input}), 0);
  const auto a = TypeModel::load(first), b = TypeModel::load(train(dir, "default.model"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->feature_scheme(), TypeFeatureScheme{});
  EXPECT_EQ(a->feature_scheme().name(), kTypeFeatureScheme);
  EXPECT_EQ(b->feature_scheme().stem_ngrams, 4u);
  // The default records the weighting's choice; the first setting chose none.
  EXPECT_NE(slurp(dir.file("default.model")).find("chosen_by"), std::string::npos);
  EXPECT_EQ(slurp(first).find("chosen_by"), std::string::npos);
}

TEST(TypeModelCli, TrainingWithoutLabelsFails) {
  TempDir dir;
  const auto input = dir.write("none.jsonl", R"({"id":"x","platform":"P","document":"D","text":"hello"})"
                                             "\n");
  EXPECT_EQ(indexer({"train-types", "--out", dir.file("m.model"), input}), 1);
  EXPECT_EQ(indexer({"train-types", "--out", dir.file("m.model"), "--none-unlabelled", input}), 1);
  EXPECT_FALSE(std::filesystem::exists(dir.file("m.model")));
  EXPECT_EQ(indexer({"train-types", input}), 2);  // no --out
}

TEST(TypeModelCli, IndexWithAndWithoutAModel) {
  TempDir dir;
  const auto model = train(dir, "m.model");
  const auto input = dir.write("in.jsonl", kToType);
  for (const std::string shards : {"", "2"}) {
    SCOPED_TRACE("shards " + shards);
    const auto with = dir.file("with" + shards), without = dir.file("without" + shards);
    std::vector<std::string> extra;
    if (!shards.empty()) extra = {"--shards", shards};
    auto args = [&](std::vector<std::string> a) {
      a.insert(a.end(), extra.begin(), extra.end());
      a.push_back(input);
      return a;
    };
    ASSERT_EQ(indexer(args({"--db", with, "--quiet", "--type-model", model})), 0);
    ASSERT_EQ(indexer(args({"--db", without, "--quiet", "--no-type-model"})), 0);

    const auto predicted = stored(with, "q1");
    EXPECT_EQ(predicted["clause_type"], "Arbitration");
    EXPECT_EQ(predicted["type_source"], "predicted");
    EXPECT_GT(predicted["type_confidence"].get<double>(), 0.0);
    EXPECT_TRUE(predicted.contains("type_band"));
    const auto given = stored(with, "q2");
    EXPECT_EQ(given["clause_type"], "Forum");
    EXPECT_EQ(given["type_source"], "given");
    EXPECT_FALSE(given.contains("type_confidence"));
    // The predicted type is a facet value like a given one.
    Xapian::Database db(with);
    EXPECT_EQ(db.get_termfreq(layout::facet_term(layout::Facet::clause_type, "Arbitration")), 1u);
    const auto identity = nlohmann::json::parse(db.get_metadata(std::string(layout::kTypeModelsKey)));
    ASSERT_EQ(identity.size(), 1u);
    EXPECT_EQ(identity[0]["name"], "fixture");
    EXPECT_EQ(identity[0]["sha256"].get<std::string>().size(), 64u);

    const auto plain = stored(without, "q1");
    EXPECT_FALSE(plain.contains("clause_type"));
    EXPECT_FALSE(plain.contains("type_source"));
    EXPECT_EQ(nlohmann::json::parse(Xapian::Database(without).get_metadata(
                  std::string(layout::kTypeModelsKey))),
              nlohmann::json::array());
  }
}

TEST(TypeModelCli, HealthzNamesTheModel) {
  TempDir dir;
  const auto model = train(dir, "m.model");
  const auto input = dir.write("in.jsonl", kToType);
  ASSERT_EQ(indexer({"--db", dir.file("db"), "--quiet", "--type-model", model, input}), 0);
  auto service = search::SearchService::open(dir.file("db"));
  ASSERT_TRUE(service.ok()) << service.error().message;
  const auto info = (*service)->info();
  ASSERT_TRUE(info.ok());
  const auto health = server::to_json(*info);
  ASSERT_EQ(health["index"]["type_models"].size(), 1u);
  EXPECT_EQ(health["index"]["type_models"][0]["name"], "fixture");
  EXPECT_EQ(health["index"]["type_models"][0]["sha256"].get<std::string>().size(), 64u);
}

TEST(TypeModelCli, AModelOfOtherTypesThanTheIndexsIsAWarningNamingThem) {
  TempDir dir;
  const auto first = train(dir, "m.model");
  std::string renamed = testing::type_fixture_jsonl();
  for (std::size_t at = 0; (at = renamed.find("\"Data deletion\"", at)) != std::string::npos; at += 10) {
    renamed.replace(at, 15, "\"Account erasure\"");
  }
  const auto second = dir.file("other.model");
  ASSERT_EQ(indexer({"train-types", "--out", second, "--name", "other", "--none-unlabelled",
                     dir.write("renamed.jsonl", renamed)}),
            0);
  const auto input = dir.write("in.jsonl", kToType);
  const auto db = dir.file("db");
  ASSERT_EQ(indexer({"--db", db, "--quiet", "--type-model", first, input}), 0);
  const auto log = dir.file("stderr.txt");
  const auto run = [&](const std::string& model) {
    return testing::run_program({"/bin/sh", "-c",
                                 "exec \"$0\" --db \"$1\" --type-model \"$2\" \"$3\" 2> \"$4\"",
                                 CLAUSE_INDEXER_BIN, db, model, input, log});
  };
  ASSERT_EQ(run(first), 0);
  EXPECT_EQ(slurp(log).find("warning"), std::string::npos) << slurp(log);
  ASSERT_EQ(run(second), 0);  // a warning, not a refusal
  const std::string said = slurp(log);
  EXPECT_NE(said.find("warning"), std::string::npos) << said;
  EXPECT_NE(said.find("'Account erasure'"), std::string::npos) << said;
  EXPECT_EQ(said.find("'Arbitration'"), std::string::npos) << said;
}

TEST(TypeModelCli, ABadModelLeavesAnExistingIndexAsItWas) {
  TempDir dir;
  const auto good = slurp(train(dir, "m.model"));
  const auto input = dir.write("in.jsonl", kToType);
  const auto db = dir.file("db");
  ASSERT_EQ(indexer({"--db", db, "--quiet", "--no-type-model", input}), 0);
  std::string other_version = good;
  other_version[8] = 9;
  std::string corrupt = good;
  corrupt[good.size() / 2] = static_cast<char>(corrupt[good.size() / 2] ^ 0x55);
  const auto more = dir.write("more.jsonl", R"({"id":"q3","platform":"Other","document":"Terms","text":"More."})"
                                            "\n");
  for (const auto& bad : {dir.write("v.model", other_version), dir.write("c.model", corrupt)}) {
    EXPECT_EQ(indexer({"--db", db, "--quiet", "--type-model", bad, more}), 2) << bad;
    EXPECT_EQ(Xapian::Database(db).get_doccount(), 2u) << bad;
  }
}

TEST(TypeModelCli, ABadModelIndexesNothing) {
  TempDir dir;
  const auto good = slurp(train(dir, "m.model"));
  const auto input = dir.write("in.jsonl", kToType);
  const auto truncated = dir.write("t.model", good.substr(0, good.size() / 2));
  const auto other = dir.write("o.model", "not a model\n");
  for (const auto& bad : {truncated, other, dir.file("missing.model")}) {
    const auto db = dir.file("db-" + std::filesystem::path(bad).stem().string());
    EXPECT_EQ(indexer({"--db", db, "--quiet", "--type-model", bad, input}), 2) << bad;
    EXPECT_FALSE(std::filesystem::exists(db)) << bad;
  }
  EXPECT_EQ(indexer({"--db", dir.file("db"), "--no-type-model", "--type-model", dir.file("m.model"),
                     input}),
            2);
}

}  // namespace
}  // namespace clause
