// collapse=platform ("one result per platform", issue 19 item 4) on the demo
// corpus (data/clauses.jsonl): the best clause of each platform, paged over
// platforms, each with the exact number of the platform's other matching
// clauses; total and facets count clauses as without collapse.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "search/search_service.h"
#include "server/search_params.h"
#include "tests/demo_service.h"

namespace clause::search {
namespace {

using server::ParamMap;
using server::parse_search;

class CollapseTest : public clause::testing::DemoServiceTest {
 protected:


  static ParamMap with(ParamMap params, const ParamMap& more) {
    params.insert(more.begin(), more.end());
    return params;
  }

  static std::string id(const Hit& hit) { return hit.record["id"].get<std::string>(); }
  static std::string platform(const Hit& hit) { return hit.record["platform"].get<std::string>(); }

  static std::map<std::string, std::size_t> platform_counts(const SearchResult& r) {
    std::map<std::string, std::size_t> out;
    for (const auto& e : r.platform.entries) out[e.value] = e.count;
    return out;
  }

};

const ParamMap kQueries[] = {{{"q", "arbitration"}},
                             {{"q", "terminate account"}},
                             {{"q", "personal data"}, {"sort", "severity"}},
                             {{"q", "\"at any time\""}},
                             {{"sort", "updated"}},
                             {{"q", "data"}, {"severity", "high"}}};

TEST_F(CollapseTest, OneHitPerPlatformWithExactCountsOfTheRest) {
  for (const auto& params : kQueries) {
    const auto all = search(with(params, {{"facet_limit", "1000"}, {"limit", "0"}}));
    const auto one = search(with(params, {{"collapse", "platform"}, {"facet_limit", "1000"}, {"limit", "100"}}));
    const auto per_platform = platform_counts(all);
    ASSERT_GT(per_platform.size(), 3u) << "the demo corpus has several platforms for this query";
    // Total and facets count clauses, as without collapse.
    EXPECT_EQ(one.total, all.total);
    EXPECT_EQ(platform_counts(one), per_platform);
    EXPECT_EQ(one.category.entries.size(), all.category.entries.size());
    ASSERT_TRUE(one.total_platforms.has_value());
    EXPECT_EQ(*one.total_platforms, per_platform.size());
    EXPECT_FALSE(all.total_platforms.has_value());
    // Every platform once (the first 100), with how many more matching
    // clauses it has.
    ASSERT_EQ(one.hits.size(), std::min<std::size_t>(100, per_platform.size()));
    std::set<std::string> seen;
    for (const auto& hit : one.hits) {
      EXPECT_TRUE(seen.insert(platform(hit)).second) << platform(hit);
      ASSERT_TRUE(hit.more_from_platform.has_value());
      EXPECT_EQ(*hit.more_from_platform + 1, per_platform.at(platform(hit))) << platform(hit);
    }
  }
}

TEST_F(CollapseTest, EachHitIsItsPlatformsBestClauseInTheSortOrder) {
  for (const auto& params : kQueries) {
    const auto one = search(with(params, {{"collapse", "platform"}, {"limit", "6"}}));
    const auto first = search(with(params, {{"limit", "1"}}));
    ASSERT_FALSE(one.hits.empty());
    EXPECT_EQ(id(one.hits[0]), id(first.hits[0])) << "the best clause overall leads";
    for (const auto& hit : one.hits) {
      const auto own = search(with(params, {{"platform", platform(hit)}, {"limit", "1"}}));
      ASSERT_FALSE(own.hits.empty());
      EXPECT_EQ(id(hit), id(own.hits[0])) << platform(hit);
    }
  }
}

TEST_F(CollapseTest, PagesOverPlatforms) {
  const ParamMap q = {{"q", "terminate account"}, {"collapse", "platform"}};
  const auto whole = search(with(q, {{"limit", "12"}}));
  ASSERT_EQ(whole.hits.size(), 12u);
  const auto page1 = search(with(q, {{"limit", "5"}}));
  const auto page2 = search(with(q, {{"limit", "7"}, {"offset", "5"}}));
  std::vector<std::string> joined;
  for (const auto& h : page1.hits) joined.push_back(id(h));
  for (const auto& h : page2.hits) joined.push_back(id(h));
  std::vector<std::string> expected;
  for (const auto& h : whole.hits) expected.push_back(id(h));
  EXPECT_EQ(joined, expected);
  EXPECT_EQ(page2.total_platforms, whole.total_platforms);
  EXPECT_EQ(page2.total, whole.total);
  const auto past = search(with(q, {{"offset", std::to_string(*whole.total_platforms)}}));
  EXPECT_TRUE(past.hits.empty());
}

// The counts do not depend on facet counting or on a platform filter.
TEST_F(CollapseTest, CountsWithoutFacetsAndWithAPlatformFilter) {
  const ParamMap q = {{"q", "arbitration"}, {"collapse", "platform"}, {"limit", "100"}};
  const auto faceted = search(q);
  const auto bare = search(with(q, {{"facets", "false"}}));
  EXPECT_EQ(bare.total, faceted.total);
  EXPECT_EQ(bare.total_platforms, faceted.total_platforms);
  ASSERT_EQ(bare.hits.size(), faceted.hits.size());
  for (std::size_t i = 0; i < bare.hits.size(); ++i) {
    EXPECT_EQ(id(bare.hits[i]), id(faceted.hits[i]));
    EXPECT_EQ(bare.hits[i].more_from_platform, faceted.hits[i].more_from_platform);
  }
  ASSERT_GE(faceted.hits.size(), 3u);
  const std::string a = platform(faceted.hits[0]), b = platform(faceted.hits[2]);
  for (const char* facets : {"true", "false"}) {
    const auto two = search(with(q, {{"platform", a + "," + b}, {"facets", facets}}));
    EXPECT_EQ(two.total_platforms, 2u);
    ASSERT_EQ(two.hits.size(), 2u);
    EXPECT_EQ(two.total, *faceted.hits[0].more_from_platform + *faceted.hits[2].more_from_platform + 2);
    EXPECT_EQ(two.hits[0].more_from_platform, faceted.hits[0].more_from_platform);
  }
}

}  // namespace
}  // namespace clause::search
