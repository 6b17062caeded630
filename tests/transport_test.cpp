// The HTTP transport's own behaviour (server/http_server.cpp, on Beast event
// loops), seen from raw sockets: a waiting connection holds no thread, HEAD,
// Expect: 100-continue, chunked and pipelined requests, and a stop that
// answers what it is answering and closes idle connections at once.
#include <gtest/gtest.h>
#include <signal.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "server/http_date.h"
#include "tests/child_process.h"
#include "tests/fixture_index.h"
#include "tests/fixture_index_test.h"
#include "tests/gunzip.h"
#include "tests/raw_socket.h"
#include "tests/running_server.h"

namespace clause::testing {
namespace {

using nlohmann::json;

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The value of a header in a raw answer, empty when absent.
std::string header_of(const std::string& answer, const std::string& name) {
  const auto at = answer.find("\r\n" + name + ": ");
  if (at == std::string::npos) return {};
  const auto start = at + name.size() + 4;
  return answer.substr(start, answer.find("\r\n", start) - start);
}

class TransportTest : public FixtureIndexTest {};

// One thread, and more connections than threads that have not finished a
// request: with a thread per connection the next client would wait; here it
// is answered.
TEST_F(TransportTest, AConnectionWaitingForItsRequestHoldsNoThread) {
  RunningServer server(path_, {1, 4096, 30, 64});
  std::vector<std::unique_ptr<RawSocket>> waiting;
  for (int i = 0; i < 8; ++i) {
    waiting.push_back(std::make_unique<RawSocket>(server.port()));
    ASSERT_TRUE(waiting.back()->connected());
    ASSERT_TRUE(waiting.back()->send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
  }
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(5);
  auto res = client.Get("/v1/search?q=arbitration");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  // And the waiting ones are answered when they finish.
  for (auto& socket : waiting) {
    ASSERT_TRUE(socket->send("Connection: close\r\n\r\n"));
    EXPECT_EQ(socket->read_all().rfind("HTTP/1.1 200", 0), 0u);
  }
}

TEST_F(TransportTest, HeadAnswersTheLengthOfGetWithoutABody) {
  RunningServer server(path_);
  RawSocket get(server.port());
  get.send("GET /v1/platforms HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string got = get.read_all();
  RawSocket head(server.port());
  head.send("HEAD /v1/platforms HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string headed = head.read_all();
  ASSERT_EQ(headed.rfind("HTTP/1.1 200", 0), 0u) << headed;
  EXPECT_FALSE(header_of(headed, "Content-Length").empty()) << headed;
  EXPECT_EQ(header_of(headed, "Content-Length"), header_of(got, "Content-Length"));
  EXPECT_EQ(headed.substr(headed.find("\r\n\r\n") + 4), "") << "a HEAD answer has no body";
}

TEST_F(TransportTest, ExpectContinueGetsA100BeforeTheBody) {
  RunningServer server(path_);
  RawSocket socket(server.port());
  const std::string body = R"({"text": "Disputes are resolved by binding arbitration."})";
  socket.send("POST /v1/similar HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
  const std::string interim = socket.read_until("\r\n\r\n");
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  socket.send(body);
  const std::string answer = socket.read_all();
  ASSERT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_TRUE(json::parse(answer.substr(answer.find("\r\n\r\n") + 4)).contains("results"));
}

TEST_F(TransportTest, AChunkedBodyIsReadWholeAndBoundByTheLimit) {
  RunningServer server(path_, {2, 4096, 5, 64});
  const auto post_chunked = [&](const std::vector<std::string>& chunks) {
    RawSocket socket(server.port());
    std::string request =
        "POST /v1/similar HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    for (const auto& chunk : chunks) {
      char size[16];
      std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
      request += size + chunk + "\r\n";
    }
    socket.send(request + "0\r\n\r\n");
    return socket.read_all();
  };
  const std::string answer = post_chunked({R"({"text": "binding )", R"(arbitration"})"});
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  const std::string refused = post_chunked({std::string(3000, ' '), std::string(3000, ' ')});
  EXPECT_EQ(refused.rfind("HTTP/1.1 413", 0), 0u) << refused;
  EXPECT_NE(refused.find("payload_too_large"), std::string::npos) << refused;
}

TEST_F(TransportTest, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer server(path_);
  RawSocket socket(server.port());
  socket.send(
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /v1/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string answers = socket.read_all();
  EXPECT_EQ(count_of(answers, "HTTP/1.1 "), 2u) << answers;
  EXPECT_EQ(answers.rfind("HTTP/1.1 200", 0), 0u) << answers;
  EXPECT_NE(answers.find("HTTP/1.1 404"), std::string::npos) << answers;
  EXPECT_LT(answers.find("HTTP/1.1 200"), answers.find("HTTP/1.1 404"));
}

// A stop does not wait for idle connections to time out: with a 60 s
// timeout, the server is gone long before, and its idle clients see the
// connection closed.
// HTTP/1.1 servers must accept a target in absolute form (RFC 9112 3.2.2),
// as a client talking to a proxy sends it.
TEST_F(TransportTest, AnAbsoluteFormTargetIsServedAsItsPath) {
  RunningServer server(path_, {2, 4096, 5, 64});
  const auto get = [&](const std::string& target) {
    RawSocket socket(server.port());
    socket.send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return socket.read_all();
  };
  const std::string port = std::to_string(server.port());
  const std::string search = get("http://127.0.0.1:" + port + "/v1/search?q=arbitration");
  ASSERT_EQ(search.rfind("HTTP/1.1 200", 0), 0u) << search;
  EXPECT_GT(json::parse(search.substr(search.find("\r\n\r\n") + 4)).at("total").get<int>(), 0);
  EXPECT_EQ(get("HTTPS://example.org/healthz").rfind("HTTP/1.1 200", 0), 0u);
  const std::string root = get("http://127.0.0.1:" + port);
  EXPECT_EQ(root.rfind("HTTP/1.1 200", 0), 0u) << root;
  EXPECT_NE(header_of(root, "Content-Type").find("text/html"), std::string::npos) << root;
}

// A client that accepts gzip gets large text answers compressed, whole, on
// either path (a lookup on the loop, a search on the pool of work); HEAD
// says how long the compressed body would be; a client that does not gets
// the same bytes plain.
TEST_F(TransportTest, GzipForClientsThatAcceptIt) {
  RunningServer server(path_, {2, 4096, 5, 64, 4, 256});  // from 256 bytes: the fixture's answers are small
  const auto fetch = [&](const std::string& method, const std::string& target, const std::string& accept) {
    RawSocket socket(server.port());
    socket.send(method + " " + target + " HTTP/1.1\r\nHost: x\r\n" +
                (accept.empty() ? "" : "Accept-Encoding: " + accept + "\r\n") + "Connection: close\r\n\r\n");
    return socket.read_all();
  };
  const auto body_of = [](const std::string& answer) { return answer.substr(answer.find("\r\n\r\n") + 4); };
  for (const std::string target : {"/openapi.json", "/v1/categories", "/"}) {
    const std::string plain = fetch("GET", target, "");
    const std::string packed = fetch("GET", target, "br, gzip;q=0.9");
    ASSERT_EQ(packed.rfind("HTTP/1.1 200", 0), 0u) << packed;
    EXPECT_EQ(header_of(packed, "Content-Encoding"), "gzip") << target;
    EXPECT_EQ(header_of(plain, "Content-Encoding"), "") << target;
    EXPECT_EQ(header_of(packed, "Vary"), "Accept-Encoding");
    EXPECT_EQ(header_of(plain, "Vary"), "Accept-Encoding");
    EXPECT_EQ(gunzip(body_of(packed)), body_of(plain)) << target;
    EXPECT_LT(body_of(packed).size(), body_of(plain).size());
    EXPECT_EQ(header_of(fetch("HEAD", target, "gzip"), "Content-Length"),
              std::to_string(body_of(packed).size()));
    EXPECT_EQ(header_of(fetch("GET", target, "gzip;q=0"), "Content-Encoding"), "");
  }
  // A search (answered on the pool of work): the same results either way.
  const auto search = [&](const std::string& accept) {
    const std::string answer = fetch("GET", "/v1/search?q=data&limit=50", accept);
    const bool packed = header_of(answer, "Content-Encoding") == "gzip";
    const std::string body = packed ? gunzip(body_of(answer)) : body_of(answer);
    auto parsed = nlohmann::json::parse(body);
    parsed.erase("took_ms");
    return parsed;
  };
  EXPECT_EQ(search("gzip"), search(""));
  // Small answers are not worth it.
  const std::string small = fetch("GET", "/v1/clauses/no-such-clause", "gzip");
  ASSERT_LT(body_of(small).size(), 256u);
  EXPECT_EQ(header_of(small, "Content-Encoding"), "");
}

// The page's files carry a tag; a revalidation that names it is a 304 with
// neither body nor length, and the connection goes on to the next request.
TEST_F(TransportTest, ARevalidatedFileIsNotModified) {
  RunningServer server(path_, {2, 4096, 5, 64});
  const auto fetch = [&](const std::string& method, const std::string& headers) {
    RawSocket socket(server.port());
    socket.send(method + " /app.js HTTP/1.1\r\nHost: x\r\n" + headers + "Connection: close\r\n\r\n");
    return socket.read_all();
  };
  const std::string first = fetch("GET", "");
  const std::string tag = header_of(first, "ETag");
  ASSERT_EQ(tag.size(), 18u) << first;
  for (const std::string method : {"GET", "HEAD"}) {
    const std::string again = fetch(method, "If-None-Match: " + tag + "\r\n");
    EXPECT_EQ(again.rfind("HTTP/1.1 304", 0), 0u) << again;
    EXPECT_EQ(header_of(again, "ETag"), tag);
    EXPECT_EQ(header_of(again, "Content-Length"), "");
    EXPECT_EQ(again.substr(again.find("\r\n\r\n") + 4), "");
  }
  const std::string stale = fetch("GET", "If-None-Match: \"stale\"\r\n");
  EXPECT_EQ(stale.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(stale.substr(stale.find("\r\n\r\n")), first.substr(first.find("\r\n\r\n")));
  const std::string packed = fetch("GET", "Accept-Encoding: gzip\r\n");
  const std::string packed_tag = header_of(packed, "ETag");
  EXPECT_EQ(header_of(fetch("GET", "Accept-Encoding: gzip\r\nIf-None-Match: " + packed_tag + "\r\n"), "ETag"),
            packed_tag);
  // Kept alive: the request after a 304 on the same connection is answered.
  RawSocket socket(server.port());
  socket.send("GET /app.js HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + tag +
              "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string both = socket.read_all();
  EXPECT_EQ(both.rfind("HTTP/1.1 304", 0), 0u) << both;
  EXPECT_NE(both.find("HTTP/1.1 200"), std::string::npos) << both;
}

// Every answer says when it was made (RFC 9110 6.6.1): a 200, a 304, a
// refusal of the parser's.
TEST_F(TransportTest, EveryAnswerCarriesTheDate) {
  RunningServer server(path_, {2, 4096, 5, 64});
  const auto date_of = [&](const std::string& raw) {
    return header_of(RawSocket::exchange(server.port(), raw), "Date");
  };
  std::set<std::string> around;
  const std::time_t now = std::time(nullptr);
  for (std::time_t t = now - 2; t <= now + 5; ++t) around.insert(server::http_date(t));
  const std::string ok = date_of("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(around.count(ok)) << ok;
  const std::string not_modified =
      date_of("GET /app.js HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(around.count(not_modified)) << not_modified;
  const std::string refused = date_of("nonsense\r\n\r\n");
  EXPECT_TRUE(around.count(refused)) << refused;
}

// A request the parser cannot read is refused with what it found wrong, so
// the client knows what to fix; the connection closes after it.
TEST_F(TransportTest, AMalformedRequestIsRefusedWithTheParsersReason) {
  RunningServer server(path_, {2, 4096, 5, 64});
  const auto send = [&](const std::string& raw) {
    const std::string answer = RawSocket::exchange(server.port(), raw);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
    const auto body = json::parse(answer.substr(answer.find("\r\n\r\n") + 4), nullptr, false);
    return body.is_object() ? body["error"].value("message", "") : answer;
  };
  EXPECT_EQ(send("POST /v1/similar HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n"),
            "malformed HTTP request: bad Content-Length");
  EXPECT_EQ(send("GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n"), "malformed HTTP request: bad version");
  EXPECT_EQ(send("nonsense\r\n\r\n").rfind("malformed HTTP request: ", 0), 0u);
}

// RFC 9112 6.1, 6.3: a body in a transfer coding the server cannot undo is
// refused, and the connection closed: read as empty, the body would be taken
// for the next request (a request smuggled past whatever sits in front).
TEST_F(TransportTest, AnUnknownTransferCodingIsRefusedNotReadAsTheNextRequest) {
  RunningServer server(path_, {2, 4096, 5, 64});
  const std::string smuggled = "GET /v1/types HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const auto send = [&](const std::string& coding) {
    const std::string head = "POST /v1/similar HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + "\r\n\r\n";
    return RawSocket::exchange(server.port(), head + smuggled);
  };
  const std::string gzip = send("gzip");
  EXPECT_EQ(gzip.rfind("HTTP/1.1 501", 0), 0u) << gzip;
  EXPECT_NE(gzip.find("Transfer-Encoding 'gzip' is not supported"), std::string::npos) << gzip;
  EXPECT_EQ(count_of(gzip, "HTTP/1.1 "), 1u) << gzip;  // no answer to the smuggled GET
  const std::string twice = send("chunked, chunked");
  EXPECT_EQ(twice.rfind("HTTP/1.1 400", 0), 0u) << twice;
  EXPECT_EQ(count_of(twice, "HTTP/1.1 "), 1u) << twice;
  const std::string not_last = send("chunked, gzip");
  EXPECT_EQ(not_last.rfind("HTTP/1.1 501", 0), 0u) << not_last;
  // chunked alone is read as it should be.
  RawSocket chunked(server.port());
  const std::string body = R"({"text": "binding arbitration"})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  chunked.send("POST /v1/similar HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: Chunked\r\nConnection: close\r\n\r\n" + std::string(size) + "\r\n" + body +
               "\r\n0\r\n\r\n");
  const std::string answer = chunked.read_all();
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
}

// A 204 (a preflight) says nothing of a body: no Content-Length (RFC 9110 8.6).
TEST_F(TransportTest, ANoContentAnswerHasNoLength) {
  RunningServer server(path_, {2, 4096, 5, 64});
  const std::string answer =
      RawSocket::exchange(server.port(), "OPTIONS /v1/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(answer.rfind("HTTP/1.1 204", 0), 0u) << answer;
  EXPECT_EQ(answer.find("Content-Length"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Allow: GET, HEAD, OPTIONS"), std::string::npos) << answer;
}

// RFC 9112 3.2: an HTTP/1.1 request without a Host header, or with two, is
// answered 400; HTTP/1.0 needs none.
TEST_F(TransportTest, AnHttp11RequestNeedsOneHostAndNoTargetAFragment) {
  RunningServer server(path_, {2, 4096, 5, 64});
  const auto send = [&](const std::string& raw) { return RawSocket::exchange(server.port(), raw); };
  const std::string without = send("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(without.rfind("HTTP/1.1 400", 0), 0u) << without;
  EXPECT_NE(without.find("an HTTP/1.1 request needs a Host header"), std::string::npos) << without;
  const std::string twice = send("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(twice.rfind("HTTP/1.1 400", 0), 0u) << twice;
  EXPECT_NE(twice.find("more than one Host header"), std::string::npos) << twice;
  const std::string old = send("GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_EQ(old.rfind("HTTP/1.0 200", 0), 0u) << old;
  const std::string fragment = send("GET /v1/search?q=terms#frag HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(fragment.rfind("HTTP/1.1 400", 0), 0u) << fragment;
  EXPECT_NE(fragment.find("no fragment"), std::string::npos) << fragment;
}

TEST_F(TransportTest, StopClosesIdleConnectionsAtOnce) {
  auto server = std::make_unique<RunningServer>(path_, server::ServerLimits{2, 4096, 60, 64});
  RawSocket idle(server->port());
  RawSocket half(server->port());
  ASSERT_TRUE(idle.connected());
  ASSERT_TRUE(half.send("GET /healthz HTTP/1.1\r\n"));
  RawSocket served(server->port());
  served.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(served.read_answer().rfind("HTTP/1.1 200", 0), 0u);  // served, and kept open
  const auto start = std::chrono::steady_clock::now();
  server.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_EQ(idle.read_all(), "");
  EXPECT_EQ(half.read_all(), "");
  EXPECT_EQ(served.read_all(), "");
}

// The real program: SIGTERM (and SIGINT) reach its waiter whichever thread
// the kernel picks, and it stops cleanly (exit status 0), not killed by the
// signal. Its threads all start with the signals blocked.
TEST_F(TransportTest, SigtermStopsTheProgramCleanly) {
  for (const int sig : {SIGTERM, SIGINT}) {
    int port = 0;
    auto server = start_server([&](int p) {
      return std::vector<std::string>{CLAUSE_SERVER_BIN, "--db", path_, "--port", std::to_string(p),
                                      "--log-level", "warn"};
    }, port);
    ASSERT_TRUE(server);
    httplib::Client client("127.0.0.1", port);
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(client.Get("/v1/search?q=arbitration"));
    ::kill(server->pid(), sig);
    EXPECT_EQ(server->wait(), 0) << "signal " << sig;
  }
}

}  // namespace
}  // namespace clause::testing
