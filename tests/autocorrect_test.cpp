// A typo without hits runs its spelling correction (issue 19, item 6), on
// the demo corpus: the correction's hits, total and facets, said in
// showing_results_for with the query as typed; autocorrect=false keeps the
// typo's empty answer and the "did you mean".
#include "search/search_service.h"
#include "server/search_params.h"

#include <gtest/gtest.h>

#include "tests/demo_service.h"

namespace clause::search {
namespace {

class Autocorrect : public clause::testing::DemoServiceTest {
 protected:


  static std::vector<std::string> ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& hit : r.hits) out.push_back(hit.record["id"].get<std::string>());
    return out;
  }

  static std::vector<std::pair<std::string, std::size_t>> counts(const FacetList& facet) {
    std::vector<std::pair<std::string, std::size_t>> out;
    for (const auto& e : facet.entries) out.emplace_back(e.slug, e.count);
    return out;
  }

};

TEST_F(Autocorrect, ATypoWithoutHitsAnswersWithTheCorrection) {
  const auto typo = search({{"q", "arbitraton"}, {"limit", "20"}});
  const auto right = search({{"q", "arbitration"}, {"limit", "20"}});
  ASSERT_GT(right.total, 0u);
  EXPECT_EQ(typo.showing_results_for, "arbitration");
  EXPECT_EQ(typo.original_query, "arbitraton");
  EXPECT_EQ(typo.corrected_query, "arbitration");
  EXPECT_EQ(typo.total, right.total);
  EXPECT_EQ(ids(typo), ids(right));
  EXPECT_EQ(counts(typo.category), counts(right.category));
  EXPECT_EQ(counts(typo.platform), counts(right.platform));
  EXPECT_EQ(counts(typo.severity), counts(right.severity));
  ASSERT_FALSE(typo.hits.empty());
  EXPECT_NE(typo.hits[0].snippet.find("<mark>"), std::string::npos) << typo.hits[0].snippet;
  EXPECT_FALSE(right.showing_results_for.has_value());
}

TEST_F(Autocorrect, FiltersApplyToTheCorrectionToo) {
  const auto right = search({{"q", "arbitration"}, {"severity", "high"}});
  const auto typo = search({{"q", "arbitraton"}, {"severity", "high"}});
  EXPECT_EQ(typo.total, right.total);
  EXPECT_EQ(counts(typo.platform), counts(right.platform));
  EXPECT_EQ(typo.showing_results_for.has_value(), right.total > 0);
}

TEST_F(Autocorrect, CanBeTurnedOff) {
  const auto typo = search({{"q", "arbitraton"}, {"autocorrect", "false"}});
  EXPECT_EQ(typo.total, 0u);
  EXPECT_TRUE(typo.hits.empty());
  EXPECT_EQ(typo.corrected_query, "arbitration");  // still offered
  EXPECT_FALSE(typo.showing_results_for.has_value());
  EXPECT_FALSE(server::parse_search({{"autocorrect", "maybe"}}).ok());
  EXPECT_EQ(server::parse_search({{"autocorrect", "maybe"}}).error().field, "autocorrect");
}

// A query with hits is never replaced, even when a word of it is a typo
// (OR); a correction without hits leaves the answer empty.
TEST_F(Autocorrect, OnlyAnEmptyAnswerIsReplacedAndOnlyByHits) {
  const auto any = search({{"q", "arbitration OR arbitraton"}});
  EXPECT_GT(any.total, 0u);
  EXPECT_FALSE(any.showing_results_for.has_value());
  const auto none = search({{"q", "arbitraton NOT arbitration"}});
  EXPECT_EQ(none.total, 0u);
  EXPECT_FALSE(none.showing_results_for.has_value());
  EXPECT_FALSE(none.corrected_query.has_value());  // a correction that finds nothing is not offered either
}

}  // namespace
}  // namespace clause::search
