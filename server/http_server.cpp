#include "server/http_server.h"

#include <httplib.h>

#include <set>
#include <string_view>

#include "server/json_render.h"
#include "server/worker_pool.h"

namespace clause::server {

struct HttpServer::Impl {
  std::unique_ptr<httplib::Server> server;
  bool tls = false;
};

namespace {

void send(const ApiResponse& from, httplib::Response& to) {
  to.status = from.status;
  // JSON holds clause text as data; never let a browser sniff it as HTML.
  // httplib's set_header adds a line: the page's files already carry it.
  to.set_header("X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : from.headers) {
    if (name != "X-Content-Type-Options") to.set_header(name, value);
  }
  to.set_content(from.body, from.content_type.c_str());
}

// Query-string parameters, decoded. Not httplib's parse_query_text: it
// drops empty names (so `?=x` became a parameter named "x") and keeps only
// the text after the last '=' of a value. Here the first '=' splits name
// from value, and an empty name is kept for the parser to refuse by name.
// Exact repeats of a pair are dropped, as httplib did.
ParamMap parse_query(std::string_view query) {
  ParamMap params;
  std::set<std::string_view> seen;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty() || !seen.insert(pair).second) continue;
    const auto eq = pair.find('=');
    const std::string name(pair.substr(0, eq));
    const std::string value(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    params.emplace(httplib::detail::decode_url(name, true), httplib::detail::decode_url(value, true));
  }
  return params;
}

// What the Api needs of any request, even one the transport refused: the
// path as sent (the router decodes each argument after splitting at '/', so
// an id with a '/' (%2F) stays one argument; httplib's req.path is already
// decoded) and the Origin for CORS.
ApiRequest api_request(const httplib::Request& req) {
  ApiRequest request;
  request.method = req.method;
  request.path = req.target.substr(0, req.target.find('?'));
  request.origin = req.get_header_value("Origin");
  request.authorization = req.get_header_value("Authorization");
  request.api_key = req.get_header_value("X-API-Key");
  return request;
}

// The whole HTTP/1.1 response a connection gets when every worker is busy.
std::string busy_response() {
  const ApiResponse r = error_response(503, "server busy; retry shortly");
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + r.content_type +
         "\r\nContent-Length: " + std::to_string(r.body.size()) +
         "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + r.body;
}

std::string transport_message(int status) {
  switch (status) {
    case 413: return "request body too large";
    case 414: return "request URI too long";
    case 431: return "request header fields too large";
    default: return "bad request";
  }
}

std::unique_ptr<httplib::Server> make_server(const TlsFiles& tls) {
  if (!tls.enabled()) return std::make_unique<httplib::Server>();
  return std::make_unique<httplib::SSLServer>(tls.cert.c_str(), tls.key.c_str());
}

}  // namespace

HttpServer::HttpServer(const Api& api, const ServerLimits& limits, const TlsFiles& tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->server = make_server(tls);
  impl_->tls = tls.enabled();
  auto& svr = *impl_->server;
  const PoolLimits pool{limits.threads, limits.max_queue, limits.timeout_seconds};
  // Over TLS a plain-text answer would be garbage to the client: just close.
  const std::string busy = tls.enabled() ? std::string() : busy_response();
  svr.new_task_queue = [pool, busy] { return new BoundedPool(pool, busy); };
  svr.set_payload_max_length(limits.max_body_bytes);
  svr.set_read_timeout(limits.timeout_seconds, 0);
  svr.set_write_timeout(limits.timeout_seconds, 0);
  svr.set_keep_alive_max_count(100);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle
  // and delayed ACKs add ~40 ms to every keep-alive response.
  svr.set_tcp_nodelay(true);

  // Every method reaches the Api, which knows the routes and answers 405.
  const auto handler = [&api](const httplib::Request& req, const std::string& body,
                               httplib::Response& res) {
    BoundedPool::request_started();
    ApiRequest request = api_request(req);
    // Parameters come from the query string only: `curl -d '{"text": ...}'`
    // sends its JSON as a form-encoded body, which is still the body.
    if (const auto mark = req.target.find('?'); mark != std::string::npos) {
      request.params = parse_query(std::string_view(req.target).substr(mark + 1));
    }
    request.body = body;
    send(api.handle(request), res);
  };
  // Runs before httplib's own routing, which matches every request against
  // a std::regex per handler (".*" here): a request without a body is
  // answered right here, a few percent of a /v1/clauses/{id} answer saved.
  // Requests with a body go on to the handlers below, after httplib has read
  // the body. A POST, PUT or PATCH without Content-Length has no body
  // (RFC 9112 6.3), but httplib 0.11 answers it a bare 400: no Allow, CORS
  // or request id, and not logged.
  svr.set_pre_routing_handler([&api, handler](const httplib::Request& req, httplib::Response& res) {
    std::size_t bytes = 0;
    for (const auto& [name, value] : req.headers) bytes += name.size() + value.size() + 4;
    if (bytes > kMaxHeaderBytes || req.headers.size() > kMaxHeaderFields) {
      send(api.refuse(api_request(req), 431, transport_message(431)), res);
      return httplib::Server::HandlerResponse::Handled;
    }
    const bool bodiless = !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding");
    if (bodiless) {
      handler(req, std::string(), res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const auto plain = [handler](const httplib::Request& req, httplib::Response& res) {
    handler(req, req.body, res);
  };
  // Bodies are read here, as sent: left to httplib, a form-encoded body
  // (what `curl -d` sends, JSON or not) over 8 KiB is a bare 413 whatever
  // --max-body-bytes says, and is parsed as a form. The limit stays httplib's
  // payload_max_length: past it the read fails with res.status 413 and the
  // error handler below writes the JSON error. A multipart body is not JSON:
  // it is read and dropped, and the empty body is refused by the Api.
  const auto with_body = [handler](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& read) {
    std::string body;
    const bool ok =
        req.is_multipart_form_data()
            ? read([](const httplib::MultipartFormData&) { return true; },
                   [](const char*, std::size_t) { return true; })
            : read([&body](const char* data, std::size_t size) {
                body.append(data, size);
                return true;
              });
    if (ok) {
      handler(req, body, res);
    } else if (res.status < 400) {
      res.status = 400;  // a read that failed for another reason than size
    }
  };
  svr.Get(".*", plain);
  svr.Post(".*", with_body);
  svr.Put(".*", with_body);
  svr.Patch(".*", with_body);
  svr.Delete(".*", with_body);
  svr.Options(".*", plain);
  // Called after every response is written: the next request's clock starts.
  svr.set_logger([](const httplib::Request&, const httplib::Response&) {
    BoundedPool::response_sent();
  });

  // Called for every response of status >= 400: only fill in the ones the
  // transport made itself (they have no body yet), through the Api, so that
  // they too carry a request id and CORS headers and are counted and logged.
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [&api](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    send(api.refuse(api_request(req), res.status, transport_message(res.status)), res);
    return httplib::Server::HandlerResponse::Handled;
  }));
  // The Api catches everything; this is a last resort that still answers JSON.
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send(error_response(500, "internal error"), res);
  });
}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::bind(const std::string& host, int port) {
  auto& svr = *impl_->server;
  if (!svr.is_valid()) {
    return Error::unavailable(impl_->tls ? "cannot load the TLS certificate or key (--tls-cert, "
                                           "--tls-key): unreadable, not PEM, or not a pair"
                                         : "cannot create the HTTP server");
  }
  const int bound = port == 0 ? svr.bind_to_any_port(host) : (svr.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return Error::unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                              " (address in use, or not an address of this machine)");
  }
  return bound;
}

bool HttpServer::listen() { return impl_->server->listen_after_bind(); }
void HttpServer::stop() { impl_->server->stop(); }
bool HttpServer::is_running() const { return impl_->server->is_running(); }

}  // namespace clause::server
