// Parameter parsing: typed requests, defaults, limits, and errors that name
// the parameter.
#include "server/search_params.h"

#include <gtest/gtest.h>

namespace clause::server {
namespace {

TEST(SearchParams, Defaults) {
  auto r = parse_search({});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->q, "");
  EXPECT_EQ(r->page.limit, 10u);
  EXPECT_EQ(r->page.offset, 0u);
  EXPECT_EQ(r->sort, SortOrder::relevance);
  EXPECT_EQ(r->facet_limit, limits::kDefaultFacetLimit);
  EXPECT_EQ(r->facets, (std::vector<layout::Facet>{layout::Facet::category, layout::Facet::severity,
                                                    layout::Facet::platform}));
  EXPECT_TRUE(r->filters.empty());
  EXPECT_TRUE(r->updated.empty());
}

TEST(SearchParams, LangIsASupportedCodeEnglishByDefault) {
  EXPECT_EQ(parse_search({})->lang, "en");
  EXPECT_EQ(parse_search({{"lang", "FR"}})->lang, "fr");
  EXPECT_EQ(parse_search({{"lang", " nl "}})->lang, "nl");
  EXPECT_EQ(parse_search({{"language", "fr,de"}})->filters[layout::Facet::language],
            (std::vector<std::string>{"fr", "de"}));
  for (const ParamMap& bad : std::vector<ParamMap>{{{"lang", "french"}},
                                                   {{"lang", "xx"}},
                                                   {{"lang", ""}},
                                                   {{"lang", "fr"}, {"lang", "de"}}}) {
    auto r = parse_search(bad);
    ASSERT_FALSE(r.ok()) << bad.begin()->second;
    EXPECT_EQ(r.error().field, "lang");
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
  }
}

TEST(SearchParams, FacetsIsASwitchOrAListOfFacetNamesGivenOnce) {
  using layout::Facet;
  const std::vector<Facet> defaults(std::begin(kDefaultFacets), std::end(kDefaultFacets));
  EXPECT_TRUE(parse_search({{"facets", "false"}})->facets.empty());
  EXPECT_TRUE(parse_search({{"facets", " 0 "}})->facets.empty());
  EXPECT_EQ(parse_search({{"facets", "true"}})->facets, defaults);
  EXPECT_EQ(parse_search({{"facets", "1"}})->facets, defaults);
  EXPECT_EQ(parse_search({{"facets", "document"}})->facets, std::vector<Facet>{Facet::document});
  EXPECT_EQ(parse_search({{"facets", "language"}})->facets, std::vector<Facet>{Facet::language});
  EXPECT_EQ(parse_search({{"facets", "clause_type, platform,clause_type"}})->facets,
            (std::vector<Facet>{Facet::clause_type, Facet::platform}));
  for (const ParamMap& bad : std::vector<ParamMap>{{{"facets", "no"}},
                                                   {{"facets", ""}},
                                                   {{"facets", "document,"}},
                                                   {{"facets", "documents"}},
                                                   {{"facets", "false"}, {"facets", "true"}}}) {
    auto r = parse_search(bad);
    ASSERT_FALSE(r.ok()) << bad.begin()->second;
    EXPECT_EQ(r.error().field, "facets");
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
  }
  EXPECT_NE(parse_search({{"facets", "documents"}}).error().message.find(
                "category, severity, platform, document, clause_type, language, type_source; got 'documents'"),
            std::string::npos);
}

TEST(SearchParams, UpdatedRangeTakesCalendarDatesInOrder) {
  auto r = parse_search({{"updated_after", "2024-02-29"}, {"updated_before", " 2024-03-01 "}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->updated.after, "2024-02-29");
  EXPECT_EQ(r->updated.before, "2024-03-01");
  EXPECT_EQ(parse_search({{"updated_before", "2024-03-01"}})->updated.after, "");
  EXPECT_TRUE(parse_search({{"updated_after", "2024-03-01"}, {"updated_before", "2024-03-01"}}).ok());
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"updated_after", "2023-02-29"}, {"updated_after", "2024-13-01"},
           {"updated_before", "2024-04-31"}, {"updated_before", "2024-3-1"},
           {"updated_after", "yesterday"}, {"updated_before", "2024-03-01T10:00"},
           {"updated_after", "+024-03-01"}, {"updated_before", ""}}) {
    auto bad = parse_search({{name, value}});
    ASSERT_FALSE(bad.ok()) << name << "=" << value;
    EXPECT_EQ(bad.error().field, name);
    EXPECT_EQ(bad.error().message, "parameter '" + name + "': expected a date YYYY-MM-DD, got '" + value + "'");
  }
  auto reversed = parse_search({{"updated_after", "2024-03-02"}, {"updated_before", "2024-03-01"}});
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.error().field, "updated_after");
  EXPECT_NE(reversed.error().message.find("later than 'updated_before'"), std::string::npos);
  auto twice = parse_search({{"updated_after", "2024-03-02"}, {"updated_after", "2024-03-03"}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().field, "updated_after");
}

TEST(SearchParams, FiltersRepeatOrTakeCommaListsAndBecomeSlugs) {
  auto r = parse_search({{"category", "Dispute resolution, Tracking & cookies"},
                         {"category", "dispute-resolution"},
                         {"platform", "Vinted"},
                         {"severity", "HIGH"},
                         {"q", "  as is  "}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->filters[layout::Facet::category], (std::vector<std::string>{"dispute-resolution", "tracking-cookies"}));
  EXPECT_EQ(r->filters[layout::Facet::platform], (std::vector<std::string>{"vinted"}));
  EXPECT_EQ(r->filters[layout::Facet::severity], (std::vector<std::string>{"high"}));
  EXPECT_EQ(r->q, "as is");
}

TEST(SearchParams, LimitsAndOffsetsHaveBounds) {
  EXPECT_TRUE(parse_search({{"limit", "100"}, {"offset", "10000"}}).ok());
  EXPECT_TRUE(parse_search({{"limit", "0"}}).ok());
  for (const ParamMap& bad : std::vector<ParamMap>{{{"limit", "101"}},
                                                   {{"limit", "-1"}},
                                                   {{"limit", "1.5"}},
                                                   {{"limit", ""}},
                                                   {{"limit", "99999999999999999999999"}},
                                                   {{"offset", "10001"}},
                                                   {{"facet_limit", "1001"}}}) {
    auto r = parse_search(bad);
    ASSERT_FALSE(r.ok()) << bad.begin()->first << "=" << bad.begin()->second;
    EXPECT_EQ(r.error().field, bad.begin()->first);
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
  }
}

TEST(SearchParams, RejectsUnknownParametersByName) {
  auto r = parse_search({{"categroy", "x"}, {"q", "a"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "categroy");
  EXPECT_NE(r.error().message.find("'categroy'"), std::string::npos);
  EXPECT_NE(r.error().message.find("category"), std::string::npos);  // says what is known
}

TEST(SearchParams, RejectsBadValues) {
  EXPECT_EQ(parse_search({{"severity", "extreme"}}).error().field, "severity");
  EXPECT_EQ(parse_search({{"sort", "random"}}).error().field, "sort");
  EXPECT_EQ(parse_search({{"q", "a"}, {"q", "b"}}).error().field, "q");
  EXPECT_EQ(parse_search({{"platform", "!!!"}}).error().field, "platform");
  EXPECT_EQ(parse_search({{"q", "\xff"}}).error().field, "q");
  EXPECT_EQ(parse_search({{"q", std::string(limits::kMaxQueryBytes + 1, 'a')}}).error().field, "q");
}

// collapse=platform, issue 19 item 4: a bad value is a 400 naming `collapse`.
TEST(SearchParams, CollapseIsPlatformOrNone) {
  EXPECT_EQ(parse_search({})->collapse, Collapse::none);
  EXPECT_EQ(parse_search({{"collapse", "platform"}})->collapse, Collapse::platform);
  EXPECT_EQ(parse_search({{"collapse", "none"}})->collapse, Collapse::none);
  EXPECT_EQ(parse_search({{"collapse", ""}})->collapse, Collapse::none);
  for (const ParamMap& bad : std::vector<ParamMap>{{{"collapse", "category"}},
                                                   {{"collapse", "platforms"}},
                                                   {{"collapse", "platform"}, {"collapse", "platform"}}}) {
    auto r = parse_search(bad);
    ASSERT_FALSE(r.ok()) << bad.begin()->second;
    EXPECT_EQ(r.error().field, "collapse");
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
  }
  EXPECT_NE(parse_search({{"collapse", "x"}}).error().message.find("platform"), std::string::npos);
}

// offset on /similar (issue 19 item 9): the search's bounds, named when wrong.
TEST(SearchParams, SimilarOffsetHasTheSearchBounds) {
  EXPECT_EQ(parse_similar("a", {})->offset, 0u);
  EXPECT_EQ(parse_similar("a", {{"offset", "10000"}})->offset, 10000u);
  for (const char* bad : {"-1", "10001", "x", ""}) {
    auto r = parse_similar("a", {{"offset", bad}});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "offset");
  }
  EXPECT_EQ(parse_similar_text(R"({"text": "t", "offset": 20})")->offset, 20u);
  EXPECT_EQ(parse_similar_text(R"({"text": "t", "offset": null})")->offset, 0u);
  for (const char* bad : {R"({"text": "t", "offset": -1})", R"({"text": "t", "offset": 10001})",
                          R"({"text": "t", "offset": "5"})", R"({"text": "t", "offset": 1.5})"}) {
    auto r = parse_similar_text(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "offset");
  }
}

// A field given twice is refused by name, as a repeated query parameter
// with two values is; the same names inside a nested value are no repeat.
TEST(SearchParams, SimilarBodyFieldGivenTwice) {
  auto twice = parse_similar_text(R"({"text": "data", "limit": 10, "limit": 20})");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().field, "limit");
  EXPECT_NE(twice.error().message.find("given twice"), std::string::npos) << twice.error().message;
  EXPECT_EQ(parse_similar_text(R"({"text": "a", "text": "a"})").error().field, "text");
  EXPECT_TRUE(parse_similar_text(R"({"text": "data", "limit": 10})").ok());
}

TEST(SearchParams, SortOrders) {
  EXPECT_EQ(parse_search({{"sort", "severity"}})->sort, SortOrder::severity);
  EXPECT_EQ(parse_search({{"sort", "platform"}})->sort, SortOrder::platform);
  EXPECT_EQ(parse_search({{"sort", "updated"}})->sort, SortOrder::updated);
  EXPECT_EQ(parse_search({{"sort", "relevance"}})->sort, SortOrder::relevance);
}

TEST(SearchParams, BrowsingRequests) {
  auto c = parse_category("Dispute resolution", {{"severity", "high"}, {"limit", "5"}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->slug, "dispute-resolution");
  EXPECT_EQ(c->page.limit, 5u);
  EXPECT_EQ(parse_category("!!", {}).error().kind, ErrorKind::not_found);
  EXPECT_EQ(parse_category("x", {{"q", "y"}}).error().field, "q");
  EXPECT_EQ(parse_platform("Umbrella Corp", {})->slug, "umbrella-corp");
  EXPECT_FALSE(parse_no_params({{"x", "1"}}).ok());
  EXPECT_TRUE(parse_no_params({}).ok());
}

TEST(SearchParams, CompareNeedsExactlyOneCategory) {
  EXPECT_EQ(parse_compare({}).error().field, "category");
  EXPECT_EQ(parse_compare({{"category", "a,b"}}).error().field, "category");
  auto r = parse_compare({{"category", "Liability"}, {"platforms", "b,a"}, {"per_platform", "2"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->platforms, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(r->per_platform, 2u);
  EXPECT_EQ(parse_compare({{"category", "x"}, {"per_platform", "51"}}).error().field, "per_platform");
}

// Platforms asked by name all get a row unless the request pages them.
TEST(SearchParams, CompareRowsForEveryPlatformAsked) {
  std::string twelve, many;
  for (int i = 0; i < 12; ++i) twelve += (i ? "," : "") + std::string("p") + std::to_string(i);
  for (int i = 0; i < 100; ++i) many += (i ? "," : "") + std::string("p") + std::to_string(i);
  EXPECT_EQ(parse_compare({{"category", "x"}, {"platforms", twelve}})->page.limit, 12u);
  EXPECT_EQ(parse_compare({{"category", "x"}, {"platforms", many}})->page.limit, 100u);
  EXPECT_EQ(parse_compare({{"category", "x"}, {"platforms", many + ",one-more"}}).error().field, "platforms");
  EXPECT_EQ(parse_compare({{"category", "x"}, {"platforms", twelve}, {"limit", "5"}})->page.limit, 5u);
  EXPECT_EQ(parse_compare({{"category", "x"}})->page.limit, 10u);  // every platform: paged by default
}

// A body that is not JSON says where it breaks, so a client can find the
// mistake in a long text; the error still names the field "body".
TEST(SimilarTextParams, InvalidJsonSaysWhere) {
  const std::string body = R"({"text": "arbitration", limit: 3})";
  auto r = parse_similar_text(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "body");
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
  // The bad byte is the 'l' of the unquoted key (1-based offset 25).
  EXPECT_NE(r.error().message.find("not valid JSON at byte 25"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("line 1, column 25"), std::string::npos) << r.error().message;
  const auto multi = parse_similar_text("{\n  \"text\": \"a\",\n  \"limit\": 3,\n}");
  ASSERT_FALSE(multi.ok());
  EXPECT_NE(multi.error().message.find("line 4, column 1"), std::string::npos)
      << multi.error().message;
  const auto empty = parse_similar_text("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "body");
  EXPECT_NE(empty.error().message.find("not valid JSON"), std::string::npos) << empty.error().message;
}

// null for an optional field is the field left out; text is required.
TEST(SimilarTextParams, NullOptionalFieldsAreAbsent) {
  auto r = parse_similar_text(R"({"text": "arbitration", "platform": null, "limit": null})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->platform, "");
  EXPECT_EQ(r->limit, limits::kDefaultLimit);
  auto text = parse_similar_text(R"({"text": null})");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().field, "text");
  EXPECT_EQ(parse_similar_text(R"({"limit": null})").error().field, "text");
  EXPECT_EQ(parse_similar_text(R"({"text": "a", "colour": null})").error().field, "colour");
}

// An empty name is said to be one; integers with spaces are not integers.
TEST(SearchParams, EmptyNamesAndSpacedIntegersAreRefused) {
  auto r = parse_search({{"", "x"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("empty name"), std::string::npos) << r.error().message;
  EXPECT_NE(parse_no_params({{"", "5"}}).error().message.find("empty name"), std::string::npos);
  for (const ParamMap& bad : std::vector<ParamMap>{{{"limit", " 5"}},
                                                   {{"limit", "5 "}},
                                                   {{"offset", "\t3"}},
                                                   {{"facet_limit", "2\n"}},
                                                   {{"limit", "+5"}}}) {
    auto e = parse_search(bad);
    ASSERT_FALSE(e.ok()) << bad.begin()->first << "='" << bad.begin()->second << "'";
    EXPECT_EQ(e.error().field, bad.begin()->first);
  }
  EXPECT_EQ(parse_compare({{"category", "x"}, {"per_platform", " 2"}}).error().field, "per_platform");
  EXPECT_EQ(parse_similar("x", {{"limit", "3 "}}).error().field, "limit");
  EXPECT_EQ(parse_platform("x", {{"offset", " 1"}}).error().field, "offset");
}

}  // namespace
}  // namespace clause::server
