#include "server/http_api.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <string_view>

#include "server/compression.h"
#include "server/conditional.h"
#include "server/history_routes.h"
#include "server/json_render.h"
#include "server/openapi.h"
#include "server/opensearch.h"
#include "server/url_text.h"
#include "server/web_assets.h"

namespace clause::server {
namespace {

using nlohmann::json;

ApiResponse json_response(const json& body, int status = 200) {
  ApiResponse r;
  r.status = status;
  // Invalid UTF-8 cannot reach here from the index, but never throw on it.
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

// Parse, call, render: the whole body of a typical handler.
template <class Req, class Call, class Render>
ApiResponse respond(const Result<Req>& request, Call&& call, Render&& render) {
  if (!request) return error_response(request.error());
  auto result = call(*request);
  if (!result) return error_response(result.error());
  return json_response(render(std::move(*result)));
}

}  // namespace

const char* error_code(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 431: return "headers_too_large";
    case 429: return "too_many_requests";
    case 501: return "not_implemented";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "bad_request";
  }
}

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_argument: return 400;
    case ErrorKind::not_found: return 404;
    case ErrorKind::too_large: return 413;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

ApiResponse error_response(const Error& error, const std::string& request_id) {
  const int status = http_status(error.kind);
  return json_response(error_json(error_code(status), error.message, error.field, request_id), status);
}

ApiResponse error_response(int status, const std::string& message, const std::string& request_id) {
  return json_response(error_json(error_code(status), message, {}, request_id), status);
}

ApiResponse error_response_naming(int status, const std::string& parameter, const std::string& message) {
  return json_response(error_json(error_code(status), message, parameter, {}), status);
}

Api::Api(const search::SearchService& service, Metrics& metrics, CorsPolicy cors)
    : service_(service), metrics_(metrics), cors_(std::move(cors)),
      rendered_records_(std::make_unique<RenderedRecordCache>()) {
  std::random_device rd;
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%06x-", rd() & 0xFFFFFFu);
  id_prefix_ = prefix;
  register_routes();
  register_change_routes();
  register_write_routes();
  register_web_routes();
  // One record, or an answer the catalog keeps per revision: see is_lookup().
  static const std::set<std::string_view> kLookups = {
      "/healthz", "/metrics", "/v1/clauses/{id}", "/v1/categories", "/v1/categories/{slug}",
      "/v1/types", "/v1/types/{slug}", "/v1/platforms", "/v1/platforms/{slug}", "/v1/compare",
      "/opensearch.xml"};
  for (auto& route : routes_) {
    if (route.method == "GET" && kLookups.count(route.name) != 0) route.lookup = true;
  }
}

Api::~Api() = default;

void Api::add(std::string method, std::string name, Handler handler, Access access) {
  routes_.push_back({std::move(method), std::move(name), std::move(handler), access});
}

std::vector<std::pair<std::string, std::string>> Api::routes() const {
  std::vector<std::pair<std::string, std::string>> table;
  for (const auto& route : routes_) table.emplace_back(route.method, route.name);
  return table;
}

// A path template against a path as sent, segment by segment: a `{name}`
// segment takes one non-empty segment, percent-decoded afterwards (so
// "a%2Fb" is the id "a/b"); any other must be equal. A plain comparison
// instead of std::regex, which cost 6% of a /v1/clauses/{id} answer.
bool Api::matches(std::string_view name, std::string_view path, PathArgs& args) {
  args.clear();
  while (!name.empty() && !path.empty()) {
    const auto name_end = std::min(name.find('/', 1), name.size());
    const auto path_end = std::min(path.find('/', 1), path.size());
    const std::string_view want = name.substr(0, name_end), got = path.substr(0, path_end);
    if (want.size() > 2 && want[1] == '{') {
      if (got.size() < 2 || got[0] != '/') return false;
      args.emplace_back(percent_decoded(got.substr(1)));
    } else if (want != got) {
      return false;
    }
    name.remove_prefix(name_end);
    path.remove_prefix(path_end);
  }
  return name.empty() && path.empty();
}

void Api::register_routes() {
  const search::SearchService& s = service_;
  add("GET", "/healthz", [&s](const ApiRequest& req, const PathArgs&) {
    if (auto ok = parse_no_params(req.params); !ok) return error_response(ok.error());
    auto info = s.info();
    return info ? json_response(to_json(*info)) : error_response(info.error());
  }, Access::open);
  add("GET", "/metrics", [this](const ApiRequest& req, const PathArgs&) {
    if (auto ok = parse_no_params(req.params); !ok) return error_response(ok.error());
    ApiResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics_.render();
    return r;
  }, Access::admin);
  add("GET", "/v1/search", [&s](const ApiRequest& req, const PathArgs&) {
    return respond(parse_search(req.params), [&s](const auto& r) { return s.search(r); },
                   [](auto&& r) { return to_json(std::move(r)); });
  });
  // Ids never contain '/', so /similar is not taken for an id.
  add("GET", "/v1/clauses/{id}/similar",
      [&s](const ApiRequest& req, const PathArgs& args) {
        return respond(parse_similar(args[0], req.params), [&s](const auto& r) { return s.similar(r); },
                       [](const auto& r) { return to_json(r); });
      });
  add("POST", "/v1/similar", [&s](const ApiRequest& req, const PathArgs&) {
    if (auto ok = parse_no_params(req.params); !ok) return error_response(ok.error());
    return respond(parse_similar_text(req.body), [&s](const auto& r) { return s.similar_text(r); },
                   [](const auto& r) { return to_json(r); });
  });
  add("GET", "/v1/clauses/{id}/history", [&s](const ApiRequest& req, const PathArgs& args) {
    return history_answer(s, req, args[0]);
  });
  add("GET", "/v1/clauses/{id}", [&s, cache = rendered_records_.get()](const ApiRequest& req, const PathArgs& args) {
    return clause_answer(s, req, args[0], *cache);
  });
  add("GET", "/v1/categories", [&s](const ApiRequest& req, const PathArgs&) {
    return respond(parse_no_params(req.params), [&s](bool) { return s.categories(); },
                   [](const auto& r) { return categories_json(r); });
  });
  add("GET", "/v1/categories/{slug}",
      [&s](const ApiRequest& req, const PathArgs& args) {
        return respond(parse_category(args[0], req.params), [&s](const auto& r) { return s.category(r); },
                       [](const auto& r) { return category_json(r); });
      });
  add("GET", "/v1/types", [&s](const ApiRequest& req, const PathArgs&) {
    return respond(parse_types(req.params), [&s](const auto& r) { return s.types(r); },
                   [](const auto& r) { return types_json(r); });
  });
  add("GET", "/v1/types/{slug}", [&s](const ApiRequest& req, const PathArgs& args) {
    return respond(parse_type(args[0], req.params), [&s](const auto& r) { return s.type(r); },
                   [](const auto& r) { return type_json(r); });
  });
  add("GET", "/v1/platforms", [&s](const ApiRequest& req, const PathArgs&) {
    return respond(parse_no_params(req.params), [&s](bool) { return s.platforms(); },
                   [](const auto& r) { return platforms_json(r); });
  });
  add("GET", "/v1/platforms/{slug}",
      [&s](const ApiRequest& req, const PathArgs& args) {
        return platform_answer(s, req, args[0]);
      });
  add("GET", "/v1/compare", [&s](const ApiRequest& req, const PathArgs&) {
    return respond(parse_compare(req.params), [&s](const auto& r) { return s.compare(r); },
                   [](const auto& r) { return to_json(r); });
  });
}

// The page and widget: exact paths only (no pattern reaches a file name),
// query parameters are the page's business, not the server's.
void Api::register_web_routes() {
  for (const WebAsset& asset : web_assets()) {
    add("GET", std::string(asset.path), [this, &asset](const ApiRequest&, const PathArgs&) {
      ApiResponse r;
      r.content_type = asset.content_type;
      r.body = std::string(asset.body);
      r.headers = web_headers(asset, cors_.origins());
      return r;
    }, Access::open);
    routes_.back().lookup = true;
  }
  // Linked from the page's <head> (rel="search") so a browser can add it.
  add("GET", "/opensearch.xml", [this](const ApiRequest&, const PathArgs&) {
    ApiResponse r;
    r.content_type = kOpenSearchContentType;
    r.body = opensearch_xml(public_url_);
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("ETag", entity_tag(r.body));
    return r;
  }, Access::open);
  add("GET", std::string(kOpenApiPath), [this](const ApiRequest&, const PathArgs&) {
    ApiResponse r = json_response(openapi_document(public_url_));
    r.headers.emplace_back("ETag", entity_tag(r.body));
    return r;
  }, Access::open);
}

namespace {

// The methods a path takes, as an Allow header says them (RFC 9110 10.2.1):
// HEAD wherever GET is (it is answered as GET), and OPTIONS everywhere.
std::string with_head_and_options(const std::string& methods) {
  std::string out;
  std::string_view rest = methods;
  while (!rest.empty()) {
    const auto comma = rest.find(", ");
    const std::string_view method = rest.substr(0, comma);
    rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 2);
    out += (out.empty() ? "" : ", ") + std::string(method);
    if (method == "GET") out += ", HEAD";
  }
  return out + ", OPTIONS";
}

}  // namespace

ApiResponse Api::dispatch(const ApiRequest& request, std::string& route_name,
                          std::string& key_name) const {
  // HEAD is answered like GET (the transport drops the body).
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  std::string allowed;
  PathArgs args;
  for (const auto& route : routes_) {
    if (!matches(route.name, request.path, args)) continue;
    route_name = route.name;
    if (route.method != method) {
      allowed += (allowed.empty() ? "" : ", ") + route.method;
      continue;
    }
    if (auto refused = authorize(request, route.access, key_name)) return std::move(*refused);
    return route.handler(request, args);
  }
  if (!allowed.empty()) allowed = with_head_and_options(allowed);
  if (!allowed.empty() && request.method == "OPTIONS") {
    ApiResponse r;
    r.status = 204;
    r.headers.emplace_back("Allow", allowed);
    for (auto& h : cors_.preflight_headers(request.origin, allowed)) r.headers.push_back(std::move(h));
    return r;
  }
  if (!allowed.empty()) {
    auto r = error_response(405, "method " + request.method + " is not allowed on " + request.path +
                                     "; allowed: " + allowed);
    r.headers.emplace_back("Allow", allowed);
    return r;
  }
  if (request.method == "OPTIONS" && request.path == "*") {
    // The server as a whole (RFC 9110 9.3.7): every method some route takes.
    ApiResponse r;
    r.status = 204;
    r.headers.emplace_back("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
    return r;
  }
  route_name = "unmatched";
  return error_response(404, "no such endpoint: " + request.path + " (see docs/API.md)");
}

ApiResponse Api::handle(const ApiRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  const std::string request_id = id_prefix_ + std::to_string(++next_id_);
  std::string route_name = "unmatched", key_name;
  ApiResponse response;
  try {
    response = dispatch(request, route_name, key_name);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", request_id, request.method, request.path, e.what());
    response = error_response(500, "internal error; quote request id " + request_id, request_id);
  } catch (...) {
    spdlog::error("request {} {} {} failed with an unknown exception", request_id, request.method,
                  request.path);
    response = error_response(500, "internal error; quote request id " + request_id, request_id);
  }
  return finish(request, std::move(response), route_name, start, request_id, key_name);
}

bool Api::is_lookup(const ApiRequest& request) const {
  if (request.method == "OPTIONS") return true;  // answered from the route table
  if (request.method != "GET" && request.method != "HEAD") return false;
  PathArgs args;
  for (const auto& route : routes_) {
    if (route.method == "GET" && matches(route.name, request.path, args)) return route.lookup;
  }
  return true;  // a 404 is answered at once
}

ApiResponse Api::refuse(const ApiRequest& request, int status, const std::string& message) const {
  const auto start = std::chrono::steady_clock::now();
  const std::string request_id = id_prefix_ + std::to_string(++next_id_);
  std::string route_name = "unmatched";
  PathArgs args;
  for (const auto& route : routes_) {
    if (matches(route.name, request.path, args)) {
      route_name = route.name;
      break;
    }
  }
  return finish(request, error_response(status, message), route_name, start, request_id);
}

ApiResponse Api::finish(const ApiRequest& request, ApiResponse response, const std::string& route_name,
                        std::chrono::steady_clock::time_point start,
                        const std::string& request_id, const std::string& key_name) const {
  response.headers.emplace_back("X-Request-Id", request_id);
  for (auto& h : cors_.response_headers(request.origin)) response.headers.push_back(std::move(h));
  answer_for_client(response, request.method, request.if_none_match, accepts_gzip(request.accept_encoding),
                    request.gzip_min_bytes);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.observe(route_name, response.status, seconds);
  if (!key_name.empty()) metrics_.observe_key(key_name, response.status);
  spdlog::info("{} {} {} {:.2f}ms id={}{}{}", request.method, request.path, response.status,
               seconds * 1000.0, request_id, key_name.empty() ? "" : " key=", key_name);
  return response;
}

}  // namespace clause::server
