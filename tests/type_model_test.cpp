// The clause-type model: training determinism, the file's round trip, bad
// files, given versus predicted types, on a small hand-made corpus.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "indexer/type_choice.h"
#include "indexer/type_training.h"
#include "schema/fnv1a.h"
#include "schema/clause_typing.h"
#include "schema/type_features.h"
#include "test_support.h"
#include "type_fixture.h"

namespace clause {
namespace {

using testing::TempDir;

std::vector<TypeExample> fixture_examples(bool none_examples = true) {
  TempDir dir;
  const auto path = dir.write("f.jsonl", testing::type_fixture_jsonl());
  std::vector<TypeExample> examples;
  EXPECT_TRUE(read_type_examples(path, none_examples, examples).ok());
  return examples;
}

TypeModel fixture_model() {
  auto model = train_type_model(fixture_examples(), {});
  EXPECT_TRUE(model.ok()) << (model ? "" : model.error().message);
  return std::move(*model);
}

TEST(TypeModel, TrainingIsDeterministic) {
  const std::string first = fixture_model().serialise();
  EXPECT_EQ(first, fixture_model().serialise());
}

TEST(TypeModel, RoundTripKeepsBytesAndPredictions) {
  const TypeModel model = fixture_model();
  const auto parsed = TypeModel::parse(model.serialise(), "m.model");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->serialise(), model.serialise());
  EXPECT_EQ(parsed->sha256(), model.sha256());
  EXPECT_EQ(parsed->sha256().size(), 64u);
  // The default weighs by idf: the idf table makes the round trip too.
  EXPECT_EQ(parsed->feature_scheme(), model.feature_scheme());
  EXPECT_EQ(model.feature_scheme().weighting, TypeFeatureWeighting::log_tf_idf);
  const std::string text = "Any dispute will be settled by binding arbitration.";
  const auto a = model.scores(text), b = parsed->scores(text);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].label, b[i].label);
    EXPECT_DOUBLE_EQ(a[i].probability, b[i].probability);
  }
}

TEST(TypeModel, EveryWeightingRoundTrips) {
  for (const auto w : {TypeFeatureWeighting::binary, TypeFeatureWeighting::log_tf,
                       TypeFeatureWeighting::log_tf_idf}) {
    TypeTrainingOptions o;
    o.scheme.weighting = w;
    const auto model = train_type_model(fixture_examples(), o);
    ASSERT_TRUE(model.ok()) << model.error().message;
    const auto parsed = TypeModel::parse(model->serialise(), "m.model");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->serialise(), model->serialise());
    const std::string text = "Tracking cookies follow you around the web.";
    EXPECT_EQ(parsed->scores(text).front().label, model->scores(text).front().label);
    EXPECT_DOUBLE_EQ(parsed->scores(text).front().probability, model->scores(text).front().probability);
  }
}

TEST(TypeModel, CrossValidationPredictsEveryLabelledClauseOnceAndChoosesTheBetter) {
  // The fixture's platforms renamed so that both parts hold some.
  auto examples = fixture_examples();
  const char* names[] = {"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"};
  std::set<int> folds;
  for (auto& e : examples) {
    e.platform = names[e.platform.back() - '0'];
    folds.insert(platform_fold(e.platform));
  }
  ASSERT_EQ(folds.size(), 2u);
  const auto score = cross_validate_type_model(examples, {});
  ASSERT_TRUE(score.ok()) << score.error().message;
  EXPECT_EQ(score->labelled, 24u);  // 8 platforms x 3 labelled clauses, each in one part
  TypeTrainingOptions starved;      // almost no fit: every clause gets the same label
  starved.c = 1e-6;
  starved.name = "starved";
  TypeTrainingOptions good;
  good.name = "good";
  const auto chosen_score = cross_validate_type_model(examples, good);
  const auto starved_score = cross_validate_type_model(examples, starved);
  ASSERT_TRUE(chosen_score.ok() && starved_score.ok());
  ASSERT_GT(chosen_score->top1(), starved_score->top1());
  nlohmann::json record;
  EXPECT_EQ(choose_type_training(examples, {starved, good}, &record).name, "good");
  EXPECT_EQ(record.at("cross_validated").size(), 2u);
  // Trained with the choice: recorded in the provenance, and deterministic.
  const auto a = train_type_model_chosen(examples, {}), b = train_type_model_chosen(examples, {});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->serialise(), b->serialise());
  EXPECT_NE(a->serialise().find("chosen_by"), std::string::npos);
}

TEST(TypeModel, TypeNamesTeachAsExamplesWhenAsked) {
  // "erase" is in one type's name and in no clause: only the name can teach it.
  std::vector<TypeExample> examples;
  for (const char* platform : {"one", "two", "three"}) {
    examples.push_back({platform, "You may ask us to remove your profile.", {"Accounts can be erased"}, {}});
    examples.push_back({platform, "We follow where your phone goes.", {"Location is tracked"}, {}});
  }
  TypeTrainingOptions options;
  options.min_feature_count = 1;
  options.calibrate = false;
  const auto without = train_type_model(examples, options);
  options.type_names_as_examples = true;
  const auto with = train_type_model(examples, options);
  ASSERT_TRUE(without.ok() && with.ok());
  const auto share_of_erased = [](const TypeModel& m) {
    for (const auto& s : m.scores("Accounts are erased.")) {
      if (m.labels()[s.label].name == "Accounts can be erased") return s.probability;
    }
    return 0.0;
  };
  EXPECT_GT(share_of_erased(*with), share_of_erased(*without) + 0.1);
  EXPECT_EQ(with->labels()[with->scores("Accounts are erased.").front().label].name, "Accounts can be erased");
  // Each candidate of the shipped choice is tried with and without them.
  std::set<bool> tried;
  for (const auto& c : type_training_candidates({})) tried.insert(c.type_names_as_examples);
  EXPECT_EQ(tried.size(), 2u);
}

TEST(TypeModel, LabelsCarryTheirSeverityAndNone) {
  const TypeModel model = fixture_model();
  std::map<std::string, std::optional<Severity>> severity;
  for (const auto& l : model.labels()) severity[l.name] = l.severity;
  ASSERT_EQ(severity.size(), 4u);
  EXPECT_EQ(severity["Arbitration"], Severity::high);
  EXPECT_EQ(severity["Data deletion"], Severity::low);
  EXPECT_FALSE(severity[std::string(kNoneType)].has_value());
}

TEST(TypeModel, PredictsTheTypeOfUnseenWording) {
  const TypeModel model = fixture_model();
  const auto p = model.predict("Every dispute goes to binding arbitration.");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->type, "Arbitration");
  EXPECT_GT(p->confidence, 0.0);
  EXPECT_LE(p->confidence, 1.0);
  const auto c = model.predict("Partners use cookies to track you.");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->type, "Tracking cookies");
}

TEST(TypeModel, NegationIsAFeature) {
  // "not" before a word adds features that the same words without it lack.
  const auto plain = type_features("we sell your data", 1u << 20);
  const auto negated = type_features("we do not sell your data", 1u << 20);
  const auto without_negation = type_features("we do now sell your data", 1u << 20);
  EXPECT_GT(negated.size(), without_negation.size());
  EXPECT_GT(negated.size(), plain.size());
}

std::string flip_byte(std::string bytes, std::size_t at) {
  bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
  return bytes;
}

// The file with one header field set to `value` (a string), checksummed
// again: what another program or version could have written.
std::string with_header(const std::string& file, const std::string& field, const std::string& value) {
  const auto get_u32 = [&file](std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t(static_cast<unsigned char>(file[at + i])) << (8 * i);
    return v;
  };
  const auto put_u32 = [](std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  const std::size_t header_size = get_u32(12);
  auto header = nlohmann::json::parse(file.substr(16, header_size));
  header[field] = value;
  const std::string text = header.dump();
  std::string out = file.substr(0, 12);
  put_u32(out, static_cast<std::uint32_t>(text.size()));
  out += text;
  out += file.substr(16 + header_size, file.size() - 16 - header_size - 8);
  const std::uint64_t sum = fnv1a64(out);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((sum >> (8 * i)) & 0xFF));
  return out;
}

TEST(TypeModel, BadFilesAreRefusedNamingTheFile) {
  const std::string good = fixture_model().serialise();
  struct Case {
    std::string bytes;
    std::string says;
  };
  std::string other_version = good, first_version = good;
  other_version[8] = 3;
  first_version[8] = 1;  // the first format: no idf; trained again, it reads
  const std::vector<Case> cases = {
      {"", "not a clause-type model"},
      {"{\"labels\": []}\n", "not a clause-type model"},
      {other_version, "version 3"},
      {first_version, "format version 1, this program reads version 2 (train it again"},
      {with_header(good, "features", "stems+pairs+negated+grams9/v2"), "feature scheme"},
      {with_header(good, "idf_unseen", "x"), "header"},
      {good.substr(0, 20), "truncated"},
      {good.substr(0, good.size() - 9), "truncated"},
      {flip_byte(good, good.size() / 2), "corrupt"},
      {good + "x", "trailing bytes"},
  };
  for (const auto& c : cases) {
    const auto parsed = TypeModel::parse(c.bytes, "/models/x.model");
    ASSERT_FALSE(parsed.ok()) << c.says;
    EXPECT_NE(parsed.error().message.find("/models/x.model"), std::string::npos)
        << parsed.error().message;
    EXPECT_NE(parsed.error().message.find(c.says), std::string::npos) << parsed.error().message;
  }
  const auto missing = TypeModel::load("/nonexistent/dir/y.model");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("/nonexistent/dir/y.model"), std::string::npos);
}

TEST(TypeModel, InputWithoutLabelsIsAnError) {
  std::vector<TypeExample> unlabelled;
  for (auto e : fixture_examples()) {
    if (e.types.front() == kNoneType) unlabelled.push_back(e);
  }
  const auto model = train_type_model(unlabelled, {});
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.error().message.find("clause_type"), std::string::npos);
  EXPECT_FALSE(train_type_model({}, {}).ok());
}

TEST(TypeModel, TypesTheIndexDoesNotKnowAreNamed) {
  const std::vector<TypeModel> models{fixture_model()};
  const std::string recorded = type_models_identity(models);
  EXPECT_TRUE(types_unknown_to_index(recorded, models).empty());
  // An index without recorded model types has nothing to compare with.
  EXPECT_TRUE(types_unknown_to_index("[]", models).empty());
  EXPECT_TRUE(types_unknown_to_index("", models).empty());
  EXPECT_TRUE(types_unknown_to_index(R"([{"name":"old","sha256":"00"}])", models).empty());

  const std::string other = R"([{"name":"old","sha256":"00","types":["Arbitration","Forum"]}])";
  const auto unknown = types_unknown_to_index(other, models);
  EXPECT_EQ(unknown, (std::vector<std::string>{"Data deletion", "Tracking cookies"}));
  const auto warning = unknown_types_warning(unknown);
  EXPECT_NE(warning.find("2 types"), std::string::npos) << warning;
  EXPECT_NE(warning.find("'Data deletion', 'Tracking cookies'"), std::string::npos) << warning;
  EXPECT_TRUE(unknown_types_warning({}).empty());

  std::vector<std::string> many;
  for (int i = 0; i < 13; ++i) many.push_back("T" + std::to_string(i + 10));
  EXPECT_NE(unknown_types_warning(many).find("'T19' and 3 more"), std::string::npos) << unknown_types_warning(many);
}

TEST(TypeModel, GivenTypesAreKeptAndOthersPredicted) {
  const std::vector<TypeModel> models{fixture_model()};
  ClauseRecord given;
  given.text = "Disputes are settled by binding arbitration.";
  given.clause_type = "Forum";
  EXPECT_FALSE(assign_clause_type(given, models));
  EXPECT_EQ(given.clause_type, "Forum");
  EXPECT_EQ(given.type_source, "given");
  EXPECT_FALSE(given.type_confidence.has_value());

  ClauseRecord unknown;
  unknown.text = "Disputes are settled by binding arbitration.";
  ASSERT_TRUE(assign_clause_type(unknown, models));
  EXPECT_EQ(unknown.clause_type, "Arbitration");
  EXPECT_EQ(unknown.type_source, "predicted");
  ASSERT_TRUE(unknown.type_confidence.has_value());
  EXPECT_EQ(unknown.type_band, type_band_name(type_band(*unknown.type_confidence)));
  // The type's severity comes with a confident prediction only.
  if (*unknown.type_confidence >= kMediumTypeConfidence) {
    EXPECT_EQ(unknown.severity, Severity::high);
  }

  ClauseRecord rated;
  rated.text = unknown.text;
  rated.severity = Severity::low;
  assign_clause_type(rated, models);
  EXPECT_EQ(rated.severity, Severity::low);  // a record's own severity stays
}

TEST(TypeModel, BandsFollowTheDocumentedThresholds) {
  EXPECT_EQ(type_band(0.29), TypeBand::low);
  EXPECT_EQ(type_band(kMediumTypeConfidence), TypeBand::medium);
  EXPECT_EQ(type_band(0.79), TypeBand::medium);
  EXPECT_EQ(type_band(kHighTypeConfidence), TypeBand::high);
}

TEST(TypeModel, CalibrationLearnsOverconfidence) {
  // Stated 0.6 or 0.9, right half the time: the calibrated confidence comes
  // down to a half.
  std::vector<std::pair<double, bool>> outcomes;
  for (int i = 0; i < 200; ++i) outcomes.emplace_back(i % 4 < 2 ? 0.9 : 0.6, i % 2 == 0);
  const TypeCalibration c = fit_calibration(outcomes);
  EXPECT_NEAR(c.apply(0.9), 0.5, 0.02);
  // Too few outcomes: no calibration.
  EXPECT_DOUBLE_EQ(fit_calibration({{0.9, true}}).apply(0.9), 0.9);
}

TEST(TypeModel, ShippedModelsLoad) {
  const auto models = default_type_models();
  ASSERT_TRUE(models.ok()) << models.error().message;
  for (const auto& m : *models) {
    EXPECT_FALSE(m.name().empty());
    EXPECT_GE(m.labels().size(), 2u);
  }
}


// A text without a letter is a heading number or a stamp: no type, and no
// type distribution, though the models score it. The shipped models typed
// "13." (the "13" of "13 years") as an age limit at 0.943.
TEST(TypeModel, TextsWithoutALetterGetNoType) {
  const auto models = default_type_models();
  ASSERT_TRUE(models.ok()) << models.error().message;
  EXPECT_FALSE(models->front().scores("13.").empty());  // the models alone would answer
  for (const char* text : {"13.", "10.1", "2021-01-23 14:48:15", "(4)", ""}) {
    ClauseRecord r;
    r.text = text;
    EXPECT_FALSE(typeable_text(text)) << text;
    EXPECT_FALSE(assign_clause_type(r, *models)) << text;
    EXPECT_TRUE(r.clause_type.empty()) << text;
    EXPECT_TRUE(type_shares(text, *models, 5).empty()) << text;
  }
  for (const char* text : {"13 years", "Âge", "v2"}) EXPECT_TRUE(typeable_text(text)) << text;
}

}  // namespace
}  // namespace clause
