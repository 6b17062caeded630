// The fast feature path (issue 17: text tokenised once for all the models,
// stems read without a position map) must give exactly the features of the
// first implementation, or the shipped models (data/type-models/) would
// predict differently. The first implementation is kept here as the reference.
#include <gtest/gtest.h>

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "schema/clause_typing.h"
#include "schema/index_layout.h"
#include "schema/plain_text.h"
#include "schema/type_features.h"
#include "test_support.h"

namespace clause {
namespace {

std::uint32_t reference_fnv1a(char kind, std::string_view a, std::string_view b = {}) {
  std::uint32_t h = 2166136261u;
  auto mix = [&h](char c) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  };
  mix(kind);
  for (char c : a) mix(c);
  if (!b.empty()) {
    mix(' ');
    for (char c : b) mix(c);
  }
  return h;
}

bool reference_is_negation(const std::string& stem) {
  for (const char* w : {"not", "no", "never", "nor", "neither", "none", "without", "cannot",
                        "nobodi", "noth"}) {
    if (stem == w) return true;
  }
  return stem.size() > 3 && stem.compare(stem.size() - 3, 3, "n't") == 0;
}

// The first implementation: a fresh document per text, stems ordered by a
// map of positions.
std::vector<std::uint32_t> reference_features(std::string_view text, std::uint32_t buckets) {
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem(std::string(layout::kStemLanguage)));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  Xapian::Document doc;
  generator.set_document(doc);
  generator.index_text(plain_text(text));
  std::map<Xapian::termpos, std::string> by_position;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (term.size() < 2 || term[0] != 'Z') continue;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      by_position.emplace(*p, term.substr(1));
    }
  }
  std::vector<std::string> stems;
  for (auto& [position, stem] : by_position) stems.push_back(stem);
  std::vector<std::uint32_t> out;
  int negated_left = 0;
  for (std::size_t i = 0; i < stems.size(); ++i) {
    out.push_back(reference_fnv1a('w', stems[i]) % buckets);
    if (i + 1 < stems.size()) out.push_back(reference_fnv1a('b', stems[i], stems[i + 1]) % buckets);
    if (negated_left > 0) {
      out.push_back(reference_fnv1a('n', stems[i]) % buckets);
      --negated_left;
    }
    if (reference_is_negation(stems[i])) negated_left = kNegationScope;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const std::vector<std::string>& varied_texts() {
  static const std::vector<std::string> texts = {
      "",
      "   ",
      "We do not sell your personal data to third parties.",
      "We don't share it; we won't, and we can't. Nobody isn't told nothing.",
      "You may <b>not</b> use the Service &amp; its API without our consent.<br>See &#39;Terms&#39;.",
      "**Arbitration.** Any dispute shall be resolved by _binding_ arbitration, never in court.",
      "Les données personnelles ne sont jamais vendues. Die Daten werden nicht verkauft.",
      "Naïve café users’ rights — “smart quotes” and the O’Neill case; C++ and C# are fine.",
      "用户数据不会被出售。 データは販売されません。 😀 emoji and U.S.A. acronyms, e-mail foo@bar.com",
      "1,000.50 dollars, version 2.0.1, 24/7 support, 3rd-party cookies, x-y-z, under_score",
      std::string(200, 'a') + " a very long word above and the same word repeated repeated repeated",
      "Neither party nor its affiliates, without limitation, cannot be held liable: none.",
  };
  return texts;
}

void expect_same_features(const std::string& text) {
  for (const std::uint32_t buckets : {1u << 20, 1u << 18, 1000u, 7u}) {
    ASSERT_EQ(type_features(text, buckets), reference_features(text, buckets))
        << "buckets " << buckets << ", text: " << text;
  }
}

std::vector<std::string> texts_of(const std::filesystem::path& jsonl) {
  std::ifstream in(jsonl);
  std::vector<std::string> texts;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("text") && j["text"].is_string()) texts.push_back(j["text"]);
  }
  return texts;
}

TEST(TypeFeatures, FastPathEqualsTheFirstImplementationOnVariedTexts) {
  for (const auto& text : varied_texts()) expect_same_features(text);
  // Twice in a row on one thread: the reused document keeps nothing over.
  for (const auto& text : varied_texts()) expect_same_features(text);
}

TEST(TypeFeatures, FastPathEqualsTheFirstImplementationOnTheDemoCorpus) {
  const auto texts = texts_of(testing::source_dir() / "data" / "clauses.jsonl");
  ASSERT_FALSE(texts.empty());
  for (const auto& text : texts) expect_same_features(text);
}

TEST(TypeFeatures, FastPathEqualsTheFirstImplementationOnTheSharedCorpora) {
  CLAUSE_REQUIRE_SHARED("tosdr/clauses.jsonl");
  for (const char* corpus : {"tosdr/clauses.jsonl", "claudette/clauses.jsonl"}) {
    for (const auto& text : texts_of(testing::shared_data_dir() / corpus)) {
      ASSERT_EQ(type_features(text, 1u << 20), reference_features(text, 1u << 20)) << text;
    }
  }
}

TEST(TypeFeatures, SharedHashesPredictAsEachModelAlone) {
  const auto models = default_type_models();
  ASSERT_TRUE(models.ok()) << models.error().message;
  ASSERT_FALSE(models->empty());
  for (const auto& text : varied_texts()) {
    // The shipped models share their features (they differ in weighting),
    // so one tokenisation serves them all.
    const auto hashes = models->front().feature_hashes(text);
    for (const auto& model : *models) {
      ASSERT_TRUE(model.feature_scheme().same_hashes(models->front().feature_scheme()));
      const auto ranked = model.scores(text);
      const auto fast = model.predict_from_hashes(hashes);
      const auto slow = model.predict(text);
      ASSERT_EQ(fast.has_value(), slow.has_value()) << text;
      if (!fast) continue;
      EXPECT_EQ(fast->type, slow->type);
      EXPECT_EQ(fast->confidence, slow->confidence);
      // The prediction is the top of the full ranking.
      EXPECT_EQ(fast->type, model.labels()[ranked.front().label].name);
      EXPECT_EQ(fast->confidence, model.confidence(ranked.front().probability));
      // Bucketed once for all the models (as assign_clause_type does): the
      // same prediction; bucketed for another bucket count: refused.
      const auto shared = model.predict_from_counts(type_feature_counts(hashes, model.buckets()));
      ASSERT_TRUE(shared.has_value());
      EXPECT_EQ(shared->confidence, fast->confidence);
      EXPECT_THROW(model.predict_from_counts(type_feature_counts(hashes, model.buckets() - 1)),
                   std::logic_error);
    }
  }
}

TEST(TypeFeatures, EverySchemeNameParsesBackAndOthersAreRefused) {
  for (const bool skips : {false, true}) {
    for (const std::size_t grams : {0, 3, 4, 5}) {
      for (const auto w : {TypeFeatureWeighting::binary, TypeFeatureWeighting::log_tf,
                           TypeFeatureWeighting::log_tf_idf}) {
        const TypeFeatureScheme scheme{skips, grams, w};
        const auto parsed = TypeFeatureScheme::parse(scheme.name());
        ASSERT_TRUE(parsed.has_value()) << scheme.name();
        EXPECT_EQ(*parsed, scheme) << scheme.name();
      }
    }
  }
  // The first scheme keeps its name, so its features are the first model's.
  EXPECT_EQ(TypeFeatureScheme{}.name(), kTypeFeatureScheme);
  EXPECT_FALSE(TypeFeatureScheme::parse("stems+pairs+negated+grams9/v2").has_value());
  EXPECT_FALSE(TypeFeatureScheme::parse("words/v1").has_value());
}

TEST(TypeFeatures, StemNgramsAndSkipPairsAddFeatures) {
  const std::string text = "we do not sell your data";
  const auto plain = type_feature_hashes(text);
  const auto grams = type_feature_hashes(text, {false, 4, TypeFeatureWeighting::binary});
  const auto skips = type_feature_hashes(text, {true, 0, TypeFeatureWeighting::binary});
  // The first scheme's features come first and are kept.
  EXPECT_GT(grams.size(), plain.size());
  EXPECT_GT(skips.size(), plain.size());
  for (const auto h : plain) {
    EXPECT_NE(std::find(grams.begin(), grams.end(), h), grams.end());
    EXPECT_NE(std::find(skips.begin(), skips.end(), h), skips.end());
  }
  // Stems sharing their first letters share n-grams: "sell" and "seller".
  const auto a = type_feature_buckets(type_feature_hashes("sell", {false, 4, {}}), 1u << 20);
  const auto b = type_feature_buckets(type_feature_hashes("sellers", {false, 4, {}}), 1u << 20);
  std::vector<std::uint32_t> shared;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(shared));
  EXPECT_FALSE(shared.empty());
}

TEST(TypeFeatures, WeightedVectorsHaveUnitLength) {
  const auto hashes = type_feature_hashes("data data data and more data about your data");
  TypeFeatureIdf idf;
  idf.unseen = 3000;
  for (const auto w : {TypeFeatureWeighting::binary, TypeFeatureWeighting::log_tf,
                       TypeFeatureWeighting::log_tf_idf}) {
    const auto values = type_feature_values(hashes, 1u << 20, w, &idf);
    ASSERT_FALSE(values.empty());
    double norm = 0;
    for (const auto& v : values) norm += v.value * v.value;
    EXPECT_NEAR(norm, 1.0, 1e-12);
    for (std::size_t i = 1; i < values.size(); ++i) EXPECT_LT(values[i - 1].bucket, values[i].bucket);
  }
  // Under log tf a stem seen five times weighs 1 + ln 5 times one seen once.
  const auto logtf = type_feature_values(hashes, 1u << 20, TypeFeatureWeighting::log_tf);
  const auto value_of = [&logtf](std::uint32_t hash) {
    for (const auto& v : logtf) {
      if (v.bucket == hash % (1u << 20)) return v.value;
    }
    return 0.0;
  };
  const auto data = type_feature_hashes("data").front(), more = type_feature_hashes("more").front();
  EXPECT_NEAR(value_of(data) / value_of(more), 1.0 + std::log(5.0), 1e-9);
}

TEST(TypeFeatures, IdfFallsWithTheClausesAFeatureIsIn) {
  EXPECT_GT(TypeFeatureIdf::quantise(100, 1), TypeFeatureIdf::quantise(100, 50));
  EXPECT_EQ(TypeFeatureIdf::quantise(100, 100), 1000);  // in every clause: ln(1) + 1
  TypeFeatureIdf idf;
  idf.by_bucket = {{5, 2000}, {9, 1500}};
  idf.unseen = 4000;
  EXPECT_DOUBLE_EQ(idf.of(5), 2.0);
  EXPECT_DOUBLE_EQ(idf.of(9), 1.5);
  EXPECT_DOUBLE_EQ(idf.of(7), 4.0);
}

}  // namespace
}  // namespace clause
