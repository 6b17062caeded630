// The facets a search names (facets=document,clause_type, ...) and the range
// of `updated` dates (updated_after, updated_before): exact counts that
// follow the range like any filter, on the fixture index (issue 19, item 10).
#include "search/search_service.h"
#include "server/json_render.h"
#include "server/search_params.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/fixture_index.h"

namespace clause::search {
namespace {

using layout::Facet;
using server::ParamMap;
using server::parse_search;

using clause::testing::TempDir;

class SearchFacetsTest : public ::testing::Test {
 protected:
  void SetUp() override { service_ = open(clause::testing::fixture_records(), "index"); }

  std::unique_ptr<SearchService> open(const std::vector<ClauseRecord>& records, const std::string& name) {
    auto opened = SearchService::open(clause::testing::build_index(dir_, records, name));
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  static SearchResult search(const SearchService& service, const ParamMap& params) {
    auto request = parse_search(params);
    EXPECT_TRUE(request.ok()) << request.error().message;
    if (!request) return {};
    auto result = service.search(*request);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result.ok() ? *result : SearchResult{};
  }
  SearchResult search(const ParamMap& params) { return search(*service_, params); }

  static std::set<std::string> ids(const SearchResult& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits) out.insert(h.record["id"].get<std::string>());
    return out;
  }

  // slug -> count of one facet.
  static std::map<std::string, std::size_t> counts(const FacetList& facet) {
    std::map<std::string, std::size_t> out;
    for (const auto& e : facet.entries) out[e.slug] = e.count;
    return out;
  }

  TempDir dir_;
  std::unique_ptr<SearchService> service_;
};

using Counts = std::map<std::string, std::size_t>;

TEST_F(SearchFacetsTest, DocumentAndClauseTypeAreFacetsWhenNamed) {
  const auto r = search({{"facets", "document,clause_type"}});
  EXPECT_EQ(r.counted, (std::vector<Facet>{Facet::document, Facet::clause_type}));
  EXPECT_EQ(counts(r.document), (Counts{{"privacy-policy", 5}, {"terms-of-service", 7}}));
  EXPECT_EQ(r.document.entries[0].value, "Terms of Service");  // display names, most first
  EXPECT_EQ(counts(r.clause_type), (Counts{{"arbitration", 1}, {"class-action-waiver", 1},
                                           {"data-sold", 1}, {"no-warranty", 1}}));
  EXPECT_TRUE(r.platform.entries.empty());  // not named, not counted

  // Only the named facets reach the answer.
  const auto json = server::to_json(r);
  EXPECT_EQ(json["facets"].size(), 2u);
  EXPECT_EQ(json["facets"]["document"].size(), 2u);
  EXPECT_EQ(json["facet_info"]["clause_type"]["distinct"], 4);
  EXPECT_FALSE(json["facets"].contains("category"));
}

// The document facet follows the rule of every facet: counted with the query
// and the other filters, not its own.
TEST_F(SearchFacetsTest, TheDocumentFacetIgnoresItsOwnFilterOnly) {
  const auto r = search({{"q", "arbitration"}, {"document", "privacy-policy"},
                         {"facets", "document,platform"}});
  EXPECT_EQ(r.total, 0u);
  EXPECT_EQ(counts(r.document), (Counts{{"terms-of-service", 3}}));
  EXPECT_TRUE(r.platform.entries.empty());
  const auto all = search({{"facets", "category,severity,platform,document,clause_type"}});
  EXPECT_EQ(all.counted.size(), 5u);
  EXPECT_EQ(counts(all.platform).size(), 5u);
}

TEST_F(SearchFacetsTest, UpdatedRangeIsInclusiveAndLeavesUndatedClausesOut) {
  // Dated fixture clauses: umbrella-1 2022-07-15, acme-1 2023-01-10,
  // globex-1 2024-03-02, umbrella-2 2024-05-01.
  EXPECT_EQ(ids(search({{"updated_after", "2023-01-10"}})),
            (std::set<std::string>{"acme-1", "globex-1", "umbrella-2"}));
  EXPECT_EQ(ids(search({{"updated_before", "2023-01-10"}})),
            (std::set<std::string>{"acme-1", "umbrella-1"}));
  EXPECT_EQ(ids(search({{"updated_after", "2023-01-10"}, {"updated_before", "2024-03-02"}})),
            (std::set<std::string>{"acme-1", "globex-1"}));
  EXPECT_EQ(search({{"updated_after", "2024-05-02"}}).total, 0u);
  EXPECT_EQ(search({{"updated_after", "2024-03-02"}, {"updated_before", "2024-03-02"}}).total, 1u);
}

// Every facet, its own filter left out or not, counts within the range.
TEST_F(SearchFacetsTest, FacetCountsFollowTheDateRange) {
  const ParamMap range{{"updated_after", "2023-01-01"},
                       {"facets", "category,severity,platform,document,clause_type"}};
  const auto r = search(range);
  EXPECT_EQ(r.total, 3u);  // acme-1, globex-1, umbrella-2
  EXPECT_EQ(counts(r.platform), (Counts{{"acme", 1}, {"globex", 1}, {"umbrella-corp", 1}}));
  EXPECT_EQ(counts(r.severity), (Counts{{"high", 3}}));
  EXPECT_EQ(counts(r.document), (Counts{{"privacy-policy", 1}, {"terms-of-service", 2}}));
  EXPECT_EQ(counts(r.clause_type), (Counts{{"arbitration", 1}}));
  EXPECT_EQ(counts(r.category), (Counts{{"data-sharing", 1}, {"dispute-resolution", 1}, {"termination", 1}}));

  ParamMap filtered = range;
  filtered.emplace("platform", "umbrella-corp");
  const auto f = search(filtered);
  EXPECT_EQ(ids(f), (std::set<std::string>{"umbrella-2"}));
  // The platform facet leaves out its own filter, never the range.
  EXPECT_EQ(counts(f.platform), (Counts{{"acme", 1}, {"globex", 1}, {"umbrella-corp", 1}}));
  EXPECT_EQ(counts(f.document), (Counts{{"privacy-policy", 1}}));
}

// Stored dates may carry a time: the day given as updated_before includes
// every time of that day.
TEST_F(SearchFacetsTest, ADateWithATimeIsInItsDay) {
  const auto service = open({clause::testing::record_from_json(
                                 R"({"id":"t1","platform":"P","document":"D","text":"late in the day",)"
                                 R"("updated":"2024-05-01T23:59:59Z"})"),
                             clause::testing::record_from_json(
                                 R"({"id":"t2","platform":"P","document":"D","text":"next morning",)"
                                 R"("updated":"2024-05-02 08:00"})")},
                            "timed");
  ASSERT_TRUE(service);
  EXPECT_EQ(ids(search(*service, {{"updated_before", "2024-05-01"}})), (std::set<std::string>{"t1"}));
  EXPECT_EQ(ids(search(*service, {{"updated_after", "2024-05-02"}})), (std::set<std::string>{"t2"}));
  EXPECT_EQ(ids(search(*service, {{"updated_after", "2024-05-01"}, {"updated_before", "2024-05-01"}})),
            (std::set<std::string>{"t1"}));
}

}  // namespace
}  // namespace clause::search
