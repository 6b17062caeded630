#include "server/openapi.h"

#include <utility>

#include "search/requests.h"
#include "server/http_api.h"
#include "server/opensearch.h"
#include "server/openapi_parts.h"
#include "server/web_assets.h"

namespace clause::server {
namespace openapi {

namespace {

// The error statuses the server answers, what each means here. Their `code`
// comes from error_code(), the one the answers carry.
struct ErrorStatus {
  int status;
  const char* when;
};
constexpr ErrorStatus kErrorStatuses[] = {
    {400, "A parameter or body field is wrong (unknown, malformed, out of range); `parameter` names it."},
    {401, "With --keys: no API key, or one the server does not know (WWW-Authenticate says how to send one)."},
    {403, "With --keys: a search key on an admin route, or writes are off (no --keys, or a sharded index)."},
    {404, "No such clause, category, platform or path."},
    {405, "Wrong method on a known path (the `Allow` header lists the right ones)."},
    {429, "With --keys: the key is over its rate limit (Retry-After says when to retry)."},
    {413, "The request body is over --max-body-bytes, or a field over its size (`parameter` names it)."},
    {414, "The request line is over 8 KiB."},
    {431, "The request headers are over 16 KiB or more than 100 fields."},
    {500, "An unexpected failure, logged with the `request_id` of the body."},
    {503, "The index cannot be read right now, or every worker is busy (then with Retry-After)."},
};
// Every route can give these: a bad request line or parameter, the
// transport's limits, a failure, an unreadable index or a full queue.
constexpr int kEveryRouteErrors[] = {400, 413, 414, 431, 500, 503};

json request_id_header() { return {{"$ref", "#/components/headers/X-Request-Id"}}; }

json error_schema() {
  json error = {{"type", "object"},
                {"required", {"code", "message"}},
                {"additionalProperties", false},
                {"properties",
                 {{"code", {{"type", "string"}, {"description", "Machine-readable, one per status."}}},
                  {"message", {{"type", "string"}, {"description", "What was wrong, for a person."}}},
                  {"parameter",
                   {{"type", "string"},
                    {"description", "The query parameter or body field the error is about."}}},
                  {"request_id",
                   {{"type", "string"}, {"description", "Given on a 500: quote it when reporting."}}}}}};
  return {{"type", "object"},
          {"required", {"error"}},
          {"additionalProperties", false},
          {"properties", {{"error", std::move(error)}}}};
}

}  // namespace

json schema_ref(std::string_view name) { return {{"$ref", "#/components/schemas/" + std::string(name)}}; }

json whole_number(std::size_t min, std::size_t max, std::size_t fallback) {
  return {{"type", "integer"}, {"minimum", min}, {"maximum", max}, {"default", fallback}};
}

json one_of_strings(const std::vector<std::string>& values) {
  return {{"type", "string"}, {"enum", values}};
}

json nullable(json schema) {
  schema["type"] = json::array({schema["type"], "null"});
  if (schema.contains("enum")) schema["enum"].push_back(nullptr);
  return schema;
}

json query_param(std::string_view name, json schema, std::string description, bool required) {
  return {{"name", name},           {"in", "query"},     {"required", required},
          {"schema", std::move(schema)}, {"description", std::move(description)}};
}

json list_param(std::string_view name, json item_schema, std::string description) {
  json p = query_param(name, {{"type", "array"}, {"items", std::move(item_schema)}},
                       std::move(description) + " Repeat the parameter or give a comma list.");
  p["style"] = "form";
  p["explode"] = true;
  return p;
}

json path_param(std::string_view name, std::string description) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"schema", {{"type", "string"}, {"minLength", 1}}},
          {"description", std::move(description) + " Percent-encode it as one path segment."}};
}

std::vector<json> paging_params(std::size_t min_limit, std::string_view what) {
  return {query_param(search::param::kLimit,
                      whole_number(min_limit, search::limits::kMaxLimit, search::limits::kDefaultLimit),
                      "How many " + std::string(what) + " to return."),
          query_param(search::param::kOffset, whole_number(0, search::limits::kMaxOffset, 0),
                      "How many " + std::string(what) + " to skip.")};
}

json json_answer(std::string description, json schema) {
  return {{"description", std::move(description)},
          {"headers", {{"X-Request-Id", request_id_header()}}},
          {"content", {{"application/json", {{"schema", std::move(schema)}}}}}};
}

json text_answer(std::string description, std::string_view content_type) {
  return {{"description", std::move(description)},
          {"headers", {{"X-Request-Id", request_id_header()}}},
          {"content", {{std::string(content_type), {{"schema", {{"type", "string"}}}}}}}};
}

json operation(std::string summary, std::string description, std::vector<json> parameters, json ok,
               std::initializer_list<int> more_errors) {
  json op = {{"summary", std::move(summary)}, {"description", std::move(description)}};
  if (!parameters.empty()) op["parameters"] = std::move(parameters);
  json responses = {{"200", std::move(ok)}};
  const auto add_error = [&](int status) {
    responses[std::to_string(status)] = {{"$ref", "#/components/responses/" + std::string(error_code(status))}};
  };
  for (const int status : kEveryRouteErrors) add_error(status);
  for (const int status : more_errors) add_error(status);
  op["responses"] = std::move(responses);
  return op;
}

json error_components() {
  json responses = json::object();
  for (const auto& [status, when] : kErrorStatuses) {
    const std::string code = error_code(status);
    // The shared shape, with the code this status carries.
    const json code_is = {{"type", "object"}, {"properties", {{"code", {{"const", code}}}}}};
    json schema = {{"allOf",
                    {schema_ref("Error"), {{"type", "object"}, {"properties", {{"error", code_is}}}}}}};
    json headers = {{"X-Request-Id", request_id_header()}};
    if (status == 503 || status == 429) {
      headers["Retry-After"] = {{"description", "Seconds to wait: every worker or the index's writer was busy, "
                                                "or the key's rate was spent."},
                                {"schema", {{"type", "integer"}}}};
    }
    responses[code] = {{"description", when},
                       {"headers", std::move(headers)},
                       {"content", {{"application/json", {{"schema", std::move(schema)}}}}}};
  }
  json headers = {{"X-Request-Id",
                   {{"description", "The request's id (logged with it); quote it when reporting a 500."},
                    {"schema", {{"type", "string"}}}}}};
  return {{"responses", std::move(responses)}, {"headers", std::move(headers)}};
}

}  // namespace openapi

namespace {

using openapi::json;

// The page and widget files, /opensearch.xml and this document: the routes
// of register_web_routes(), which take no parameters. Each answer carries an
// ETag, and a request whose If-None-Match names it gets a 304 (conditional.h).
void add_web_paths(json& paths) {
  const auto revalidated = [](json operation) {
    operation["responses"]["304"] = {
        {"description", "Not modified: If-None-Match names the ETag of the answer; no body."}};
    return operation;
  };
  for (const WebAsset& asset : web_assets()) {
    paths[asset.path]["get"] = revalidated(openapi::operation(
        "The file " + asset.path + " of the search page and widget",
        "Compiled into the server. Query parameters are the page's business and ignored here.", {},
        openapi::text_answer("The file.", asset.content_type)));
  }
  paths["/opensearch.xml"]["get"] = revalidated(openapi::operation(
      "The OpenSearch description", "Lets a browser add the search page as a search engine.", {},
      openapi::text_answer("The OpenSearch 1.1 XML document.", kOpenSearchContentType)));
  paths[std::string(kOpenApiPath)]["get"] = revalidated(openapi::operation(
      "This description", "The OpenAPI 3.1 description of every route, parameter and answer.", {},
      openapi::json_answer("This document.", {{"type", "object"}})));
}

}  // namespace

json openapi_document(const std::string& public_url) {
  json paths = openapi::api_paths();
  add_web_paths(paths);
  json components = openapi::error_components();
  components["schemas"] = openapi::answer_schemas();
  components["schemas"]["Error"] = openapi::error_schema();
  // Keys are needed only when the server runs with --keys (docs/API.md "API
  // keys"): either header, or none ({}), satisfies the document.
  components["securitySchemes"] = {
      {"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
      {"apiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-API-Key"}}}};
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "Clause search API"},
            {"version", "1"},
            {"description",
             "Full-text search over the clauses of terms of service and privacy policies. "
             "All answers are JSON except /metrics, the page's files and /opensearch.xml; "
             "every answer carries X-Request-Id. docs/API.md has the details."}}},
          {"servers", {{{"url", public_url}}}},
          {"security", {{{"bearer", json::array()}}, {{"apiKey", json::array()}}, json::object()}},
          {"paths", std::move(paths)},
          {"components", std::move(components)}};
}

}  // namespace clause::server
