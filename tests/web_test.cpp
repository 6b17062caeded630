// The page, the widget and CORS without a socket: the CORS allow-list and its
// setting, the embedded assets (types, security headers, no outside
// resource), exact-path serving, and preflight answers, via Api::handle.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <map>
#include <regex>

#include "server/config.h"
#include "server/cors.h"
#include "server/http_api.h"
#include "server/web_assets.h"
#include "tests/api_harness.h"

namespace clause::server {
namespace {

std::string header(const ApiResponse& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return {};
}

bool has_header(const ApiResponse& r, const std::string& name) {
  for (const auto& h : r.headers) {
    if (h.first == name) return true;
  }
  return false;
}

TEST(CorsOrigins, ParsesACommaListOfExactOrigins) {
  auto o = parse_origins("--cors-origins", " https://a.example , http://127.0.0.1:8081,,http://[::1]:9000 ");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(*o, (std::vector<std::string>{"https://a.example", "http://127.0.0.1:8081", "http://[::1]:9000"}));
  EXPECT_TRUE(parse_origins("x", "").ok());
  EXPECT_TRUE(parse_origins("x", "")->empty());
  for (const char* bad : {"a.example", "https://a.example/", "https://a.example/path", "ftp://a.example",
                          "https://", "https://a.example:", "https://a.example:123456", "*",
                          "https://a example", "https://a.example?x=1"}) {
    auto r = parse_origins("--cors-origins", bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "--cors-origins");
  }
}

TEST(CorsOrigins, ConfigTakesTheFlagOrTheVariable) {
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "CLAUSE_CORS_ORIGINS") return "https://env.example";
    return std::nullopt;
  };
  auto none = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_TRUE(load_config({"--db", "x"}, none)->cors_origins.empty());
  EXPECT_EQ(load_config({"--db", "x"}, env)->cors_origins, std::vector<std::string>{"https://env.example"});
  EXPECT_EQ(load_config({"--db", "x", "--cors-origins=https://a.example,https://b.example"}, env)->cors_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(load_config({"--db", "x", "--cors-origins", "https://a.example/"}, none).error().field,
            "--cors-origins");
  EXPECT_NE(usage().find("--cors-origins (CLAUSE_CORS_ORIGINS)"), std::string::npos);
}

TEST(CorsPolicy, OnlyListedOriginsAreEchoed) {
  const CorsPolicy policy({"https://a.example"});
  EXPECT_TRUE(policy.allows("https://a.example"));
  EXPECT_FALSE(policy.allows("https://A.example"));
  EXPECT_FALSE(policy.allows("https://a.example.evil"));
  EXPECT_FALSE(policy.allows(""));
  auto yes = policy.response_headers("https://a.example");
  EXPECT_EQ(yes, (std::vector<std::pair<std::string, std::string>>{
                     {"Vary", "Origin"}, {"Access-Control-Allow-Origin", "https://a.example"}}));
  EXPECT_EQ(policy.response_headers("https://b.example"),
            (std::vector<std::pair<std::string, std::string>>{{"Vary", "Origin"}}));
  EXPECT_TRUE(CorsPolicy().response_headers("https://a.example").empty());
  EXPECT_TRUE(policy.preflight_headers("https://b.example", "GET").empty());
  EXPECT_FALSE(policy.preflight_headers("https://a.example", "GET").empty());
}

TEST(WebAssets, EveryFileHasItsTypeAndNoOutsideResource) {
  std::map<std::string, std::string> types;
  for (const auto& a : web_assets()) types[a.path] = a.content_type;
  EXPECT_EQ(types["/"], "text/html; charset=utf-8");
  EXPECT_EQ(types["/index.html"], "text/html; charset=utf-8");
  EXPECT_EQ(types["/app.js"], "text/javascript; charset=utf-8");
  EXPECT_EQ(types["/style.css"], "text/css; charset=utf-8");
  EXPECT_EQ(types["/widget.html"], "text/html; charset=utf-8");
  EXPECT_EQ(types["/widget.js"], "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("x.bin"), "application/octet-stream");
  // No file pulls anything from another host (CDN, fonts, analytics), and no
  // inline script (the CSP would block it anyway).
  const std::regex outside(R"((src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?(https?:)?//|@import)",
                           std::regex::icase);
  const std::regex inline_script(R"(<script(?![^>]*\bsrc=)[^>]*>)", std::regex::icase);
  for (const auto& a : web_assets()) {
    const std::string body(a.body);
    EXPECT_FALSE(body.empty()) << a.path;
    EXPECT_FALSE(std::regex_search(body, outside)) << a.path;
    if (a.path.ends_with(".html")) {
      EXPECT_FALSE(std::regex_search(body, inline_script)) << a.path;
    }
  }
}

class WebApiTest : public clause::testing::ApiHarness {
 protected:
  void SetUp() override { open_api(CorsPolicy({"https://partner.example"})); }
  ApiResponse call(const std::string& method, const std::string& path, const std::string& origin = {},
                   ParamMap params = {}) {
    return request(method, path, origin, std::move(params));
  }
};

TEST_F(WebApiTest, ServesThePageWithASecurityPolicy) {
  const auto page = call("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<script type=\"module\" src=\"/app.js\">"), std::string::npos);
  const std::string csp = header(page, "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(header(page, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(call("GET", "/index.html").body, page.body);
  EXPECT_EQ(call("HEAD", "/app.js").status, 200);
  // The widget page may be framed by the allow-listed origins only.
  EXPECT_NE(header(call("GET", "/widget.html"), "Content-Security-Policy")
                .find("frame-ancestors 'self' https://partner.example"),
            std::string::npos);
}

TEST_F(WebApiTest, OnlyKnownFilesAtTheirExactPaths) {
  for (const char* path : {"/../index.html", "/web/index.html", "/index.html/", "/app.js/..", "/./app.js",
                           "/../../etc/passwd", "/..%2f..%2fetc/passwd", "/embed.cmake", "/CMakeLists.txt",
                           "/app.jsx", "/appxjs", "//app.js", "/App.js"}) {
    const auto r = call("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/json") << path;
  }
  EXPECT_EQ(call("POST", "/app.js").status, 405);
}

TEST_F(WebApiTest, PreflightAnswersAllowedOriginsOnly) {
  const auto ok = call("OPTIONS", "/v1/search", "https://partner.example");
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(header(ok, "Access-Control-Allow-Origin"), "https://partner.example");
  EXPECT_NE(header(ok, "Access-Control-Allow-Methods").find("GET"), std::string::npos);
  EXPECT_EQ(header(ok, "Access-Control-Allow-Headers"), "Content-Type, Authorization, X-API-Key");
  EXPECT_EQ(header(ok, "Allow"), "GET, HEAD, OPTIONS");
  const auto other = call("OPTIONS", "/v1/search", "https://evil.example");
  EXPECT_EQ(other.status, 204);
  EXPECT_FALSE(has_header(other, "Access-Control-Allow-Origin"));
  EXPECT_FALSE(has_header(other, "Access-Control-Allow-Methods"));
  EXPECT_EQ(call("OPTIONS", "/v1/nowhere", "https://partner.example").status, 404);
  // The server as a whole (RFC 9110 9.3.7).
  const auto server = call("OPTIONS", "*", "");
  EXPECT_EQ(server.status, 204);
  EXPECT_EQ(header(server, "Allow"), "GET, HEAD, POST, PUT, DELETE, OPTIONS");
}

TEST_F(WebApiTest, ResponsesCarryCorsHeadersForListedOrigins) {
  const auto ok = call("GET", "/v1/compare", "https://partner.example", {{"category", "liability"}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(header(ok, "Access-Control-Allow-Origin"), "https://partner.example");
  EXPECT_EQ(header(ok, "Vary"), "Origin");
  // Errors too, so a page can read the message.
  const auto missing = call("GET", "/v1/clauses/nope", "https://partner.example");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(header(missing, "Access-Control-Allow-Origin"), "https://partner.example");
  const auto other = call("GET", "/v1/categories", "https://evil.example");
  EXPECT_EQ(other.status, 200);
  EXPECT_FALSE(has_header(other, "Access-Control-Allow-Origin"));
  EXPECT_EQ(header(other, "Vary"), "Origin");
  EXPECT_FALSE(has_header(call("GET", "/v1/categories"), "Access-Control-Allow-Origin"));
}

}  // namespace
}  // namespace clause::server
