// One HTTP/1.1 connection of the transport (http_server.cpp, the only file
// that includes this): reads a request with Boost.Beast's parser, has the
// Api answer it on the connection's own event loop, writes the answer in one
// go and reads the next one, until the client closes, asks to close, or the
// connection breaks a limit. Over plain TCP or TLS (the Stream).
//
// Limits, each answered in JSON through Api::refuse (so counted and logged):
//  - a request line over kMaxTargetBytes: 414; request heads over
//    kMaxHeaderBytes or kMaxHeaderFields: 431; a body over max_body_bytes: 413;
//    a request the parser cannot read: 400. The connection closes after these.
//  - the whole request, head and body, must arrive within timeout_seconds
//    of the connection's start or of the previous answer (a client that sends
//    a byte a second holds nothing for long), and an answer must be written
//    within as long.
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "server/http_api.h"
#include "server/http_server.h"

namespace clause::server::transport {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// The request the Api sees: method, path as sent, decoded query parameters,
// the headers it reads, and the body.
// The body is moved out of `req`.
ApiRequest api_request_of(http::request<http::string_body>& req);
// The status of a request the parser refused (`code` its error), given the
// bytes it had buffered: 413, 414, 431 or 400.
int refusal_status(const beast::error_code& code, std::string_view buffered);
// What a refusal says: the limit passed, or for a 400 what the parser found
// wrong (`code`), so that a client can tell which part of its request to fix.
std::string refusal_message(int status, const beast::error_code& code = {});
// A request head's size and fields past kMaxHeaderBytes / kMaxHeaderFields,
// or a target past kMaxTargetBytes: the status to refuse it with, else 0.
int head_over_limits(const http::request_header<>& head);
// A head the server refuses although Beast read it, and what it says:
// - HTTP/1.1 without exactly one Host field: 400 (RFC 9112 3.2; HTTP/1.0
//   needs none); a target with a '#': 400;
// - a Transfer-Encoding other than `chunked` alone: 501 for a coding the
//   server does not know, 400 for chunked twice or not last (RFC 9112 6.1,
//   6.3). Beast would read such a body as empty and the bytes after the
//   head as the next request: another request smuggled in.
// status 0: none of these.
struct HeadRefusal {
  int status = 0;
  std::string message;
};
HeadRefusal head_refusal(const http::request_header<>& head);
// The Api's answer as a Beast response to a request of HTTP `version`.
http::response<http::string_body> beast_response(ApiResponse&& from, unsigned version,
                                                 bool keep_alive);

// What the server may ask of a connection from another thread: to stop
// serving (a request being answered is finished first).
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void stop_serving() = 0;
};

// What every connection of one server shares: the Api, the limits, the
// count of open connections (which the server bounds) and, for a stop, the
// connections themselves.
struct SessionContext {
  SessionContext(const Api& api_, const ServerLimits& limits_)
      : api(api_), limits(limits_), work(static_cast<std::size_t>(std::max(1, limits_.work_threads))) {}

  const Api& api;
  ServerLimits limits;
  asio::thread_pool work;  // requests that are not lookups: see Session::answer
  std::atomic<std::size_t> open{0};
  std::atomic<bool> stopping{false};

  void add(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(mu);
    connections.emplace(connection.get(), connection);
  }
  void remove(const Connection* connection) {
    std::lock_guard lock(mu);
    connections.erase(connection);
  }
  // Each open connection finishes the request it is answering, if any, and
  // closes. False when a stop had begun already.
  bool stop_all() {
    if (stopping.exchange(true)) return false;
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(mu);
      for (const auto& [key, weak] : connections) {
        if (auto connection = weak.lock()) live.push_back(std::move(connection));
      }
    }
    for (const auto& connection : live) connection->stop_serving();
    return true;
  }

 private:
  std::mutex mu;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> connections;
};

template <class Stream>
class Session : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... StreamArgs>
  Session(SessionContext& context, StreamArgs&&... args)
      : context_(context), stream_(std::forward<StreamArgs>(args)...) {
    ++context_.open;
  }
  ~Session() override {
    context_.remove(this);
    --context_.open;
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void stop_serving() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->waiting_) self->close();  // else it closes once its answer is written
    });
  }

  // Runs on the connection's event loop: the TLS handshake first, if any.
  void start() {
    context_.add(this->shared_from_this());
    if (context_.stopping) return;
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      arm_timer();
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read_head();
                              });
    } else {
      read_head();
    }
  }

 private:
  auto& socket_layer() { return beast::get_lowest_layer(stream_); }
  void arm_timer() { socket_layer().expires_after(std::chrono::seconds(context_.limits.timeout_seconds)); }

  void read_head() {
    if (context_.stopping) return close();  // e.g. a TLS handshake that ended after a stop
    parser_.emplace();
    // Beast bounds the request line and head together; the finer limits
    // (414 for the line, 431 for the head) are checked once it is read.
    parser_->header_limit(static_cast<std::uint32_t>(kMaxTargetBytes + kMaxHeaderBytes + 1024));
    // The body's limit is set once the head is in: a Content-Length past it
    // is refused with the head read, so that the 413 carries its CORS headers.
    // (Not boost::none: Beast 1.74 compares a length with it as less than any.)
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    arm_timer();
    waiting_ = true;
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->waiting_ = false;
                              self->on_head(ec);
                            });
  }

  void on_head(beast::error_code ec) {
    if (ec) return refuse_unreadable(ec);
    if (const int status = head_over_limits(parser_->get()); status != 0) return refuse(status);
    if (const auto refusal = head_refusal(parser_->get()); refusal.status != 0) {
      return refuse(refusal.status, {}, refusal.message);
    }
    if (parser_->is_done()) return answer();
    const auto length = parser_->content_length();
    if (length && *length > context_.limits.max_body_bytes) return refuse(413);
    parser_->body_limit(context_.limits.max_body_bytes);
    const auto expect = parser_->get()[http::field::expect];
    if (beast::iequals(expect, "100-continue")) {
      // curl asks before sending a body over 1 KiB, and waits a second unless told.
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue),
                        [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                          if (!error) self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->refuse_unreadable(ec);
                       self->answer();
                     });
  }

  // The Api's answer to a complete request; the connection stays open when
  // both sides want it to. A lookup (Api::is_lookup: a clause, a catalog
  // view) is answered right here, on the connection's loop. Anything else
  // (searches, /similar, writes that may wait seconds for the index's
  // writer) goes to the pool of work, so that it never holds up the loop's
  // other connections; the pool's one queue answers first come, first served.
  // The Api makes the answer as this client takes it (a 304, gzip:
  // ApiRequest::if_none_match, accept_encoding) where it is made.
  void answer() {
    ApiRequest request = api_request_of(parser_->get());
    request.gzip_min_bytes = context_.limits.gzip_min_bytes;
    if (context_.api.is_lookup(request)) return send_answer(context_.api.handle(request));
    auto back_on_loop = asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked);
    asio::post(context_.work,
               [self = this->shared_from_this(), request = std::move(request), back_on_loop]() mutable {
                 ApiResponse response = self->context_.api.handle(request);
                 asio::post(back_on_loop, [self, response = std::move(response)]() mutable {
                   self->send_answer(std::move(response));
                 });
               });
  }

  void send_answer(ApiResponse&& answer) {
    const auto& req = parser_->get();
    const bool keep_alive = req.keep_alive();
    auto response = beast_response(std::move(answer), req.version(), keep_alive);
    if (req.method() == http::verb::head && response.result() != http::status::not_modified) {
      // The Api answers HEAD as GET: the head says how long the body would be.
      const auto length = response.body().size();
      response.body().clear();
      response.content_length(length);
    }
    write(std::move(response), !keep_alive);
  }

  // A request the parser could not finish reading. A client that closed, or
  // went quiet past the timeout, gets no answer.
  void refuse_unreadable(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ||
        (ec == http::error::partial_message && buffer_.size() == 0)) {
      return close();
    }
    const auto data = buffer_.data();
    refuse(refusal_status(ec, std::string_view(static_cast<const char*>(data.data()), data.size())), ec);
  }

  // A transport error in JSON, through the Api; the connection closes after
  // it. `message` says what was wrong, when the parser's error does not.
  void refuse(int status, const beast::error_code& ec = {}, const std::string& message = {}) {
    const bool head_read = parser_ && parser_->is_header_done();
    const ApiRequest request = head_read ? api_request_of(parser_->get()) : ApiRequest{};
    const unsigned version = head_read ? parser_->get().version() : 11;
    const std::string said = message.empty() ? refusal_message(status, ec) : message;
    write(beast_response(context_.api.refuse(request, status, said), version, false), true);
  }

  void write(http::response<http::string_body>&& response, bool close_after) {
    response_ = std::move(response);
    arm_timer();
    http::async_write(stream_, response_,
                      [self = this->shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                        if (ec || close_after || self->context_.stopping) return self->close();
                        self->read_head();
                      });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ignored;
    if (context_.stopping) {
      // The server is stopping: no lingering, no close_notify.
      socket_layer().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      socket_layer().socket().close(ignored);
      return;
    }
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      // A close_notify, bounded by the timer; then the socket goes with the session.
      socket_layer().expires_after(std::chrono::seconds(1));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code unused;
        self->socket_layer().socket().shutdown(asio::ip::tcp::socket::shutdown_both, unused);
      });
    } else {
      // Half-closed, then drained until the client closes too (or the timer
      // fires): closing with unread bytes (a refused body) would reset the
      // connection, and a reset can destroy the answer before it is read.
      socket_layer().socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
      socket_layer().expires_after(std::chrono::seconds(2));
      drain();
    }
  }

  void drain() {
    socket_layer().async_read_some(asio::buffer(drained_),
                                   [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (!ec) self->drain();
                                   });
  }

  SessionContext& context_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  char drained_[1024];
  bool waiting_ = false;  // for the head of a request: nothing to finish before a stop
  bool closed_ = false;
};

}  // namespace clause::server::transport
