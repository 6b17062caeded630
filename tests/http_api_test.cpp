// The API without a socket: routing, 405/404 and the error mapping, by
// calling Api::handle directly.
#include "server/http_api.h"
#include "server/json_render.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "tests/api_harness.h"

namespace clause::server {
namespace {

using nlohmann::json;

TEST(HttpStatus, MapsEveryErrorKind) {
  EXPECT_EQ(http_status(ErrorKind::invalid_argument), 400);
  EXPECT_EQ(http_status(ErrorKind::not_found), 404);
  EXPECT_EQ(http_status(ErrorKind::too_large), 413);
  EXPECT_EQ(http_status(ErrorKind::unavailable), 503);
  EXPECT_EQ(http_status(ErrorKind::internal), 500);
  const auto r = error_response(Error::invalid("limit", "too big"));
  const json body = json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "bad_request");
  EXPECT_EQ(body["error"]["parameter"], "limit");
  EXPECT_EQ(body["error"]["message"], "too big");
}

class ApiTest : public clause::testing::ApiHarness {
 protected:
  void SetUp() override { open_api(); }
  ApiResponse call(const std::string& method, const std::string& path, ParamMap params = {}) {
    return request(method, path, {}, std::move(params));
  }
};

TEST_F(ApiTest, RoutesWithPathArguments) {
  auto r = call("GET", "/v1/clauses/globex-1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["id"], "globex-1");
  // The stored record with its plain text (clean_text_test.cpp); asked again
  // (from the record cache) it is the same answer.
  EXPECT_TRUE(json::parse(r.body).contains("text_plain"));
  EXPECT_EQ(call("GET", "/v1/clauses/globex-1").body, r.body);
  EXPECT_EQ(call("GET", "/v1/clauses/globex-1/similar").status, 200);
  EXPECT_EQ(call("GET", "/v1/categories/Liability").status, 200);
  EXPECT_EQ(call("HEAD", "/v1/platforms").status, 200);
}

// What the transport answers on its event loops: one record, a catalog view
// kept per revision, a fixed file, a preflight. Searches, /similar and
// writes may take long and go to the pool of work.
TEST_F(ApiTest, LookupsAreTheRoutesAnsweredWithoutASearch) {
  const auto lookup = [this](const std::string& method, const std::string& path) {
    server::ApiRequest request;
    request.method = method;
    request.path = path;
    return api_->is_lookup(request);
  };
  for (const char* path : {"/v1/clauses/globex-1", "/healthz", "/v1/categories", "/v1/categories/Liability",
                           "/v1/platforms", "/v1/compare", "/v1/types", "/", "/app.js", "/no/such/route"}) {
    EXPECT_TRUE(lookup("GET", path)) << path;
  }
  EXPECT_TRUE(lookup("HEAD", "/v1/clauses/globex-1"));
  EXPECT_TRUE(lookup("OPTIONS", "/v1/search"));
  for (const char* path : {"/v1/search", "/v1/clauses/globex-1/similar", "/v1/changes",
                           "/v1/clauses/globex-1/history", "/openapi.json"}) {
    EXPECT_FALSE(lookup("GET", path)) << path;
  }
  EXPECT_FALSE(lookup("POST", "/v1/similar"));
  EXPECT_FALSE(lookup("PUT", "/v1/clauses/globex-1"));
  EXPECT_FALSE(lookup("DELETE", "/v1/clauses/globex-1"));
}

// facets=false: the same total and results, without facets or facet_info.
TEST_F(ApiTest, SearchWithoutFacetsKeepsTheTotalAndDropsTheFacets) {
  const json with = json::parse(call("GET", "/v1/search", {{"q", "arbitration"}}).body);
  const auto r = call("GET", "/v1/search", {{"q", "arbitration"}, {"facets", "false"}});
  ASSERT_EQ(r.status, 200);
  const json without = json::parse(r.body);
  EXPECT_TRUE(with.contains("facets"));
  EXPECT_FALSE(without.contains("facets"));
  EXPECT_FALSE(without.contains("facet_info"));
  EXPECT_EQ(without["total"], with["total"]);
  EXPECT_EQ(without["results"].size(), with["results"].size());
  const auto bad = call("GET", "/v1/search", {{"q", "arbitration"}, {"facets", "none"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["error"]["parameter"], "facets");
}

// How the client takes the answer is decided before it is logged and
// counted: /metrics counts a revalidated file as the 304 it was, and a
// gzipped answer goes out gzipped.
TEST_F(ApiTest, A304AndGzipAreDecidedBeforeTheAnswerIsCounted) {
  ApiRequest first;
  first.path = "/app.js";
  const ApiResponse file = api_->handle(first);
  std::string tag;
  for (const auto& [name, value] : file.headers) {
    if (name == "ETag") tag = value;
  }
  ASSERT_FALSE(tag.empty());
  ApiRequest again = first;
  again.if_none_match = tag;
  EXPECT_EQ(api_->handle(again).status, 304);
  EXPECT_NE(metrics_.render().find("route=\"/app.js\",status=\"304\""), std::string::npos) << metrics_.render();

  ApiRequest packed = first;
  packed.accept_encoding = "gzip";
  packed.gzip_min_bytes = 1024;
  const ApiResponse gz = api_->handle(packed);
  EXPECT_EQ(gz.status, 200);
  EXPECT_LT(gz.body.size(), file.body.size());
  ApiRequest off = packed;
  off.gzip_min_bytes = 0;  // the transport's --gzip-min-bytes 0
  EXPECT_EQ(api_->handle(off).body, file.body);
}

TEST_F(ApiTest, WrongMethodIs405AndUnknownPathIs404) {
  // (PUT and DELETE are the write routes: docs/API.md, "Writes".)
  auto r = call("PATCH", "/v1/clauses/globex-1");
  EXPECT_EQ(r.status, 405);
  bool allow = false;
  for (const auto& [name, value] : r.headers) allow |= name == "Allow" && value == "GET, HEAD, PUT, DELETE, OPTIONS";
  EXPECT_TRUE(allow);
  EXPECT_EQ(call("GET", "/v2/search").status, 404);
  EXPECT_EQ(call("GET", "/v1/clauses/a/b").status, 404);
  EXPECT_EQ(call("GET", "/v1/clauses/").status, 404);  // an id is never empty
  EXPECT_EQ(call("GET", "/v1/search/").status, 404);
  EXPECT_EQ(call("GET", "/v1//search").status, 404);
  EXPECT_EQ(call("GET", "/v1/clauses/globex-1/similar/x").status, 404);
}

TEST_F(ApiTest, HealthShowsTheSimilarSnapshotAndSimilarAnswersTheSameWithIt) {
  ASSERT_TRUE(service_->wait_for_similar_snapshot(60));
  const json health = json::parse(call("GET", "/healthz").body);
  EXPECT_EQ(health["similar_snapshot"]["state"], "ready");
  EXPECT_EQ(health["similar_snapshot"]["clauses"], health["index"]["clauses"]);
  EXPECT_GT(health["similar_snapshot"]["memory_bytes"].get<std::size_t>(), 0u);
  // The same answers as a service that reads the index only.
  SimilarityOptions off;
  off.snapshot_max_clauses = 0;
  auto plain = search::SearchService::open(dir_.file("index"), off);
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  ASSERT_TRUE((*plain)->wait_for_similar_snapshot(60));
  const auto info = (*plain)->info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->similar_snapshot.state, "off");
  for (const std::string id : {"globex-1", "initech-1", "hooli-2"}) {
    const auto a = service_->similar({id, 10, false});
    const auto b = (*plain)->similar({id, 10, false});
    ASSERT_TRUE(a.ok() && b.ok()) << id;
    EXPECT_EQ(to_json(*a), to_json(*b)) << id;
  }
}

TEST_F(ApiTest, EveryResponseCarriesARequestId) {
  auto a = call("GET", "/healthz");
  auto b = call("GET", "/nowhere");
  std::string ida, idb;
  for (const auto& [n, v] : a.headers) if (n == "X-Request-Id") ida = v;
  for (const auto& [n, v] : b.headers) if (n == "X-Request-Id") idb = v;
  EXPECT_FALSE(ida.empty());
  EXPECT_FALSE(idb.empty());
  EXPECT_NE(ida, idb);
}

}  // namespace
}  // namespace clause::server
