// The fast feature path (issue 17: text tokenised once for all the models,
// stems read without a position map) must give exactly the features of the
// first implementation, or the shipped models (data/type-models/) would
// predict differently. The first implementation is kept here as the reference.
#include <gtest/gtest.h>

#include <xapian.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

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
  for (const auto& text : varied_texts()) {
    const auto hashes = type_feature_hashes(text);
    for (const auto& model : *models) {
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
    }
  }
}

}  // namespace
}  // namespace clause
