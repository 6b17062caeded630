// SearchService against a real index built from tests/fixtures: results,
// exact facet counts that follow filters, phrases of stop words, stemming
// decisions, snippets, spelling, sorting and reload after a new commit.
#include "search/search_service.h"
#include "server/search_params.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "tests/fixture_index.h"

namespace clause::search {
namespace {

// Requests are parsed as the server parses them.
using server::ParamMap;
using server::parse_search;

using clause::testing::TempDir;

class SearchServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = clause::testing::build_index(dir_, clause::testing::fixture_records());
    auto opened = SearchService::open(path_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(*opened);
  }

  SearchResult search(const ParamMap& params) {
    auto request = parse_search(params);
    EXPECT_TRUE(request.ok()) << request.error().message;
    auto result = service_->search(*request);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result.ok() ? *result : SearchResult{};
  }

  static std::set<std::string> ids(const SearchResult& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits) out.insert(h.record["id"].get<std::string>());
    return out;
  }

  static std::size_t count_of(const FacetList& facet, const std::string& slug) {
    for (const auto& e : facet.entries) {
      if (e.slug == slug) return e.count;
    }
    return 0;
  }

  static std::size_t sum(const FacetList& facet) {
    return std::accumulate(facet.entries.begin(), facet.entries.end(), std::size_t{0},
                           [](std::size_t n, const FacetEntry& e) { return n + e.count; });
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<SearchService> service_;
};

TEST_F(SearchServiceTest, FindsByKeywordWithStemming) {
  const auto r = search({{"q", "disputes"}});  // stemmed: finds "dispute" and "Disputes"
  EXPECT_EQ(ids(r), (std::set<std::string>{"acme-1", "globex-3", "hooli-2"}));
  EXPECT_EQ(r.total, 3u);
  EXPECT_GT(r.hits[0].score, 0.0);
}

TEST_F(SearchServiceTest, PhrasesOfStopWordsMatch) {
  EXPECT_EQ(ids(search({{"q", "\"as is\""}})), (std::set<std::string>{"acme-3"}));
  EXPECT_EQ(ids(search({{"q", "\"at any time\""}})),
            (std::set<std::string>{"globex-1", "umbrella-1"}));
}

// Decision (schema 2): the index holds stems only, so a phrase matches its
// words' stems in order: "third parties" finds "third party" too, as with
// most search engines; the words must still be adjacent and in order.
TEST_F(SearchServiceTest, PhrasesMatchStemsInOrder) {
  EXPECT_EQ(ids(search({{"q", "\"third parties\""}})),
            (std::set<std::string>{"acme-2", "globex-2", "umbrella-2"}));
  EXPECT_TRUE(ids(search({{"q", "\"parties third\""}})).empty());
  EXPECT_EQ(ids(search({{"q", "third parties"}})),
            (std::set<std::string>{"acme-2", "globex-2", "umbrella-2"}));
}

TEST_F(SearchServiceTest, BooleanOperatorsWildcardsAndFieldPrefixes) {
  EXPECT_EQ(search({{"q", "arbitration NOT delaware"}}).total, 2u);
  EXPECT_EQ(search({{"q", "cookies OR warranty"}}).total, 3u);
  EXPECT_EQ(ids(search({{"q", "arbitr*"}})), (std::set<std::string>{"acme-1", "globex-3", "hooli-2"}));
  EXPECT_EQ(ids(search({{"q", "arbitration platform:acme"}})), (std::set<std::string>{"acme-1"}));
  EXPECT_EQ(ids(search({{"q", "arbitration platform:\"Acme\""}})), (std::set<std::string>{"acme-1"}));
  EXPECT_EQ(ids(search({{"q", "title:warranty"}})), (std::set<std::string>{"acme-3"}));
  EXPECT_EQ(ids(search({{"q", "title:warrant*"}})), (std::set<std::string>{"acme-3"}));
  EXPECT_EQ(ids(search({{"q", "type:arbitration"}})), (std::set<std::string>{"acme-1"}));
  EXPECT_EQ(search({{"q", "category:\"Data sharing\""}}).total, 3u);
  EXPECT_EQ(search({{"q", "severity:critical"}}).total, 2u);
  EXPECT_EQ(search({{"q", "document:privacy-policy cookies"}}).total, 2u);
}

// The index holds stems, and "arbitration" stems to "arbitr": a wildcard
// longer than the stem still finds it (through the spelling words), a
// wildcard is a word of its own (AND, NOT), and quoted stars are not one.
TEST_F(SearchServiceTest, WildcardsFindWordsWhoseStemIsShorter) {
  EXPECT_EQ(ids(search({{"q", "arbitrati*"}})), (std::set<std::string>{"acme-1", "globex-3", "hooli-2"}));
  EXPECT_EQ(ids(search({{"q", "ARBITRATI* -delaware"}})).size(), 2u);
  EXPECT_TRUE(ids(search({{"q", "zzzqqq*"}})).empty());
  // (Without autocorrect: the spelling correction "arbitration" has hits.)
  EXPECT_TRUE(search({{"q", "\"arbitrati*\""}, {"autocorrect", "false"}}).hits.empty());
}

TEST_F(SearchServiceTest, EmptyQueryBrowsesEverythingOrTheFilteredSet) {
  EXPECT_EQ(search({}).total, 12u);
  const auto r = search({{"category", "data-sharing"}});
  EXPECT_EQ(ids(r), (std::set<std::string>{"acme-2", "globex-2", "umbrella-2"}));
}

TEST_F(SearchServiceTest, FiltersByNameOrSlugOrWithinAndAcross) {
  EXPECT_EQ(search({{"platform", "Umbrella Corp"}}).total, 2u);
  EXPECT_EQ(search({{"platform", "umbrella-corp"}}).total, 2u);
  EXPECT_EQ(search({{"platform", "acme,globex"}}).total, 6u);
  EXPECT_EQ(search({{"platform", "acme"}, {"platform", "Globex"}}).total, 6u);
  EXPECT_EQ(ids(search({{"platform", "acme,globex"}, {"category", "Data sharing"}})),
            (std::set<std::string>{"acme-2", "globex-2"}));
  EXPECT_EQ(search({{"severity", "high,critical"}, {"document", "Terms of Service"}}).total, 4u);
  EXPECT_EQ(search({{"clause_type", "No warranty"}}).total, 1u);
}

TEST_F(SearchServiceTest, FacetCountsAreExactAndAddUp) {
  const auto all = search({});
  EXPECT_EQ(sum(all.platform), 12u);           // one platform per clause
  EXPECT_EQ(sum(all.severity), 11u);           // hooli-2 has no severity
  EXPECT_EQ(count_of(all.category, "tracking-cookies"), 3u);  // acme-2 counts in two categories
  EXPECT_EQ(count_of(all.category, "data-sharing"), 3u);
  EXPECT_EQ(all.platform.distinct, 5u);
  EXPECT_FALSE(all.platform.truncated);
  const auto q = search({{"q", "arbitration"}});
  EXPECT_EQ(sum(q.platform), q.total);
  EXPECT_EQ(count_of(q.platform, "hooli"), 1u);
}

// Each facet is counted with the query and the OTHER filters: the category
// facet still shows the other categories while one is selected.
TEST_F(SearchServiceTest, FacetCountsFollowTheOtherFilters) {
  const auto r = search({{"category", "data-sharing"}, {"severity", "high"}});
  EXPECT_EQ(r.total, 1u);  // umbrella-2
  EXPECT_EQ(count_of(r.category, "data-sharing"), 1u);
  EXPECT_EQ(count_of(r.category, "dispute-resolution"), 1u);  // acme-1 is high
  EXPECT_EQ(count_of(r.category, "termination"), 1u);         // globex-1
  EXPECT_EQ(count_of(r.severity, "high"), 1u);
  EXPECT_EQ(count_of(r.severity, "critical"), 1u);  // acme-2, in data sharing
  EXPECT_EQ(count_of(r.severity, "medium"), 1u);    // globex-2
  EXPECT_EQ(sum(r.platform), 1u);                   // both filters apply
  EXPECT_EQ(count_of(r.platform, "umbrella-corp"), 1u);
}

// facets=false counts nothing; the total stays exact and the hits the same.
// A single word whose matches outrun the page is counted from Xapian's
// statistics, not by weighing every match: the total must not change.
TEST_F(SearchServiceTest, WithoutFacetsTheTotalAndHitsStay) {
  for (const ParamMap& params : std::vector<ParamMap>{{{"q", "arbitration"}},
                                                      {{"q", "data"}, {"limit", "1"}},
                                                      {{"q", "data"}, {"offset", "1"}, {"limit", "1"}},
                                                      {{"category", "data-sharing"}},
                                                      {{"q", "cookies"}, {"severity", "high,low"}}}) {
    ParamMap bare = params;
    bare.emplace("facets", "false");
    const auto with = search(params);
    const auto without = search(bare);
    EXPECT_EQ(without.total, with.total);
    if (params.count("limit")) {
      EXPECT_GT(with.total, 1u);  // more matches than the page of one
    }
    EXPECT_EQ(ids(without), ids(with));
    EXPECT_EQ(with.counted.size(), 3u);
    EXPECT_TRUE(without.counted.empty());
    for (const auto* f : {&without.category, &without.severity, &without.platform}) {
      EXPECT_TRUE(f->entries.empty());
      EXPECT_EQ(f->distinct, 0u);
    }
  }
}

// Three filters at once: every facet is counted in a match of its own, each
// with the other two filters; the figures follow from the fixture by hand.
TEST_F(SearchServiceTest, EveryFacetWithItsOwnFilterIsCountedWithTheOthers) {
  const auto r = search({{"category", "data-sharing"}, {"severity", "high,critical"},
                         {"platform", "acme,umbrella-corp"}});
  EXPECT_EQ(ids(r), (std::set<std::string>{"acme-2", "umbrella-2"}));
  EXPECT_EQ(count_of(r.category, "data-sharing"), 2u);
  EXPECT_EQ(count_of(r.category, "dispute-resolution"), 1u);  // acme-1
  EXPECT_EQ(count_of(r.category, "tracking-cookies"), 1u);    // acme-2's second category
  EXPECT_EQ(r.category.distinct, 3u);
  EXPECT_EQ(count_of(r.severity, "critical"), 1u);
  EXPECT_EQ(count_of(r.severity, "high"), 1u);
  EXPECT_EQ(count_of(r.platform, "acme"), 1u);
  EXPECT_EQ(count_of(r.platform, "umbrella-corp"), 1u);
}

TEST_F(SearchServiceTest, FacetEntriesCarryDisplayNamesAndAreCutAtTheLimit) {
  const auto r = search({{"facet_limit", "2"}});
  ASSERT_EQ(r.platform.entries.size(), 2u);
  EXPECT_TRUE(r.platform.truncated);
  EXPECT_EQ(r.platform.distinct, 5u);
  EXPECT_EQ(r.platform.entries[0].count, 3u);
  const auto named = search({{"platform", "umbrella-corp"}});
  EXPECT_EQ(named.platform.entries.size(), 5u);  // other platforms stay visible
  for (const auto& e : search({}).category.entries) {
    if (e.slug == "tracking-cookies") {
      EXPECT_EQ(e.value, "Tracking & cookies");
    }
  }
}

TEST_F(SearchServiceTest, SnippetsMarkMatchesAndEscapeEverythingElse) {
  const auto r = search({{"q", "cookies"}, {"platform", "hooli"}});
  ASSERT_EQ(r.hits.size(), 1u);
  const std::string& s = r.hits[0].snippet;
  EXPECT_NE(s.find("<mark>Cookies</mark>"), std::string::npos) << s;
  EXPECT_EQ(s.find("<script"), std::string::npos) << s;
  EXPECT_NE(s.find("&lt;script&gt;"), std::string::npos) << s;
  EXPECT_EQ(s.find("<b>"), std::string::npos) << s;
  std::string without_marks = s;
  for (const std::string tag : {"<mark>", "</mark>"}) {
    for (auto p = without_marks.find(tag); p != std::string::npos; p = without_marks.find(tag)) {
      without_marks.erase(p, tag.size());
    }
  }
  EXPECT_EQ(without_marks.find('<'), std::string::npos) << s;
  EXPECT_EQ(without_marks.find('>'), std::string::npos) << s;
}

TEST_F(SearchServiceTest, SuggestsASpellingCorrection) {
  const auto r = search({{"q", "arbitraton"}});
  ASSERT_TRUE(r.corrected_query.has_value());
  EXPECT_EQ(*r.corrected_query, "arbitration");
  EXPECT_FALSE(search({{"q", "arbitration"}}).corrected_query.has_value());
  // Wildcards come back to the user as they typed them. (Unsearched: with
  // autocorrect on, a correction without hits, as this one, is not offered.)
  const auto w = search({{"q", "arbitraton title:warrant*"}, {"autocorrect", "false"}});
  ASSERT_TRUE(w.corrected_query.has_value());
  EXPECT_EQ(*w.corrected_query, "arbitration title:warrant*");
}

// Xapian would "correct" a word the index has into a more frequent one
// ("any" -> "and"); only words that match nothing are corrected.
TEST_F(SearchServiceTest, DoesNotCorrectWordsTheIndexHas) {
  std::vector<ClauseRecord> records;
  for (int i = 0; i < 5; ++i) {
    records.push_back(clause::testing::record_from_json(
        R"({"id":"and-)" + std::to_string(i) +
        R"(","platform":"P","document":"D","text":"terms and rules and more and arbitration"})"));
  }
  records.push_back(clause::testing::record_from_json(
      R"({"id":"any","platform":"P","document":"D","text":"changes at any time"})"));
  auto opened = SearchService::open(clause::testing::build_index(dir_, records, "and-index"));
  ASSERT_TRUE(opened.ok());
  // The corrections as made, unsearched: "any" and "arbitration" share no
  // clause here, and with autocorrect on a correction without hits is not offered.
  const auto run = [&](const std::string& q) {
    return (*opened)->search(*parse_search({{"q", q}, {"autocorrect", "false"}}));
  };
  EXPECT_FALSE(run("\"at any time\"")->corrected_query.has_value());
  EXPECT_FALSE(run("any")->corrected_query.has_value());
  EXPECT_EQ(run("Any arbitraton")->corrected_query, "Any arbitration");
  // Typographic quotes and dashes are not part of the words they touch.
  EXPECT_FALSE(run("\u201cat any time\u201d")->corrected_query.has_value());
  EXPECT_FALSE(run("\u00abany\u00bb")->corrected_query.has_value());
  EXPECT_FALSE(run("time\u2014any")->corrected_query.has_value());
  EXPECT_EQ(run("\u00abarbitraton\u00bb")->corrected_query, "\u00abarbitration\u00bb");
}

TEST_F(SearchServiceTest, PagesAndSorts) {
  const auto page1 = search({{"limit", "5"}, {"sort", "severity"}});
  const auto page2 = search({{"limit", "5"}, {"offset", "5"}, {"sort", "severity"}});
  const auto page3 = search({{"limit", "5"}, {"offset", "10"}, {"sort", "severity"}});
  EXPECT_EQ(page1.hits.size(), 5u);
  EXPECT_EQ(page3.hits.size(), 2u);
  EXPECT_EQ(page1.total, 12u);
  EXPECT_EQ(page1.hits[0].record["severity"], "critical");
  EXPECT_FALSE(page3.hits.back().record.contains("severity"));
  std::set<std::string> seen = ids(page1);
  for (const auto& p : {page2, page3}) {
    for (const auto& id : ids(p)) EXPECT_TRUE(seen.insert(id).second) << id << " on two pages";
  }
  EXPECT_EQ(seen.size(), 12u);
  EXPECT_EQ(search({{"sort", "platform"}, {"limit", "1"}}).hits[0].record["platform"], "Acme");
  EXPECT_EQ(search({{"sort", "updated"}, {"limit", "1"}}).hits[0].record["id"], "umbrella-2");
}

TEST_F(SearchServiceTest, UnknownFilterValuesAndMalformedQueriesNameTheParameter) {
  auto req = parse_search({{"category", "no-such-category"}});
  ASSERT_TRUE(req.ok());
  auto r = service_->search(*req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(r.error().field, "category");

  auto bad = service_->search(*parse_search({{"q", "arbitration AND"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "q");
  // Xapian's grammar message, then what usually causes it and the fix.
  EXPECT_EQ(bad.error().message.rfind("malformed query: ", 0), 0u) << bad.error().message;
  EXPECT_NE(bad.error().message.find("in lower case"), std::string::npos) << bad.error().message;
  EXPECT_TRUE(service_->search(*parse_search({{"q", "arbitration and"}})).ok());
}

TEST_F(SearchServiceTest, SeesANewCommitWithoutReopening) {
  EXPECT_EQ(search({{"q", "telemetry"}}).total, 0u);
  clause::testing::add_to_index(
      path_, {clause::testing::record_from_json(
                 R"({"id":"new-1","platform":"Newco","document":"Terms","text":"We collect telemetry."})")});
  const auto r = search({{"q", "telemetry"}});
  EXPECT_EQ(ids(r), (std::set<std::string>{"new-1"}));
  const auto all = search({});
  EXPECT_EQ(all.total, 13u);
  // The facet columns were read at the previous revision: they are rebuilt.
  EXPECT_EQ(count_of(all.platform, "newco"), 1u);
  EXPECT_EQ(sum(all.platform), 13u);
}

TEST_F(SearchServiceTest, ReturnsAClauseByIdOrNotFound) {
  auto c = service_->clause("globex-2");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)["platform"], "Globex");
  auto missing = service_->clause("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

// Records are cached per index revision: a commit that changes a record is
// seen by the next lookup, and the text is the stored JSON as it is.
TEST_F(SearchServiceTest, AClauseChangedByACommitIsSeenByTheNextLookup) {
  const auto before = service_->clause_text("globex-2");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(*before, nlohmann::json::parse(*before).dump());
  EXPECT_EQ(*service_->clause_text("globex-2"), *before);  // from the cache
  clause::testing::add_to_index(
      path_, {clause::testing::record_from_json(
                 R"({"id":"globex-2","platform":"Globex","document":"Terms","text":"Rewritten."})")});
  const auto after = service_->clause("globex-2");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)["text"], "Rewritten.");
  EXPECT_EQ(service_->clause_text("nope").error().kind, ErrorKind::not_found);
}

TEST_F(SearchServiceTest, OpensAStubDatabaseListingShards) {
  const std::string second = clause::testing::build_index(
      dir_, {clause::testing::record_from_json(
                R"({"id":"shard-1","platform":"Shardco","document":"Terms","text":"Sharded arbitration."})")},
      "second");
  const std::string stub = dir_.write("all.stub", "auto " + path_ + "\nauto " + second + "\n");
  auto opened = SearchService::open(stub);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto r = (*opened)->search(*parse_search({{"q", "arbitration"}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 4u);
  EXPECT_EQ(r->platform.distinct, 4u);  // acme, globex, hooli, shardco
  EXPECT_EQ((*(*opened)->clause("shard-1"))["platform"], "Shardco");
  auto info = (*opened)->info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->clauses, 13u);
  EXPECT_EQ(info->platforms, 6u);
}

TEST_F(SearchServiceTest, RefusesAPathThatIsNoIndex) {
  auto opened = SearchService::open(dir_.file("missing"));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::unavailable);
}

// Lists are in the order a reader expects, whatever the case of the names:
// "Acceptable use" before "AI & automated processing", "bank" before "Zeta".
TEST(SearchServiceLists, CategoriesAndPlatformsSortByNameIgnoringCase) {
  TempDir dir;
  std::vector<ClauseRecord> records;
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"Zeta", "AI & automated processing"}, {"acme", "Acceptable use"},
      {"Bolt", "bank fees"}, {"Zeta", "Zero-rating"}, {"Zeta", "Acceptable use"}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    records.push_back(clause::testing::record_from_json(
        nlohmann::json{{"id", "r" + std::to_string(i)}, {"platform", rows[i].first},
                       {"document", "Terms"}, {"text", "Some clause text."},
                       {"categories", {rows[i].second}}}.dump()));
  }
  auto service = SearchService::open(clause::testing::build_index(dir, records));
  ASSERT_TRUE(service.ok()) << service.error().message;
  auto names = [](const auto& list) {
    std::vector<std::string> out;
    for (const auto& n : list) out.push_back(n.name);
    return out;
  };
  const std::vector<std::string> categories = {"Acceptable use", "AI & automated processing",
                                               "bank fees", "Zero-rating"};
  auto listed = (*service)->categories();
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(names(*listed), categories);
  auto platforms = (*service)->platforms();
  ASSERT_TRUE(platforms.ok());
  EXPECT_EQ(names(*platforms), (std::vector<std::string>{"acme", "Bolt", "Zeta"}));

  PlatformRequest zeta;
  zeta.slug = "zeta";
  auto summary = (*service)->platform(zeta);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(names(summary->by_category),
            (std::vector<std::string>{"Acceptable use", "AI & automated processing", "Zero-rating"}));
}

}  // namespace
}  // namespace clause::search
