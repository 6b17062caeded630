// The HTTP API without the socket: routing, handlers, error mapping, access
// log and metrics. Requests and responses are plain structs, so handlers are
// tested without a server; http_server.h connects this to cpp-httplib.
//
// Every route is registered in register_routes(). Handlers have one shape:
// (request, path arguments) -> response; they parse parameters into typed
// requests, call the search service and render its result, nothing more.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "indexer/record_writes.h"
#include "schema/result.h"
#include "server/api_keys.h"
#include "server/cors.h"
#include "server/metrics.h"
#include "server/search_params.h"
#include "search/search_service.h"

namespace clause::server {

struct ApiRequest {
  std::string method = "GET";
  // As sent (percent-encoded), without the query string: the router splits
  // it at '/' first and decodes each argument afterwards, so an id holding
  // a '/' (sent as %2F) is one argument.
  std::string path;
  ParamMap params;   // decoded query parameters
  std::string body;
  std::string origin;  // the Origin header, empty when absent
  // The API key as sent (docs/API.md, "API keys"): the Authorization and
  // X-API-Key headers, empty when absent.
  std::string authorization;
  std::string api_key;
  // How this client takes the answer (server/compression.h): a 304 when
  // If-None-Match names its ETag, gzip when Accept-Encoding allows it and
  // the answer has at least gzip_min_bytes (the transport's setting; 0:
  // never). Applied before the answer is logged and counted.
  std::string if_none_match;
  std::string accept_encoding;
  std::size_t gzip_min_bytes = 0;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// The HTTP status for an engine error kind: the one place that maps them.
int http_status(ErrorKind kind);
// The `code` of the JSON error of an HTTP status ("bad_request" for 400).
const char* error_code(int status);
// The JSON error response for an engine error.
ApiResponse error_response(const Error& error, const std::string& request_id = {});
// A JSON error response for statuses the HTTP layer produces itself.
ApiResponse error_response(int status, const std::string& message,
                           const std::string& request_id = {});
// The same, naming the parameter (or header, or body field) at fault.
ApiResponse error_response_naming(int status, const std::string& parameter, const std::string& message);

class RenderedRecordCache;

class Api {
 public:
  // Both must outlive the Api. `cors` lists the origins whose pages may read
  // responses (and frame the widget); the default allows none.
  Api(const search::SearchService& service, Metrics& metrics, CorsPolicy cors = {});
  ~Api();

  // Answers one request; never throws. An unexpected exception is logged
  // with the request id and answered with a JSON 500 that carries that id.
  // Records the request in the metrics and writes one access-log line.
  // OPTIONS on a known path is a CORS preflight: 204 with Allow, plus the
  // Access-Control-* headers when the origin is allowed. Thread-safe.
  ApiResponse handle(const ApiRequest& request) const;

  // The same for a request the transport refused before the routes (413,
  // 414, 431, a malformed request's 400): the JSON error `status` with
  // `message`, a request id and CORS headers, counted and logged like any
  // other answer. Thread-safe.
  ApiResponse refuse(const ApiRequest& request, int status, const std::string& message) const;

  // Whether the request is a lookup: a read of a route answered from one
  // stored record, an answer kept per index revision (the catalog views) or
  // a fixed one, in microseconds. The transport answers lookups on its event
  // loops and runs everything else (searches, /similar, writes), which may
  // take milliseconds or more, on a pool apart. Thread-safe.
  bool is_lookup(const ApiRequest& request) const;

  // The base URL users reach the server at (Config::public_url, else the
  // address it listens on), for /opensearch.xml. Set before serving: it is
  // read by every worker and not guarded.
  void set_public_url(std::string url) { public_url_ = std::move(url); }

  // The route table as (method, path template), in the order of matching:
  // what the OpenAPI document must describe (tests/openapi_test.cpp).
  std::vector<std::pair<std::string, std::string>> routes() const;

  // Turns API keys on (--keys): from then on every route but the open ones
  // (the page's files, /healthz, /opensearch.xml) needs a key. Set before
  // serving; the store must outlive the Api and is itself thread-safe.
  void set_keys(KeyStore* keys) { keys_ = keys; }
  // Turns the write routes on (with keys on); nullptr or `off_reason` (why
  // writes are off, e.g. a sharded index) leaves them answering 403. Set
  // before serving; the writer must outlive the Api.
  void set_writer(RecordWriter* writer, std::string off_reason = {}) {
    writer_ = writer;
    writes_off_reason_ = std::move(off_reason);
  }

 private:
  using PathArgs = std::vector<std::string>;
  using Handler = std::function<ApiResponse(const ApiRequest&, const PathArgs&)>;
  // Who may call a route when keys are on: anyone, any key, admin keys;
  // `write` is admin, and off without keys or without a writer; `feed` is
  // `search` whose key may also come from the `key` query parameter (feed
  // readers send no headers), search keys only: a URL is logged and shared
  // by the tools it passes through, and must never carry a key that writes.
  enum class Access { open, search, admin, write, feed };
  struct Route {
    std::string method;
    std::string name;  // the path template, e.g. /v1/clauses/{id}: the metrics label
    Handler handler;
    Access access = Access::search;
    bool lookup = false;  // see is_lookup()
  };

  void register_routes();
  void register_web_routes();
  void register_write_routes();  // write_routes.cpp
  void register_change_routes();  // change_routes.cpp
  void add(std::string method, std::string name, Handler handler, Access access = Access::search);
  static bool matches(std::string_view name, std::string_view path, PathArgs& args);
  ApiResponse dispatch(const ApiRequest& request, std::string& route_name, std::string& key_name) const;
  // With keys on: nullopt when the request's key may call a route of
  // `access` (key_name set to the key's name), else the 401/403/429 answer.
  std::optional<ApiResponse> authorize(const ApiRequest& request, Access access,
                                       std::string& key_name) const;
  // Adds the request id and CORS headers, records metrics and the access line.
  ApiResponse finish(const ApiRequest& request, ApiResponse response, const std::string& route_name,
                     std::chrono::steady_clock::time_point start, const std::string& request_id,
                     const std::string& key_name = {}) const;

  const search::SearchService& service_;
  Metrics& metrics_;
  CorsPolicy cors_;
  // Stored records with their plain texts, per revision (GET /v1/clauses/{id}).
  std::unique_ptr<RenderedRecordCache> rendered_records_;
  KeyStore* keys_ = nullptr;
  RecordWriter* writer_ = nullptr;
  std::string writes_off_reason_;
  std::vector<Route> routes_;
  std::string id_prefix_;
  std::string public_url_ = "http://127.0.0.1:8080";
  mutable std::atomic<unsigned long> next_id_{0};
};

}  // namespace clause::server
