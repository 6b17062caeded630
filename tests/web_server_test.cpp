// The page and CORS over real HTTP: raw request paths (with dot segments and
// percent-encoded traversal) reach nothing but 404, and browsers' CORS
// requests get the answers the allow-list says.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "tests/fixture_index.h"
#include "tests/running_server.h"

namespace clause::server {
namespace {

class WebServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    const auto path = clause::testing::build_index(dir_, clause::testing::fixture_records());
    server_ = std::make_unique<clause::testing::RunningServer>(path, ServerLimits{2, 4096, 5}, TlsFiles{},
                                                               CorsPolicy({"http://127.0.0.1:1"}));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_url_encode(false);  // send the paths exactly as written
  }
  clause::testing::TempDir dir_;
  std::unique_ptr<clause::testing::RunningServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(WebServerTest, RefusalsOfTheTransportCarryARequestIdAndCorsHeaders) {
  // 413 and 431 are answered before the routes; a page of an allowed origin
  // must still be able to read them, and every response has a request id.
  const httplib::Headers origin = {{"Origin", "http://127.0.0.1:1"}};
  auto big = client_->Post("/v1/similar", origin, std::string(10000, 'x'), "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  httplib::Headers many = origin;
  for (int i = 0; i <= 100; ++i) many.emplace("X-Filler-" + std::to_string(i), "1");
  auto crowded = client_->Get("/healthz", many);
  ASSERT_TRUE(crowded);
  EXPECT_EQ(crowded->status, 431);
  for (const auto* res : {&big.value(), &crowded.value()}) {
    EXPECT_FALSE(res->get_header_value("X-Request-Id").empty()) << res->status;
    EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "http://127.0.0.1:1") << res->status;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << res->status;
  }
}

TEST_F(WebServerTest, ServesThePageAndItsFiles) {
  auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
  EXPECT_NE(page->body.find("<title>Clause search</title>"), std::string::npos);
  for (const char* file : {"/app.js", "/api.js", "/views.js", "/text.js", "/per_platform.js", "/history.js",
                           "/changes.js", "/facets.js", "/clause_facts.js", "/style.css", "/widget.html", "/widget.js", "/widget.css"}) {
    auto r = client_->Get(file);
    ASSERT_TRUE(r) << file;
    EXPECT_EQ(r->status, 200) << file;
    EXPECT_FALSE(r->body.empty()) << file;
    EXPECT_EQ(r->get_header_value_count("X-Content-Type-Options"), 1u) << file;  // once, not twice
  }
}

TEST_F(WebServerTest, TraversalIsA404) {
  for (const char* path : {"/../index.html", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                           "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/..%2f..%2fCMakeLists.txt", "/web/../index.html",
                           "/%2fapp.js", "/app.js%00.html", "/server/web/app.js", "/.%2e/style.css"}) {
    auto r = client_->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << path;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << path;
  }
}

TEST_F(WebServerTest, CorsPreflightAndResponses) {
  const httplib::Headers preflight = {{"Origin", "http://127.0.0.1:1"},
                                      {"Access-Control-Request-Method", "POST"},
                                      {"Access-Control-Request-Headers", "content-type"}};
  auto ok = client_->Options("/v1/search", preflight);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 204);
  EXPECT_EQ(ok->get_header_value("Access-Control-Allow-Origin"), "http://127.0.0.1:1");
  EXPECT_EQ(ok->get_header_value("Access-Control-Allow-Headers"), "Content-Type, Authorization, X-API-Key");
  auto denied = client_->Options("/v1/search", {{"Origin", "http://127.0.0.1:2"},
                                                {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(denied);
  EXPECT_FALSE(denied->has_header("Access-Control-Allow-Origin"));

  auto listed = client_->Get("/v1/categories", {{"Origin", "http://127.0.0.1:1"}});
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200);
  EXPECT_EQ(listed->get_header_value("Access-Control-Allow-Origin"), "http://127.0.0.1:1");
  auto other = client_->Get("/v1/categories", {{"Origin", "http://localhost:1"}});
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
}

}  // namespace
}  // namespace clause::server
