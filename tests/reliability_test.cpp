// Reliability of the transport: request limits (414, 431, 413, query shape),
// the bounded connections (503 past --max-connections), slow clients (closed
// after --timeout), HTTPS with a verified self-signed certificate, and markup
// in clause text never reaching a page unescaped.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "server/config.h"
#include "tests/fixture_index.h"
#include "tests/fixture_index_test.h"
#include "tests/raw_socket.h"
#include "tests/running_server.h"
#include "tests/tls_cert.h"

namespace clause::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Retries a GET until it answers `status` or the deadline passes.
bool eventually_status(httplib::Client& client, const std::string& path, int status) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto res = client.Get(path.c_str()); res && res->status == status) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

class ReliabilityTest : public FixtureIndexTest {};

TEST_F(ReliabilityTest, OversizedRequestsGetTheirOwnStatus) {
  RunningServer server(path_, {2, 4096, 5, 64});
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get(("/v1/search?q=" + std::string(9000, 'a')).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 414);
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "uri_too_long");

  httplib::Headers many;
  for (int i = 0; i < 150; ++i) many.emplace("X-Filler-" + std::to_string(i), "x");
  res = client.Get("/healthz", many);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 431);
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "headers_too_large");

  res = client.Post("/v1/search", std::string(5000, 'x'), "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(client.Get("/healthz")->status, 200);  // and it keeps serving
}

// A POST without Content-Length has an empty body: it reaches the API like
// any other request (405 with Allow, a JSON error naming the body, a request
// id), not the transport's bare 400.
TEST_F(ReliabilityTest, RequestsWithoutABodyReachTheApi) {
  RunningServer server(path_);
  const auto send = [&](const std::string& request_line) {
    RawSocket socket(server.port());
    EXPECT_TRUE(socket.connected());
    socket.send(request_line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    return socket.read_all();
  };
  std::string answer = send("POST /v1/search HTTP/1.1");
  EXPECT_NE(answer.find("HTTP/1.1 405"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Allow: GET"), std::string::npos) << answer;
  EXPECT_NE(answer.find("X-Request-Id: "), std::string::npos) << answer;

  answer = send("POST /v1/similar HTTP/1.1");
  EXPECT_NE(answer.find("HTTP/1.1 400"), std::string::npos) << answer;
  EXPECT_NE(answer.find(R"("parameter":"body")"), std::string::npos) << answer;

  answer = send("PATCH /v1/clauses/acme-1 HTTP/1.1");
  EXPECT_NE(answer.find("HTTP/1.1 405"), std::string::npos) << answer;
}

TEST_F(ReliabilityTest, PathologicalQueriesAreRefusedWith400) {
  RunningServer server(path_, {2, 4096, 5, 64});
  httplib::Client client("127.0.0.1", server.port());
  std::string many_words, nested, wildcards;
  for (int i = 0; i < 65; ++i) many_words += "w" + std::to_string(i) + "%20";
  for (int i = 0; i < 9; ++i) nested += "(";
  nested += "arbitration";
  for (int i = 0; i < 9; ++i) nested += ")";
  for (char c = 'a'; c < 'f'; ++c) wildcards += std::string(1, c) + "*%20";
  for (const std::string& q : {many_words, nested, wildcards}) {
    auto res = client.Get(("/v1/search?q=" + q).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << q;
    EXPECT_EQ(json::parse(res->body)["error"]["parameter"], "q") << q;
  }
  // Within the caps the same kinds of query run.
  EXPECT_EQ(client.Get("/v1/search?q=((arbitration))%20OR%20a*%20OR%20b*")->status, 200);
}

TEST_F(ReliabilityTest, BusyServerAnswers503AtOnceAndRecovers) {
  RunningServer server(path_, {1, 4096, 30, 1});  // one connection at most
  RawSocket holder(server.port());
  ASSERT_TRUE(holder.connected());
  ASSERT_TRUE(holder.send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // head not finished
  httplib::Client client("127.0.0.1", server.port());
  // Until the server has taken the held connection (quick when idle, slower
  // on a loaded machine), this client may still be served itself.
  ASSERT_TRUE(eventually_status(client, "/v1/search?q=arbitration", 503));
  auto res = client.Get("/v1/search?q=arbitration");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->get_header_value("Retry-After"), "1");
  EXPECT_EQ(res->get_header_value("Date").size(), 29u);  // "Sun, 06 Nov 1994 08:49:37 GMT"
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "unavailable");

  // The held request completes normally, and once it is closed new
  // connections are served again.
  ASSERT_TRUE(holder.send("Connection: close\r\n\r\n"));
  EXPECT_NE(holder.read_all().find("HTTP/1.1 200"), std::string::npos);
  EXPECT_TRUE(eventually_status(client, "/healthz", 200));
}

TEST_F(ReliabilityTest, SlowClientsAreCutOff) {
  RunningServer server(path_, {2, 4096, 1, 64});  // 1 s to send a request
  std::atomic<bool> stop{false};
  std::atomic<int> cut_off{0};
  std::vector<std::thread> trickles;
  for (int i = 0; i < 2; ++i) {
    trickles.emplace_back([&] {
      RawSocket slow(server.port());
      const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
      for (std::size_t n = 0; !stop; ++n) {  // one byte at a time, never finishing
        if (!slow.send(std::string(1, n < head.size() ? head[n] : 'z'))) {
          ++cut_off;
          return;
        }
        std::this_thread::sleep_for(100ms);
      }
    });
  }
  httplib::Client client("127.0.0.1", server.port());
  EXPECT_TRUE(eventually_status(client, "/healthz", 200));
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (cut_off < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  stop = true;
  for (auto& t : trickles) t.join();
  EXPECT_EQ(cut_off, 2) << "the server should close connections that never finish a request";
}

TEST_F(ReliabilityTest, ServesHttpsWithAVerifiedCertificate) {
  const TlsPair pair = make_self_signed(dir_, "127.0.0.1");
  RunningServer server(path_, {2, 4096, 5, 64}, {pair.cert, pair.key});

  httplib::SSLClient verified("127.0.0.1", server.port());
  verified.set_ca_cert_path(pair.cert.c_str());
  verified.enable_server_certificate_verification(true);
  auto res = verified.Get("/v1/search?q=arbitration");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_GT(json::parse(res->body)["total"].get<int>(), 0);

  // A client that does not trust the certificate refuses it, and plain HTTP
  // gets no answer from the TLS port.
  const TlsPair other = make_self_signed(dir_, "127.0.0.1", "other");
  httplib::SSLClient untrusting("127.0.0.1", server.port());
  untrusting.set_ca_cert_path(other.cert.c_str());
  untrusting.enable_server_certificate_verification(true);
  EXPECT_FALSE(untrusting.Get("/healthz"));
  httplib::Client plain("127.0.0.1", server.port());
  plain.set_read_timeout(2, 0);
  auto plain_res = plain.Get("/healthz");
  EXPECT_TRUE(!plain_res || plain_res->status != 200);
}

TEST_F(ReliabilityTest, UnusableTlsFilesAreReportedAtBind) {
  const std::string junk = dir_.write("junk.pem", "not a certificate");
  auto service = search::SearchService::open(path_);
  ASSERT_TRUE(service);
  server::Metrics metrics;
  server::Api api(**service, metrics);
  server::HttpServer server(api, {}, {junk, junk});
  auto port = server.bind("127.0.0.1", 0);
  ASSERT_FALSE(port);
  EXPECT_NE(port.error().message.find("TLS"), std::string::npos);
}

TEST(ReliabilityConfig, TlsNeedsCertAndKeyAndConnectionsAreBounded) {
  const auto no_env = [](const std::string&) { return std::optional<std::string>(); };
  auto half = server::load_config({"--db", "x", "--tls-cert", "c.pem"}, no_env);
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().field, "--tls-key");
  auto both = server::load_config({"--db", "x", "--tls-cert", "c.pem", "--tls-key", "k.pem",
                                   "--max-connections", "1"}, no_env);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(both->tls_key, "k.pem");
  EXPECT_EQ(both->max_connections, 1u);
  EXPECT_FALSE(server::load_config({"--db", "x", "--max-connections", "0"}, no_env));
  EXPECT_FALSE(server::load_config({"--db", "x", "--max-queue", "1"}, no_env));
}

// Hostile records: markup in every field. Snippets may hold <mark> and
// nothing else that a browser would parse; JSON answers are not sniffable
// as HTML; the stored record comes back byte for byte.
TEST_F(ReliabilityTest, ClauseTextNeverReachesAPageAsMarkup) {
  const std::string evil_text =
      "Data <script>alert('x')</script> sold &lt;img src=x onerror=alert(2)&gt; "
      "to partners \"</textarea><svg onload=alert(3)>\" and more data.";
  std::vector<ClauseRecord> records = fixture_records();
  records.push_back(record_from_json(json{{"id", "evil-1"},
                                          {"platform", "<b>Evil</b> Corp"},
                                          {"document", "Terms <i>of</i> Service"},
                                          {"title", "<script>t()</script>"},
                                          {"text", evil_text},
                                          {"categories", json::array({"<u>Data</u> sharing"})}}
                                         .dump()));
  TempDir dir;
  RunningServer server(build_index(dir, records), {2, 4096, 5, 64});
  httplib::Client client("127.0.0.1", server.port());
  const std::regex any_tag("<(?!/?mark>)");
  for (const char* q : {"data", "sold", "partners", "script", "alert", "img", "svg", "textarea"}) {
    auto res = client.Get((std::string("/v1/search?q=") + q).c_str());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << q;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
    for (const auto& hit : json::parse(res->body)["results"]) {
      const std::string snippet = hit["snippet"];
      EXPECT_FALSE(std::regex_search(snippet, any_tag)) << q << ": " << snippet;
    }
  }
  auto res = client.Get("/v1/clauses/evil-1");
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["text"], evil_text);
}

}  // namespace
}  // namespace clause::testing
