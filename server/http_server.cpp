#include "server/http_server.h"

#include <httplib.h>

#include "server/json_render.h"

namespace clause::server {

struct HttpServer::Impl {
  httplib::Server server;
};

namespace {

void send(const ApiResponse& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [name, value] : from.headers) to.set_header(name, value);
  to.set_content(from.body, from.content_type.c_str());
}

}  // namespace

HttpServer::HttpServer(const Api& api, const ServerLimits& limits) : impl_(std::make_unique<Impl>()) {
  auto& svr = impl_->server;
  const int threads = limits.threads;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  svr.set_payload_max_length(limits.max_body_bytes);
  svr.set_read_timeout(limits.timeout_seconds, 0);
  svr.set_write_timeout(limits.timeout_seconds, 0);
  svr.set_keep_alive_max_count(100);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle
  // and delayed ACKs add ~40 ms to every keep-alive response.
  svr.set_tcp_nodelay(true);

  // Every method reaches the Api, which knows the routes and answers 405.
  const auto handler = [&api](const httplib::Request& req, httplib::Response& res) {
    ApiRequest request;
    request.method = req.method;
    request.path = req.path;
    // Parameters come from the query string only: httplib also parses a
    // form-encoded body into req.params, and `curl -d '{"text": ...}'` sends
    // its JSON as exactly that.
    httplib::Params query;
    if (const auto mark = req.target.find('?'); mark != std::string::npos) {
      httplib::detail::parse_query_text(req.target.substr(mark + 1), query);
    }
    request.params = ParamMap(query.begin(), query.end());
    request.body = req.body;
    send(api.handle(request), res);
  };
  svr.Get(".*", handler);
  svr.Post(".*", handler);
  svr.Put(".*", handler);
  svr.Patch(".*", handler);
  svr.Delete(".*", handler);
  svr.Options(".*", handler);

  // Called for every response of status >= 400: only fill in the ones the
  // transport made itself (they have no body yet).
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const std::string message = res.status == 413 ? "request body too large" : "bad request";
    send(error_response(res.status, message), res);
    return httplib::Server::HandlerResponse::Handled;
  }));
  // The Api catches everything; this is a last resort that still answers JSON.
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send(error_response(500, "internal error"), res);
  });
}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::bind(const std::string& host, int port) {
  auto& svr = impl_->server;
  const int bound = port == 0 ? svr.bind_to_any_port(host) : (svr.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return Error::unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                              " (address in use, or not an address of this machine)");
  }
  return bound;
}

bool HttpServer::listen() { return impl_->server.listen_after_bind(); }
void HttpServer::stop() { impl_->server.stop(); }
bool HttpServer::is_running() const { return impl_->server.is_running(); }

}  // namespace clause::server
