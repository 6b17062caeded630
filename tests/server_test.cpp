// Integration: the real server on an ephemeral loopback port, against an
// index built in the test, spoken to over HTTP with cpp-httplib's client.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "schema/index_layout.h"
#include "server/http_api.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "search/search_service.h"
#include "tests/fixture_index.h"
#include "tests/running_server.h"

namespace clause::server {
namespace {

using nlohmann::json;

using clause::testing::RunningServer;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    path_ = clause::testing::build_index(dir_, clause::testing::fixture_records());
    server_ = std::make_unique<RunningServer>(path_);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  // GETs target and parses the body as JSON; the content type must be JSON.
  json get(const std::string& target, int expected_status) {
    auto res = client_->Get(target.c_str());
    if (!res) {
      ADD_FAILURE() << "no response for " << target;
      return json();
    }
    EXPECT_EQ(res->status, expected_status) << target << "\n" << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << target;
    return json::parse(res->body, nullptr, false);
  }

  void expect_error(const std::string& target, int status, const std::string& parameter) {
    const json body = get(target, status);
    ASSERT_TRUE(body.contains("error")) << target << ": " << body.dump();
    EXPECT_TRUE(body["error"]["code"].is_string());
    EXPECT_TRUE(body["error"]["message"].is_string());
    if (!parameter.empty()) {
      EXPECT_EQ(body["error"].value("parameter", ""), parameter) << target;
    }
  }

  clause::testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServerTest, HealthzReportsIndexStatistics) {
  const json body = get("/healthz", 200);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["index"]["clauses"], 12);
  EXPECT_EQ(body["index"]["platforms"], 5);
  EXPECT_EQ(body["index"]["schema_version"], layout::schema_version_string());
  EXPECT_TRUE(body["index"]["revision"].is_number());
}

TEST_F(ServerTest, SearchAnswersTheContractShape) {
  const json body = get("/v1/search?q=arbitration&platform=Acme,globex", 200);
  EXPECT_EQ(body["total"], 2);
  ASSERT_EQ(body["results"].size(), 2u);
  for (const auto& hit : body["results"]) {
    EXPECT_TRUE(hit["score"].is_number());
    EXPECT_NE(hit["snippet"].get<std::string>().find("<mark>"), std::string::npos);
    EXPECT_TRUE(hit["text"].is_string());
    EXPECT_TRUE(hit["id"].is_string());
  }
  for (const char* facet : {"category", "severity", "platform"}) {
    ASSERT_TRUE(body["facets"][facet].is_array()) << facet;
    EXPECT_FALSE(body["facet_info"][facet]["truncated"].get<bool>());
  }
  EXPECT_EQ(body["facets"]["platform"].size(), 3u);  // counted without the platform filter
  EXPECT_TRUE(body["took_ms"].is_number());
  EXPECT_FALSE(body.contains("corrected_query"));
}

// collapse=platform (issue 19 item 4): one hit per platform, with how many
// more the platform has; total and facets still count clauses.
TEST_F(ServerTest, SearchCollapsedByPlatform) {
  const json all = get("/v1/search", 200);
  const json one = get("/v1/search?collapse=platform&limit=3", 200);
  EXPECT_EQ(one["collapse"], "platform");
  EXPECT_EQ(one["total"], all["total"]);
  EXPECT_EQ(one["total_platforms"], 5);
  EXPECT_EQ(one["facets"], all["facets"]);
  ASSERT_EQ(one["results"].size(), 3u);
  std::map<std::string, int> clauses;
  for (const auto& e : all["facets"]["platform"]) clauses[e["value"]] = e["count"];
  for (const auto& hit : one["results"]) {
    EXPECT_EQ(hit["more_from_platform"].get<int>() + 1, clauses[hit["platform"]]) << hit.dump();
  }
  EXPECT_FALSE(all.contains("total_platforms"));
  EXPECT_FALSE(all["results"][0].contains("more_from_platform"));
  EXPECT_EQ(get("/v1/search?collapse=platform&offset=3", 200)["results"].size(), 2u);
  expect_error("/v1/search?collapse=everything", 400, "collapse");
}

TEST_F(ServerTest, SearchEscapesAHostileRecordAndSuggestsSpelling) {
  const json hostile = get("/v1/search?q=cookies&platform=hooli", 200);
  ASSERT_EQ(hostile["results"].size(), 1u);
  const std::string snippet = hostile["results"][0]["snippet"];
  EXPECT_EQ(snippet.find("<script"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&lt;script&gt;"), std::string::npos) << snippet;
  EXPECT_EQ(get("/v1/search?q=arbitraton", 200)["corrected_query"], "arbitration");
}

// Issue 19, item 6: a typo without hits answers with its correction's hits.
TEST_F(ServerTest, ATypoWithoutHitsShowsTheCorrectionsResults) {
  const json right = get("/v1/search?q=arbitration", 200);
  const json typo = get("/v1/search?q=arbitraton", 200);
  EXPECT_EQ(typo["showing_results_for"], "arbitration");
  EXPECT_EQ(typo["original_query"], "arbitraton");
  EXPECT_EQ(typo["total"], right["total"]);
  EXPECT_EQ(typo["facets"], right["facets"]);
  EXPECT_EQ(typo["results"], right["results"]);
  EXPECT_FALSE(right.contains("showing_results_for"));
  const json typed = get("/v1/search?q=arbitraton&autocorrect=false", 200);
  EXPECT_EQ(typed["total"], 0);
  EXPECT_EQ(typed["corrected_query"], "arbitration");
  EXPECT_FALSE(typed.contains("showing_results_for"));
  EXPECT_FALSE(typed.contains("original_query"));
  EXPECT_EQ(get("/v1/search?q=arbitraton&autocorrect=yes", 400)["error"]["parameter"], "autocorrect");
}

TEST_F(ServerTest, FacetLimitCutsAndSaysSo) {
  const json body = get("/v1/search?facet_limit=1", 200);
  EXPECT_EQ(body["facets"]["platform"].size(), 1u);
  EXPECT_TRUE(body["facet_info"]["platform"]["truncated"].get<bool>());
  EXPECT_EQ(body["facet_info"]["platform"]["distinct"], 5);
  const json entry = body["facets"]["platform"][0];
  EXPECT_TRUE(entry.contains("value") && entry.contains("slug") && entry.contains("count"));
}

TEST_F(ServerTest, PagingHasLimits) {
  EXPECT_EQ(get("/v1/search?limit=100&offset=10000", 200)["results"].size(), 0u);
  EXPECT_EQ(get("/v1/search?limit=3&offset=3", 200)["results"].size(), 3u);
  expect_error("/v1/search?limit=101", 400, "limit");
  expect_error("/v1/search?limit=-1", 400, "limit");
  expect_error("/v1/search?offset=10001", 400, "offset");
  expect_error("/v1/search?limit=ten", 400, "limit");
  expect_error("/v1/search?limit=1&limit=2", 400, "limit");
}

// The query string is split at the first '=' of each pair: an empty name is
// refused as such (not as a parameter named after its value), and a value
// may hold '='.
TEST_F(ServerTest, QueryStringNamesAndValuesSplitAtTheFirstEquals) {
  for (const std::string target : {"/v1/search?=x", "/v1/search?q=a&=x", "/v1/platforms?=5"}) {
    const json body = get(target, 400);
    EXPECT_NE(body["error"].value("message", "").find("empty name"), std::string::npos)
        << target << " -> " << body.dump();
  }
  expect_error("/v1/search?limit=%205", 400, "limit");
  expect_error("/v1/search?offset=3%20", 400, "offset");
  // "a=b" is one value: before, only "b" reached the parser.
  const json sorted = get("/v1/search?sort=severity=x", 400);
  EXPECT_NE(sorted["error"].value("message", "").find("severity=x"), std::string::npos)
      << sorted.dump();
}

TEST_F(ServerTest, ErrorsAreJsonWithTheRightStatus) {
  expect_error("/v1/search?q=arbitration%20AND", 400, "q");
  expect_error("/v1/search?categroy=liability", 400, "categroy");
  expect_error("/v1/search?category=nonexistent", 400, "category");
  expect_error("/v1/search?severity=extreme", 400, "severity");
  expect_error("/v1/search?sort=random", 400, "sort");
  expect_error("/v1/clauses/no-such-id", 404, "id");
  expect_error("/v1/categories/no-such-category", 404, "slug");
  expect_error("/v1/platforms/nobody", 404, "slug");
  expect_error("/v1/types/no-such-type", 404, "slug");
  expect_error("/v1/compare?category=nope", 404, "category");
  expect_error("/v1/compare?category=liability&platforms=ghost", 404, "platforms");
  expect_error("/v1/compare", 400, "category");
  expect_error("/v1/nothing-here", 404, "");
  auto res = client_->Post("/v1/search", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD, OPTIONS");  // RFC 9110 10.2.1: all it takes
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "method_not_allowed");
}

TEST_F(ServerTest, NeverCrashesOnHostileQueryStrings) {
  for (const char* target :
       {"/v1/search?q=%22", "/v1/search?q=(((", "/v1/search?q=*", "/v1/search?q=a*b*c*",
        "/v1/search?q=NOT", "/v1/search?q=%00%01", "/v1/search?q=%FF%FE", "/v1/search?q=platform:",
        "/v1/search?q=title:%22%22", "/v1/search?q=-", "/v1/search?q=OR%20OR%20AND",
        "/v1/search?q=%E2%80%8B", "/v1/search?category=%2C%2C", "/v1/search?q&q",
        "/v1/search?=x", "/v1/clauses/%2e%2e", "/v1/categories/%00"}) {
    auto res = client_->Get(target);
    ASSERT_TRUE(res) << target;
    EXPECT_TRUE(res->status == 200 || res->status == 400 || res->status == 404)
        << target << " -> " << res->status << " " << res->body;
    EXPECT_FALSE(json::parse(res->body, nullptr, false).is_discarded()) << target;
  }
  EXPECT_EQ(get("/healthz", 200)["status"], "ok");  // still serving
}

TEST_F(ServerTest, OversizedBodyIsAJson413) {
  auto res = client_->Post("/v1/search", std::string(10000, 'x'), "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(json::parse(res->body, nullptr, false)["error"]["code"], "payload_too_large");
}

TEST_F(ServerTest, BrowsingEndpoints) {
  const json clause = get("/v1/clauses/acme-3", 200);
  EXPECT_EQ(clause["text"], "The service is provided as is without any guarantee.");
  const json categories = get("/v1/categories", 200);
  ASSERT_EQ(categories["categories"].size(), 5u);
  const json first = categories["categories"][0];
  EXPECT_TRUE(first.contains("name") && first.contains("slug") && first.contains("clauses") &&
              first.contains("platforms"));
  const json category = get("/v1/categories/Data%20sharing?severity=high,critical&limit=1", 200);
  EXPECT_EQ(category["total"], 2);
  EXPECT_EQ(category["results"].size(), 1u);
  EXPECT_EQ(get("/v1/platforms", 200)["platforms"].size(), 5u);
  const json platform = get("/v1/platforms/umbrella-corp", 200);
  EXPECT_EQ(platform["platform"]["name"], "Umbrella Corp");
  EXPECT_EQ(platform["categories"].size(), 2u);
  const json compare = get("/v1/compare?category=Termination&platforms=umbrella-corp,acme", 200);
  ASSERT_EQ(compare["rows"].size(), 2u);
  EXPECT_EQ(compare["rows"][0]["worst_severity"], "low");
  EXPECT_EQ(compare["rows"][1]["clauses"], 0);
  EXPECT_TRUE(compare["rows"][1]["worst_severity"].is_null());
}

TEST_F(ServerTest, NextRequestSeesANewCommit) {
  EXPECT_EQ(get("/v1/search?q=telemetry", 200)["total"], 0);
  clause::testing::add_to_index(
      path_, {clause::testing::record_from_json(
                 R"({"id":"new-1","platform":"Newco","document":"Terms","text":"We collect telemetry."})")});
  const json body = get("/v1/search?q=telemetry", 200);
  EXPECT_EQ(body["total"], 1);
  EXPECT_EQ(get("/healthz", 200)["index"]["clauses"], 13);
  EXPECT_EQ(get("/v1/clauses/new-1", 200)["platform"], "Newco");
  EXPECT_EQ(get("/v1/clauses/new-1", 200)["text_plain"], "We collect telemetry.");
  // The record rendered for the last revision is not the answer after a commit.
  clause::testing::add_to_index(
      path_, {clause::testing::record_from_json(
                 R"({"id":"new-1","platform":"Newco","document":"Terms","text":"We <b>sell</b> telemetry."})")});
  EXPECT_EQ(get("/v1/clauses/new-1", 200)["text_plain"], "We sell telemetry.");
}

// Catalog answers are cached per index revision (issue 21): the second
// request is served from the cache with the same body; a commit between two
// requests changes the next answer.
TEST_F(ServerTest, CatalogAnswersFollowCommitsThroughTheirCache) {
  const std::string compare = "/v1/compare?category=liability&per_platform=2";
  const json categories = get("/v1/categories", 200);
  const json rows = get(compare, 200);
  EXPECT_EQ(get("/v1/categories", 200), categories);
  EXPECT_EQ(get(compare, 200), rows);
  const json cache = get("/healthz", 200)["catalog_cache"];
  EXPECT_EQ(cache["answers"], 2);
  EXPECT_EQ(cache["hits"], 2);
  EXPECT_EQ(cache["misses"], 2);
  EXPECT_EQ(cache["waits"], 0);  // one client: nobody waited for another's computation
  EXPECT_EQ(cache["evictions"], 0);
  EXPECT_GT(cache["memory_bytes"], 0);

  clause::testing::add_to_index(
      path_, {clause::testing::record_from_json(
                 R"({"id":"new-1","platform":"Newco","document":"Terms","categories":["Liability"],)"
                 R"("text":"We are not liable."})")});
  const json after = get(compare, 200);
  EXPECT_EQ(after["platforms_total"], rows["platforms_total"].get<int>() + 1);
  EXPECT_NE(get("/v1/categories", 200), categories);
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatus) {
  get("/v1/search?q=arbitration", 200);
  get("/v1/search?limit=500", 400);
  auto res = client_->Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Content-Type").find("text/plain"), std::string::npos);
  const std::string& m = res->body;
  EXPECT_NE(m.find("clause_http_requests_total{route=\"/v1/search\",status=\"200\"} 1\n"), std::string::npos) << m;
  EXPECT_NE(m.find("clause_http_requests_total{route=\"/v1/search\",status=\"400\"} 1\n"), std::string::npos) << m;
  EXPECT_NE(m.find("clause_http_request_duration_seconds_bucket{route=\"/v1/search\",status=\"200\",le=\"+Inf\"} 1\n"),
            std::string::npos) << m;
  EXPECT_NE(m.find("# TYPE clause_http_request_duration_seconds histogram"), std::string::npos);
}

// --- similarity: GET /v1/clauses/{id}/similar and POST /v1/similar ---

TEST_F(ServerTest, SimilarClausesComeFromOtherPlatformsOnePerPlatform) {
  const json body = get("/v1/clauses/acme-1/similar", 200);
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body["clause"]["id"], "acme-1");
  EXPECT_EQ(body["platforms_total"], 4);  // the other platforms: acme is the clause's own
  ASSERT_FALSE(body["results"].empty());
  std::set<std::string> seen;
  for (const auto& r : body["results"]) {
    EXPECT_NE(r["platform"], "Acme");
    EXPECT_TRUE(seen.insert(r["platform"].get<std::string>()).second) << body.dump();
    EXPECT_TRUE(r["score"].is_number());
  }
  // The arbitration clauses of Globex and Hooli are the neighbours.
  EXPECT_TRUE(seen.count("Globex") && seen.count("Hooli")) << body.dump();
  // Every other platform with a matching clause is in the results (limit 10),
  // so the count is the results that pass the default bar or share the
  // query clause's type.
  int passing = 0;
  for (const auto& r : body["results"]) {
    passing += r["score"].get<double>() >= SimilarityOptions{}.bar ||
               r.value("clause_type", "") == body["clause"]["clause_type"];
  }
  EXPECT_EQ(body["platforms_with_similar"].get<int>(), passing) << body.dump();
  EXPECT_LE(body["platforms_with_similar"].get<int>(), 4);
}

TEST_F(ServerTest, SimilarLimitAndSameCategory) {
  const json one = get("/v1/clauses/acme-2/similar?limit=1", 200);
  EXPECT_EQ(one["results"].size(), 1u);
  const json all = get("/v1/clauses/acme-2/similar?limit=100", 200);
  EXPECT_EQ(one["platforms_with_similar"], all["platforms_with_similar"]);
  const json same = get("/v1/clauses/acme-2/similar?same_category=true", 200);
  for (const auto& r : same["results"]) {
    bool shared = false;
    for (const auto& c : r.value("categories", json::array())) {
      shared = shared || c == "Data sharing" || c == "Tracking & cookies";
    }
    EXPECT_TRUE(shared) << r.dump();
  }
  expect_error("/v1/clauses/acme-2/similar?limit=0", 400, "limit");
  expect_error("/v1/clauses/acme-2/similar?limit=101", 400, "limit");
  expect_error("/v1/clauses/acme-2/similar?same_category=maybe", 400, "same_category");
  expect_error("/v1/clauses/acme-2/similar?bogus=1", 400, "bogus");
}

// offset pages through the platforms (issue 19 item 9): pages join up, the
// count stays, and a bad offset is a 400 naming it.
TEST_F(ServerTest, SimilarPagesWithOffset) {
  const json all = get("/v1/clauses/acme-1/similar?limit=3", 200);
  ASSERT_EQ(all["results"].size(), 2u) << all.dump();
  const json first = get("/v1/clauses/acme-1/similar?limit=1", 200);
  const json second = get("/v1/clauses/acme-1/similar?limit=2&offset=1", 200);
  json joined = first["results"];
  for (const auto& r : second["results"]) joined.push_back(r);
  EXPECT_EQ(joined, all["results"]);
  EXPECT_EQ(second["offset"], 1);
  EXPECT_EQ(second["limit"], 2);
  EXPECT_EQ(second["platforms_with_similar"], all["platforms_with_similar"]);
  EXPECT_EQ(get("/v1/clauses/acme-1/similar?offset=10000", 200)["results"].size(), 0u);
  expect_error("/v1/clauses/acme-1/similar?offset=10001", 400, "offset");
  expect_error("/v1/clauses/acme-1/similar?offset=-1", 400, "offset");

  auto post = [&](const json& payload) {
    auto res = client_->Post("/v1/similar", payload.dump(), "application/json");
    EXPECT_TRUE(res);
    return res ? std::make_pair(res->status, json::parse(res->body, nullptr, false)) : std::make_pair(0, json());
  };
  const std::string text = "disputes go to binding arbitration";
  const auto [s1, whole] = post({{"text", text}, {"limit", 3}});
  const auto [s2, rest] = post({{"text", text}, {"limit", 2}, {"offset", 1}});
  EXPECT_EQ(s1, 200);
  EXPECT_EQ(s2, 200);
  ASSERT_EQ(whole["results"].size(), 3u);
  ASSERT_EQ(rest["results"].size(), 2u);
  EXPECT_EQ(rest["results"][0], whole["results"][1]);
  EXPECT_EQ(rest["results"][1], whole["results"][2]);
  const auto [s3, bad] = post({{"text", text}, {"offset", -1}});
  EXPECT_EQ(s3, 400);
  EXPECT_EQ(bad["error"].value("parameter", ""), "offset");
}

TEST_F(ServerTest, SimilarUnknownIdIs404) {
  expect_error("/v1/clauses/no-such-id/similar", 404, "id");
}

TEST_F(ServerTest, SimilarTextSearchesAllPlatforms) {
  auto res = client_->Post("/v1/similar", R"({"text": "disputes go to binding arbitration", "limit": 2})",
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  const json body = json::parse(res->body);
  EXPECT_FALSE(body.contains("clause"));
  ASSERT_EQ(body["results"].size(), 2u);
  EXPECT_NE(body["results"][0]["platform"], body["results"][1]["platform"]);
  EXPECT_EQ(body["platforms_total"], 5);
}

// Text from a platform (a new version of one of its clauses, say): its own
// clauses are left out, by name or slug; an unknown platform is accepted.
TEST_F(ServerTest, SimilarTextLeavesOutTheTextsOwnPlatform) {
  auto platforms_for = [&](const std::string& platform) {
    json payload = {{"text", "disputes go to binding arbitration"}, {"limit", 10}};
    if (!platform.empty()) payload["platform"] = platform;
    auto res = client_->Post("/v1/similar", payload.dump(), "application/json");
    EXPECT_TRUE(res);
    std::vector<std::string> out;
    if (!res) return out;
    EXPECT_EQ(res->status, 200) << payload.dump() << " -> " << res->body;
    const json body = json::parse(res->body);
    for (const auto& r : body["results"]) out.push_back(r["platform"].get<std::string>());
    return out;
  };
  const auto all = platforms_for("");
  ASSERT_GE(all.size(), 2u);
  const std::string first = all.front();  // a display name of the fixture: one word
  std::string slug = first;
  std::transform(slug.begin(), slug.end(), slug.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const std::string& platform : {first, slug}) {
    const auto without = platforms_for(platform);
    EXPECT_EQ(std::count(without.begin(), without.end(), first), 0) << platform;
    EXPECT_EQ(without.size(), all.size() - 1) << platform;
  }
  EXPECT_EQ(platforms_for("Nowhere Corp"), all);
}

TEST_F(ServerTest, SimilarTextAcceptsJsonSentAsAFormBody) {
  // curl -d sends application/x-www-form-urlencoded; the body is still JSON.
  auto res = client_->Post("/v1/similar?limit=1", R"({"text": "binding arbitration", "limit": 1})",
                           "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << "a query parameter on POST /v1/similar is still refused";
  res = client_->Post("/v1/similar", R"({"text": "binding arbitration", "limit": 1})",
                      "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["results"].size(), 1u);
}

TEST_F(ServerTest, AFormEncodedBodyIsBoundByMaxBodyBytesOnly) {
  // `curl -d @clause.json` sends application/x-www-form-urlencoded. httplib
  // refuses such bodies over 8 KiB on its own (413) and parses them as a
  // form; the limit is --max-body-bytes, and the text may be up to 64 KiB.
  RunningServer roomy(path_, {2, std::size_t{1} << 20, 5});
  httplib::Client client("127.0.0.1", roomy.port());
  std::string text;
  while (text.size() < 20000) text += "Disputes go to binding arbitration in Delaware. ";
  const std::string body = json{{"text", text}, {"limit", 1}}.dump();
  for (const char* type : {"application/x-www-form-urlencoded", "application/json"}) {
    auto res = client.Post("/v1/similar", body, type);
    ASSERT_TRUE(res) << type;
    EXPECT_EQ(res->status, 200) << type << ": " << res->body;
  }
  // Over the limit it is still the JSON 413.
  auto res = client_->Post("/v1/similar", body, "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(json::parse(res->body, nullptr, false)["error"]["code"], "payload_too_large");
}

TEST_F(ServerTest, SimilarTextErrorsNameTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"text": ""})", "text"},
      {R"({"text": "   "})", "text"},
      {R"({"text": "<p></p>"})", "text"},           // markup only: as empty
      {R"({"text": "<p>&#160;</p>"})", "text"},
      {R"({"limit": 3})", "text"},
      {R"({"text": 5})", "text"},
      {R"({"text": "arbitration", "limit": 0})", "limit"},
      {R"({"text": "arbitration", "colour": "red"})", "colour"},
      {R"({"text": "arbitration", "platform": 5})", "platform"},
      {R"({"text": "arbitration", "platform": ""})", "platform"},
      {R"({"text": "arbitration", "platform": "!!!"})", "platform"},
      {R"(not json)", "body"},
  };
  for (const auto& [payload, field] : cases) {
    auto res = client_->Post("/v1/similar", payload, "application/json");
    ASSERT_TRUE(res) << payload;
    EXPECT_EQ(res->status, 400) << payload << " -> " << res->body;
    const json body = json::parse(res->body, nullptr, false);
    EXPECT_EQ(body["error"].value("parameter", ""), field) << payload << " -> " << res->body;
  }
}

// Ids are free text: one holding '/', '?', '%' or a space is reached with
// each character percent-encoded in the path, the '/' included (%2F), for
// the record and for its similar clauses.
TEST_F(ServerTest, IdsWithSlashesAndOtherReservedCharactersAreReachable) {
  using clause::testing::record_from_json;
  clause::testing::add_to_index(
      path_, {record_from_json(R"({"id": "acme/tos/7?v=2 100%", "platform": "Acme", "document": "Terms",
                                   "text": "Acme may sell your personal data to advertisers."})")});
  const std::string encoded = "acme%2Ftos%2F7%3Fv%3D2%20100%25";
  const json record = get("/v1/clauses/" + encoded, 200);
  EXPECT_EQ(record["id"], "acme/tos/7?v=2 100%");
  const json similar = get("/v1/clauses/" + encoded + "/similar?limit=3", 200);
  EXPECT_EQ(similar["clause"]["id"], "acme/tos/7?v=2 100%");
  // The unencoded form is other segments: no such endpoint.
  get("/v1/clauses/acme/tos/7", 404);
  // A '%' that starts no escape is taken as sent.
  get("/v1/clauses/100%zz", 404);
}

}  // namespace
}  // namespace clause::server
