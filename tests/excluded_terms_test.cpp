// A query of excluded items only ("-word", "-a -b", "-platform:x") finds
// every clause but those the items match, as docs/API.md's query syntax
// says; Xapian's parser alone reads it as if the signs were not there.
#include <gtest/gtest.h>

#include <string>

#include "tests/demo_service.h"

namespace clause::search {
namespace {

class ExcludedTerms : public clause::testing::DemoServiceTest {
 protected:
  static std::size_t total(const std::string& q, server::ParamMap more = {}) {
    more.emplace("q", q);
    more.emplace("limit", "0");
    return search(more).total;
  }
  static std::size_t all() { return search({{"limit", "0"}}).total; }
};

TEST_F(ExcludedTerms, ALeadingMinusExcludesTheWord) {
  const std::size_t with = total("arbitration");
  ASSERT_GT(with, 0u);
  ASSERT_LT(with, all());
  EXPECT_EQ(total("-arbitration"), all() - with);
  EXPECT_EQ(total("-arbitration"), total("NOT arbitration"));
}

TEST_F(ExcludedTerms, SeveralExcludedItemsExcludeAnyOfThem) {
  const std::size_t either = total("arbitration OR privacy");
  ASSERT_GT(either, total("arbitration"));
  EXPECT_EQ(total("-arbitration -privacy"), all() - either);
  EXPECT_EQ(total("-\"class action\""), all() - total("\"class action\""));
  EXPECT_EQ(total("-(arbitration OR privacy)"), all() - either);
}

TEST_F(ExcludedTerms, AnExcludedFieldLeavesItsClausesOut) {
  const auto platforms = search({{"limit", "0"}}).platform.entries;
  ASSERT_FALSE(platforms.empty());
  const auto& first = platforms.front();
  EXPECT_EQ(total("-platform:" + first.slug), all() - first.count);
  EXPECT_EQ(total("-platform:" + first.slug, {{"platform", first.slug}}), 0u);
}

TEST_F(ExcludedTerms, NoHitHasTheExcludedWordAndFiltersStillApply) {
  const auto page = search({{"q", "-arbitration"}, {"limit", "20"}});
  ASSERT_FALSE(page.hits.empty());
  for (const auto& hit : page.hits) EXPECT_EQ(hit.snippet.find("<mark>"), std::string::npos) << hit.snippet;
  const std::size_t high = total("", {{"severity", "high"}});
  EXPECT_EQ(total("-arbitration", {{"severity", "high"}}), high - total("arbitration", {{"severity", "high"}}));
}

// An item that is not excluded keeps Xapian's reading: the others filter it.
TEST_F(ExcludedTerms, AMixedQueryIsUnchanged) {
  EXPECT_EQ(total("privacy -arbitration"), total("privacy") - total("privacy arbitration"));
  EXPECT_EQ(total("-arbitration privacy"), total("privacy -arbitration"));
  EXPECT_EQ(total("non-exclusive"), total("\"non exclusive\""));  // a hyphen inside a word
}

TEST_F(ExcludedTerms, ATypoInAnExcludedWordIsCorrectedInPlace) {
  const auto typo = search({{"q", "-arbitraton"}, {"limit", "0"}});
  EXPECT_EQ(typo.corrected_query, "-arbitration");
  EXPECT_EQ(typo.total, all());  // nothing has the typo: nothing is excluded, and no correction replaces hits
}

}  // namespace
}  // namespace clause::search
