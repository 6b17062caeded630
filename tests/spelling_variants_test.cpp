// Spelling variants as synonyms: the list format, the shipped list, and a
// search that finds "license" for "licence" only in an index that records
// them (and then offers no "did you mean" for the variant).
#include "schema/spelling_variants.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "indexer/index_writer.h"
#include "schema/index_layout.h"
#include "search/search_service.h"
#include "server/search_params.h"
#include "tests/fixture_index.h"

namespace clause {
namespace {

bool has_pair(const std::vector<SynonymPair>& pairs, const std::string& a, const std::string& b) {
  const std::string z(layout::kStemPrefix);
  return std::any_of(pairs.begin(), pairs.end(),
                     [&](const SynonymPair& p) { return p.term == z + a && p.synonym == z + b; });
}

TEST(SpellingVariants, AGroupLinksEveryStemToEveryOtherBothWays) {
  const auto pairs = parse_spelling_variants("# comment\n\nColour color  # trailing\nfavour favor favours\n", "t");
  ASSERT_TRUE(pairs.ok()) << pairs.error().message;
  EXPECT_TRUE(has_pair(*pairs, "colour", "color"));
  EXPECT_TRUE(has_pair(*pairs, "color", "colour"));
  EXPECT_TRUE(has_pair(*pairs, "favor", "favour"));
  // favour and favours share a stem: no pair of a stem with itself.
  EXPECT_FALSE(has_pair(*pairs, "favour", "favour"));
  EXPECT_EQ(pairs->size(), 4u);
}

TEST(SpellingVariants, ErrorsNameTheSourceAndLine) {
  const auto lone = parse_spelling_variants("colour color\nlicence\n", "my.txt");
  ASSERT_FALSE(lone.ok());
  EXPECT_NE(lone.error().message.find("my.txt:2:"), std::string::npos) << lone.error().message;
  const auto phrase = parse_spelling_variants("e-mail email\n", "my.txt");
  ASSERT_FALSE(phrase.ok());
  EXPECT_NE(phrase.error().message.find("my.txt:1:"), std::string::npos) << phrase.error().message;
  EXPECT_FALSE(load_spelling_variants("/nonexistent/variants.txt").ok());
}

TEST(SpellingVariants, TheShippedListParsesAndHoldsTheCommonPairs) {
  const auto parsed = parse_spelling_variants(default_spelling_variants_text(), "data/spelling-variants.txt");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->size(), default_spelling_variants().size());
  const Xapian::Stem stem{std::string(layout::kStemLanguage)};
  for (const auto& [a, b] : {std::pair{"licence", "license"}, {"organisation", "organization"},
                             {"colour", "color"}, {"behaviour", "behavior"}}) {
    EXPECT_TRUE(has_pair(default_spelling_variants(), stem(a), stem(b))) << a << " " << b;
  }
}

class SpellingVariantSearch : public ::testing::Test {
 protected:
  std::unique_ptr<search::SearchService> open(bool with_synonyms) {
    const std::string path = dir_.file(with_synonyms ? "with" : "without");
    WriterOptions options;
    if (with_synonyms) options.synonyms = &default_spelling_variants();
    auto writer = IndexWriter::open(path, options);
    EXPECT_TRUE(writer.ok());
    for (const char* json : {R"({"id":"a","platform":"Alpha","document":"Terms","text":"You grant us a perpetual license to your content."})",
                             R"({"id":"b","platform":"Beta","document":"Terms","text":"Our organization may cancel your account."})"}) {
      (*writer)->upsert(testing::record_from_json(json));
    }
    (*writer)->commit();
    auto service = search::SearchService::open(path);
    EXPECT_TRUE(service.ok());
    return service.ok() ? std::move(*service) : nullptr;
  }
  search::SearchResult search(const search::SearchService& s, const std::string& q,
                              const std::string& autocorrect = "true") {
    auto request = server::parse_search({{"q", q}, {"autocorrect", autocorrect}});
    EXPECT_TRUE(request.ok());
    auto result = s.search(*request);
    EXPECT_TRUE(result.ok());
    return result.ok() ? *result : search::SearchResult{};
  }
  testing::TempDir dir_;
};

TEST_F(SpellingVariantSearch, AVariantFindsTheOtherSpellingWithoutACorrection) {
  const auto with = open(true);
  ASSERT_TRUE(with);
  const auto licence = search(*with, "perpetual licence");
  EXPECT_EQ(licence.total, 1u);
  EXPECT_FALSE(licence.corrected_query.has_value()) << *licence.corrected_query;
  EXPECT_EQ(search(*with, "organisation").total, 1u);
  EXPECT_EQ(search(*with, "license").total, 1u);
}

TEST_F(SpellingVariantSearch, WithoutSynonymsTheVariantFindsNothing) {
  const auto without = open(false);
  ASSERT_TRUE(without);
  EXPECT_EQ(search(*without, "perpetual licence", "false").total, 0u);
  // Autocorrect then runs the spelling correction instead (issue 19, item 6).
  const auto corrected = search(*without, "perpetual licence");
  EXPECT_EQ(corrected.total, 1u);
  EXPECT_EQ(corrected.showing_results_for, "perpetual license");
}

}  // namespace
}  // namespace clause
