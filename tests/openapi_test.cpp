// GET /openapi.json (issue 20) against the server it describes: every route
// of the route table is described and nothing else; each operation lists
// exactly the parameters its handler takes; and each parameter's type,
// range, enum, default and required-ness is what the parser does, probed
// through Api::handle on the fixture index. (tests/openapi/validate.mjs
// checks the document with an OpenAPI validator and real answers against
// its schemas.) The index is made here so that every default shows.
#include "server/openapi.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "search/requests.h"
#include "tests/api_harness.h"

namespace clause::server {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Clauses enough for every default to show in the answers: more clauses
// than limit's default, more platforms than facet_limit's, one platform with
// more clauses in the category than per_platform's.
std::vector<ClauseRecord> probe_records() {
  const std::size_t platforms = search::limits::kDefaultFacetLimit + 5;
  const std::size_t first_platform = search::limits::kDefaultPerPlatform + 3;
  std::vector<ClauseRecord> records;
  for (std::size_t i = 0; i < first_platform + platforms; ++i) {
    ClauseRecord r;
    r.id = "probe-" + std::to_string(i);
    r.platform = "Platform " + std::to_string(i < first_platform ? 0 : i);
    r.document = "Terms";
    r.text = "We may share your data with partner " + std::to_string(i) + " and settle disputes by arbitration.";
    r.categories = {"Alpha"};
    r.severity = static_cast<Severity>(1 + i % 4);
    r.clause_type = "type " + std::to_string(i % 3);
    r.updated = "2024-0" + std::to_string(1 + i % 9) + "-10";
    records.push_back(std::move(r));
  }
  return records;
}

class OpenApiTest : public clause::testing::ApiHarness {
 public:
  ApiResponse call(const std::string& method, const std::string& path, ParamMap params = {},
                   std::string body = {}) {
    ApiRequest req;
    req.method = method;
    req.path = path;
    req.params = std::move(params);
    req.body = std::move(body);
    return api_->handle(req);
  }

 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    auto opened = search::SearchService::open(clause::testing::build_index(dir_, probe_records()));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(*opened);
    api_ = std::make_unique<Api>(*service_, metrics_);
    doc_ = openapi_document("http://127.0.0.1:8080");
    category_ = first_slug("/v1/categories", "categories");
    platform_ = first_slug("/v1/platforms", "platforms");
    type_ = first_slug("/v1/types", "types");
    id_ = json::parse(call("GET", "/v1/search", {{"limit", "1"}}).body)["results"][0]["id"].get<std::string>();
  }

  std::string first_slug(const std::string& path, const char* list) {
    return json::parse(call("GET", path).body)[list][0]["slug"].get<std::string>();
  }

  // A path of the template with real values of the fixture index.
  std::string concrete(std::string path) const {
    const auto replace = [&](const std::string& from, const std::string& to) {
      if (const auto at = path.find(from); at != std::string::npos) path.replace(at, from.size(), to);
    };
    replace("{id}", id_);
    replace("{slug}", path.rfind("/v1/categories/", 0) == 0 ? category_
                      : path.rfind("/v1/types/", 0) == 0   ? type_
                                                           : platform_);
    return path;
  }

  // The required query parameters of an operation, with real values.
  ParamMap required(const json& op) const {
    ParamMap params;
    for (const auto& p : op.value("parameters", json::array())) {
      if (p["in"] == "query" && p["required"] == true) params.emplace(p["name"], category_);
    }
    return params;
  }

  // Every (path template, method, operation) of the document.
  std::vector<std::tuple<std::string, std::string, json>> operations() const {
    std::vector<std::tuple<std::string, std::string, json>> all;
    for (const auto& [path, methods] : doc_["paths"].items()) {
      for (const auto& [method, op] : methods.items()) all.emplace_back(path, method, op);
    }
    return all;
  }

  json doc_;
  std::string category_, platform_, type_, id_;
};

// The names after "this endpoint takes: " of an unknown-parameter error.
std::set<std::string> names_taken(const std::string& message) {
  std::set<std::string> names;
  const std::string marker = "this endpoint takes: ";
  const auto at = message.find(marker);
  if (at == std::string::npos || message.substr(at + marker.size()) == "no parameters") return names;
  std::string rest = message.substr(at + marker.size());
  for (std::size_t start = 0; start <= rest.size();) {
    const auto comma = std::min(rest.find(", ", start), rest.size());
    names.insert(rest.substr(start, comma - start));
    start = comma + 2;
  }
  return names;
}

TEST_F(OpenApiTest, DescribesEveryRouteAndNoOther) {
  std::set<std::pair<std::string, std::string>> routes, described;
  for (const auto& [method, path] : api_->routes()) routes.emplace(lower(method), path);
  for (const auto& [path, method, op] : operations()) described.emplace(method, path);
  EXPECT_EQ(described, routes);
  EXPECT_EQ(doc_["openapi"], "3.1.0");
  // Each {name} of a template is a path parameter of its operation.
  for (const auto& [path, method, op] : operations()) {
    for (const auto& p : op.value("parameters", json::array())) {
      if (p["in"] == "path") {
        EXPECT_NE(path.find("{" + p["name"].get<std::string>() + "}"), std::string::npos);
      }
    }
  }
}

TEST_F(OpenApiTest, ServedAtItsPathWithThePublicUrl) {
  api_->set_public_url("https://clauses.example.org");
  const auto r = call("GET", std::string(kOpenApiPath));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(json::parse(r.body)["servers"][0]["url"], "https://clauses.example.org");
}

// Each handler names the parameters it takes when given an unknown one; the
// document must list exactly those (routes that ignore parameters: none).
TEST_F(OpenApiTest, ListsExactlyTheParametersEachHandlerTakes) {
  for (const auto& [path, method, op] : operations()) {
    std::set<std::string> described;
    for (const auto& p : op.value("parameters", json::array())) {
      if (p["in"] == "query") described.insert(p["name"]);
    }
    ParamMap params = required(op);
    params.emplace("zz_unknown", "1");
    // The body is POST /v1/similar's; the unknown parameter is refused first.
    const auto r = call(upper(method), concrete(path), params, "{\"text\": \"data\"}");
    const std::string message = r.status == 400 ? json::parse(r.body)["error"].value("message", "") : "";
    if (message.find("this endpoint takes") == std::string::npos) {
      EXPECT_TRUE(described.empty()) << method << " " << path << " ignores parameters: " << r.status;
    } else {
      EXPECT_EQ(described, names_taken(message)) << method << " " << path;
    }
  }
}

// Probes of one parameter: a value the schema allows is answered 200, one
// it forbids is a 400 naming the parameter, and the default is the answer
// without the parameter.
class ParameterProbe {
 public:
  ParameterProbe(OpenApiTest* test, std::string method, std::string path, ParamMap base, json param)
      : test_(test), method_(std::move(method)), path_(std::move(path)), base_(std::move(base)),
        param_(std::move(param)), name_(param_["name"]) {}

  void accepts(const std::string& value) {
    const auto r = with(value);
    EXPECT_EQ(r.status, 200) << where(value) << r.body;
  }
  void refuses(const std::string& value) {
    const auto r = with(value);
    EXPECT_EQ(r.status, 400) << where(value);
    if (r.status == 400) {
      EXPECT_EQ(json::parse(r.body)["error"].value("parameter", ""), name_) << where(value);
    }
  }
  void default_is(const json& fallback) {
    const std::string value = fallback.is_string() ? fallback.get<std::string>() : fallback.dump();
    EXPECT_EQ(answer(with(value)), answer(call(base_))) << where(value) << " is not the default";
  }

 private:
  ApiResponse with(const std::string& value) {
    ParamMap params = base_;
    params.erase(name_);
    params.emplace(name_, value);
    return call(params);
  }
  ApiResponse call(const ParamMap& params) { return test_->call(method_, path_, params); }
  static json answer(const ApiResponse& r) {
    // An Atom feed: its entries (its head names the request's own URL).
    if (!json::accept(r.body)) {
      const auto entries = r.body.find("<entry>");
      return entries == std::string::npos ? std::string() : r.body.substr(entries);
    }
    json body = json::parse(r.body);
    if (body.is_object()) body.erase("took_ms");
    return body;
  }
  std::string where(const std::string& value) const { return path_ + "?" + name_ + "=" + value + ": "; }

  OpenApiTest* test_;
  std::string method_, path_;
  ParamMap base_;
  json param_;
  std::string name_;
};

TEST_F(OpenApiTest, ParameterTypesRangesEnumsDefaultsAndRequiredMatchTheParsers) {
  for (const auto& [path, method, op] : operations()) {
    if (method != "get") continue;
    const ParamMap base = required(op);
    for (const auto& p : op.value("parameters", json::array())) {
      if (p["in"] != "query") continue;
      SCOPED_TRACE(path + " " + p["name"].get<std::string>());
      ParameterProbe probe(this, "GET", concrete(path), base, p);
      const json& s = p["schema"];
      const json& values = s.value("type", "") == "array" ? s["items"] : s;
      if (s["type"] == "integer") {
        const auto min = s["minimum"].get<std::size_t>(), max = s["maximum"].get<std::size_t>();
        probe.accepts(std::to_string(min));
        probe.accepts(std::to_string(max));
        probe.refuses(std::to_string(max + 1));
        if (min > 0) probe.refuses(std::to_string(min - 1));
        probe.refuses("ten");
      } else if (s["type"] == "boolean") {
        probe.accepts("true");
        probe.accepts("false");
        probe.refuses("maybe");
      } else if (s.value("format", "") == "date") {
        probe.accepts("2024-02-29");
        probe.refuses("2024-02-30");
      } else if (s.contains("maxLength")) {
        const auto most = s["maxLength"].get<std::size_t>();
        probe.accepts(std::string(most, 'a'));
        probe.refuses(std::string(most + 1, 'a'));
      }
      if (values.contains("enum")) {
        for (const auto& v : values["enum"]) probe.accepts(v.get<std::string>());
        probe.refuses("zz-not-a-value");
      }
      if (s.contains("pattern")) probe.refuses("zz-not-a-value");
      if (s.contains("default")) probe.default_is(s["default"]);
      if (p["required"] == true) {
        ParamMap without = base;
        without.erase(p["name"].get<std::string>());
        const auto r = call("GET", concrete(path), without);
        EXPECT_EQ(r.status, 400);
        EXPECT_EQ(json::parse(r.body)["error"].value("parameter", ""), p["name"]);
      }
    }
  }
}

// The facets switch: every facet name its pattern allows is counted.
TEST_F(OpenApiTest, FacetsPatternNamesTheCountableFacets) {
  for (const auto& p : doc_["paths"]["/v1/search"]["get"]["parameters"]) {
    if (p["name"] != "facets") continue;
    for (const auto& f : layout::kFacets) {
      const auto r = call("GET", "/v1/search", {{"facets", std::string(f.name)}});
      ASSERT_EQ(r.status, 200) << f.name;
      EXPECT_TRUE(json::parse(r.body)["facets"].contains(std::string(f.name)));
      EXPECT_NE(p["schema"]["pattern"].get<std::string>().find(std::string(f.name)), std::string::npos);
    }
  }
}

// A path argument that names nothing is a 404 the operation describes.
TEST_F(OpenApiTest, UnknownPathArgumentsAreDescribed404s) {
  for (const auto& [path, method, op] : operations()) {
    if (path.find('{') == std::string::npos || method != "get") continue;
    std::string unknown = path;
    unknown.replace(path.find('{'), path.find('}') - path.find('{') + 1, "no-such-thing-zz");
    EXPECT_EQ(call("GET", concrete(unknown)).status, 404) << unknown;
    EXPECT_TRUE(op["responses"].contains("404")) << path;
  }
}

// POST /v1/similar: the body's fields, required one, ranges and nulls.
TEST_F(OpenApiTest, SimilarBodyMatchesItsParser) {
  const json& body = doc_["paths"]["/v1/similar"]["post"]["requestBody"]["content"]["application/json"]["schema"];
  std::set<std::string> described;
  for (const auto& [name, schema] : body["properties"].items()) described.insert(name);
  const auto unknown = call("POST", "/v1/similar", {}, R"({"text": "data", "zz": 1})");
  ASSERT_EQ(unknown.status, 400);
  EXPECT_EQ(described, names_taken(json::parse(unknown.body)["error"]["message"]));
  EXPECT_EQ(body["additionalProperties"], false);
  for (const auto& name : body["required"]) {
    const auto r = call("POST", "/v1/similar", {}, "{}");
    EXPECT_EQ(json::parse(r.body)["error"]["parameter"], name);
  }
  for (const auto& [name, schema] : body["properties"].items()) {
    const auto post = [&](const json& value) {
      json b = {{"text", "we may share your data"}};
      b[name] = value;
      return call("POST", "/v1/similar", {}, b.dump());
    };
    const auto types = schema["type"];
    if (std::find(types.begin(), types.end(), "null") != types.end()) {
      EXPECT_EQ(post(nullptr).status, 200) << name;
    }
    if (schema.contains("maximum")) {
      EXPECT_EQ(post(schema["maximum"]).status, 200) << name;
      EXPECT_EQ(post(schema["minimum"]).status, 200) << name;
      EXPECT_EQ(post(schema["maximum"].get<std::size_t>() + 1).status, 400) << name;
    }
    if (schema.contains("default")) {
      auto with = json::parse(post(schema["default"]).body), without = json::parse(post(nullptr).body);
      EXPECT_EQ(with, without) << name;
    }
  }
}

}  // namespace
}  // namespace clause::server
