#include "server/http_server.h"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "server/header_text.h"
#include "server/http_date.h"
#include "server/http_session.h"
#include "server/url_text.h"

namespace clause::server {
namespace transport {
namespace {

// Query-string parameters, decoded ('+' is a space there). The first '='
// splits name from value, an empty name is kept for the parser to refuse by
// name, and exact repeats of a pair are dropped.
ParamMap parse_query(std::string_view query) {
  ParamMap params;
  std::set<std::string_view> seen;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty() || !seen.insert(pair).second) continue;
    const auto eq = pair.find('=');
    const std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    params.emplace(form_decoded(pair.substr(0, eq)), form_decoded(value));
  }
  return params;
}

std::string header_value(const http::request<http::string_body>& req, http::field field) {
  const auto value = req[field];
  return std::string(value.data(), value.size());
}

// A target in absolute form ("http://host:port/path?query", which HTTP/1.1
// servers must accept, RFC 9112 3.2.2) as the path and query it names; any
// other target as it is.
std::string_view origin_form(std::string_view target) {
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (!same_ignoring_case(target.substr(0, scheme.size()), scheme)) continue;
    const auto rest = target.find_first_of("/?", scheme.size());
    return rest == std::string_view::npos ? std::string_view() : target.substr(rest);  // "": the root
  }
  return target;
}

}  // namespace

ApiRequest api_request_of(http::request<http::string_body>& req) {
  ApiRequest request;
  request.method = std::string(req.method_string());
  const std::string_view target = origin_form(std::string_view(req.target().data(), req.target().size()));
  const auto mark = target.find('?');
  request.path = mark == 0 || target.empty() ? "/" : std::string(target.substr(0, mark));
  // Parameters come from the query string only: `curl -d '{"text": ...}'`
  // sends its JSON as a form-encoded body, which is still the body.
  if (mark != std::string_view::npos) request.params = parse_query(target.substr(mark + 1));
  request.origin = header_value(req, http::field::origin);
  request.authorization = header_value(req, http::field::authorization);
  request.api_key = std::string(req["X-API-Key"]);
  request.if_none_match = header_value(req, http::field::if_none_match);
  request.accept_encoding = header_value(req, http::field::accept_encoding);
  // A multipart body is not JSON: the Api refuses the empty body by name.
  if (!beast::iequals(req[http::field::content_type].substr(0, 19), "multipart/form-data")) {
    request.body = std::move(req.body());
  }
  return request;
}

int refusal_status(const beast::error_code& code, std::string_view buffered) {
  if (code == http::error::body_limit) return 413;
  if (code == http::error::header_limit) {
    const auto line_end = buffered.find("\r\n");
    const bool long_line = line_end == std::string_view::npos ? buffered.size() > kMaxTargetBytes
                                                              : line_end > kMaxTargetBytes;
    return long_line ? 414 : 431;
  }
  return 400;
}

std::string refusal_message(int status, const beast::error_code& code) {
  switch (status) {
    case 413: return "request body too large";
    case 414: return "request URI too long";
    case 431: return "request header fields too large";
    default: return code ? "malformed HTTP request: " + code.message() : "bad request";
  }
}

int head_over_limits(const http::request_header<>& head) {
  if (head.target().size() > kMaxTargetBytes) return 414;
  std::size_t bytes = 0;
  std::size_t fields = 0;
  for (const auto& field : head) {
    bytes += field.name_string().size() + field.value().size() + 4;
    ++fields;
  }
  return bytes > kMaxHeaderBytes || fields > kMaxHeaderFields ? 431 : 0;
}

namespace {

// The transfer codings of a request, in the order applied, lower case
// (RFC 9112 6.1: a list, names case-blind, parameters after ';').
std::vector<std::string> transfer_codings(const http::request_header<>& head) {
  std::vector<std::string> out;
  for (const auto& field : head) {
    if (field.name() != http::field::transfer_encoding) continue;
    any_list_element(std::string_view(field.value().data(), field.value().size()), [&](std::string_view element) {
      std::string lower(trim_spaces(element.substr(0, element.find(';'))));
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.push_back(std::move(lower));
      return false;
    });
  }
  return out;
}

}  // namespace

HeadRefusal head_refusal(const http::request_header<>& head) {
  constexpr std::string_view kMalformed = "malformed HTTP request: ";
  if (head.version() >= 11) {
    const auto hosts = head.count(http::field::host);
    if (hosts == 0) return {400, std::string(kMalformed) + "an HTTP/1.1 request needs a Host header"};
    if (hosts > 1) return {400, std::string(kMalformed) + "more than one Host header"};
  }
  // A fragment is the client's business and never sent (RFC 9112 3.2: '#'
  // is in no form of the target); kept, it would end up in a parameter.
  if (head.target().find('#') != beast::string_view::npos) {
    return {400, std::string(kMalformed) + "a request target has no fragment ('#'): encode it as %23"};
  }
  const auto codings = transfer_codings(head);
  if (codings.empty() || codings == std::vector<std::string>{"chunked"}) return {};
  for (const auto& coding : codings) {
    if (coding != "chunked") {
      return {501, "Transfer-Encoding '" + coding + "' is not supported: send the body as it is, or chunked"};
    }
  }
  return {400, std::string(kMalformed) + "Transfer-Encoding: chunked more than once"};
}

http::response<http::string_body> beast_response(ApiResponse&& from, unsigned version,
                                                 bool keep_alive) {
  http::response<http::string_body> to{static_cast<http::status>(from.status), version};
  // JSON holds clause text as data; never let a browser sniff it as HTML.
  to.set("X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : from.headers) {
    if (!beast::iequals(name, "X-Content-Type-Options")) to.insert(name, value);
  }
  to.set(http::field::date, current_http_date());
  to.keep_alive(keep_alive);
  // A 304 has no body, and says nothing of one: a Content-Length of 0 would
  // tell a cache the stored answer is empty (RFC 9110 8.6, 15.4.5). A 204
  // must not carry one either (RFC 9110 8.6).
  if (from.status == 304 || from.status == 204) return to;
  to.set(http::field::content_type, from.content_type);
  to.body() = std::move(from.body);
  to.prepare_payload();
  return to;
}

}  // namespace transport

using namespace transport;
using tcp = asio::ip::tcp;

// Each thread runs an event loop of its own, and each connection lives on one
// loop: a request is read, answered and written by one thread, with no hand-
// over between threads (a thread per connection slept and woke on every
// request: a third of the CPU of a clause fetch went to switching threads).
struct HttpServer::Impl {
  explicit Impl(const Api& api, const ServerLimits& limits) : context(api, limits) {}

  SessionContext context;
  std::vector<std::unique_ptr<asio::io_context>> loops;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::optional<asio::ssl::context> tls;
  std::string tls_error;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> retry_accept_timer;
  bool accept_failing = false;  // on the accepting loop only
  std::size_t next_loop = 0;
  std::atomic<bool> running{false};
  bool stopping() const { return context.stopping; }

  void accept();
  void turn_away(tcp::socket& socket);
};

namespace {

// The whole HTTP/1.1 answer of a connection over the limit.
std::string busy_response() {
  const ApiResponse r = error_response(503, "server busy; retry shortly");
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + r.content_type +
         "\r\nContent-Length: " + std::to_string(r.body.size()) +
         "\r\nRetry-After: 1\r\nDate: " + current_http_date() + "\r\nConnection: close\r\n\r\n" + r.body;
}

}  // namespace

void HttpServer::Impl::accept() {
  auto& loop = *loops[next_loop];
  next_loop = (next_loop + 1) % loops.size();
  acceptor->async_accept(loop, [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (stopping() || ec == asio::error::operation_aborted) return;
      // Out of descriptors (ulimit -n below --max-connections) or memory:
      // retried after a pause, not in a loop that would take a core.
      // Said once for a spell of failures, not ten times a second.
      spdlog::log(accept_failing ? spdlog::level::debug : spdlog::level::warn,
                  "accept failed: {}; retrying every 100 ms", ec.message());
      accept_failing = true;
      retry_accept_timer->expires_after(std::chrono::milliseconds(100));
      retry_accept_timer->async_wait([this](beast::error_code waited) {
        if (!waited && !stopping()) accept();
      });
      return;
    }
    if (accept_failing) spdlog::info("accepting connections again");
    accept_failing = false;
    if (context.open.load() >= context.limits.max_connections) {
      turn_away(socket);
    } else {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      const auto executor = socket.get_executor();
      if (tls) {
        auto session = std::make_shared<Session<TlsStream>>(context, std::move(socket), *tls);
        asio::post(executor, [session] { session->start(); });
      } else {
        auto session = std::make_shared<Session<PlainStream>>(context, std::move(socket));
        asio::post(executor, [session] { session->start(); });
      }
    }
    accept();
  });
}

// Reads what the client already sent (closing a socket with unread data
// resets the connection, which can destroy the answer), answers 503 (over
// TLS a plain-text answer would be garbage: just closes) and shuts the
// socket down. Never blocks: this runs on the accepting loop.
void HttpServer::Impl::turn_away(tcp::socket& socket) {
  const int fd = socket.native_handle();
  char buf[4096];
  for (int i = 0; i < 16 && ::recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0; ++i) {
  }
  if (!tls) {
    const std::string answer = busy_response();  // dated now
    [[maybe_unused]] const auto sent = ::send(fd, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  }
  ::shutdown(fd, SHUT_RDWR);
  spdlog::debug("busy: turned away a connection over --max-connections");
}

HttpServer::HttpServer(const Api& api, const ServerLimits& limits, const TlsFiles& tls)
    : impl_(std::make_unique<Impl>(api, limits)) {
  const int threads = std::max(1, limits.threads);
  for (int i = 0; i < threads; ++i) {
    impl_->loops.push_back(std::make_unique<asio::io_context>(1));
    impl_->keep_running.push_back(asio::make_work_guard(*impl_->loops.back()));
  }
  impl_->retry_accept_timer.emplace(*impl_->loops.front());
  if (tls.enabled()) {
    try {
      asio::ssl::context context(asio::ssl::context::tls_server);
      context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                          asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                          asio::ssl::context::no_tlsv1_1);
      context.use_certificate_chain_file(tls.cert);
      context.use_private_key_file(tls.key, asio::ssl::context::pem);
      if (SSL_CTX_check_private_key(context.native_handle()) != 1) {
        throw std::runtime_error("the key is not the certificate's");
      }
      impl_->tls.emplace(std::move(context));
    } catch (const std::exception& e) {
      impl_->tls_error = e.what();
    }
  }
}

HttpServer::~HttpServer() {
  stop();
  // The pool of work posts its answers to the loops: done before they go.
  impl_->context.work.join();
  // Sessions still queued on a loop hold a reference to the context: gone first.
  impl_->acceptor.reset();
  impl_->retry_accept_timer.reset();
  impl_->keep_running.clear();
  impl_->loops.clear();
}

Result<int> HttpServer::bind(const std::string& host, int port) {
  if (!impl_->tls_error.empty()) {
    return Error::unavailable("cannot load the TLS certificate or key (--tls-cert, --tls-key): " +
                              impl_->tls_error);
  }
  const std::string where = "cannot listen on " + host + ":" + std::to_string(port);
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) return Error::unavailable(where + " (not an IP address)");
  tcp::acceptor acceptor(*impl_->loops.front());
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  // The backlog is the kernel's most (net.core.somaxconn): the connection
  // limit, not the backlog, decides who is turned away.
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::unavailable(where + " (" + ec.message() +
                              ": address in use, or not an address of this machine)");
  }
  const int bound = acceptor.local_endpoint().port();
  impl_->acceptor.emplace(std::move(acceptor));
  return bound;
}

bool HttpServer::listen() {
  if (!impl_->acceptor || impl_->stopping()) return false;
  impl_->accept();
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl_->loops.size(); ++i) {
    threads.emplace_back([loop = impl_->loops[i].get()] { loop->run(); });
  }
  impl_->running = true;
  impl_->loops.front()->run();
  for (auto& t : threads) t.join();
  impl_->running = false;
  return true;
}

// No new connections; a request being answered is answered, and every
// connection then closes. Each loop returns when it has nothing left to do,
// which each connection's timer bounds by --timeout.
void HttpServer::stop() {
  if (!impl_->context.stop_all()) return;
  if (impl_->acceptor) {
    asio::post(*impl_->loops.front(), [this] {
      beast::error_code ignored;
      impl_->acceptor->close(ignored);
    });
  }
  impl_->keep_running.clear();
}

bool HttpServer::is_running() const { return impl_->running; }

}  // namespace clause::server
