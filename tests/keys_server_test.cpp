// API keys over a real socket (issue 20): the headers a client sends and
// gets (Authorization, X-API-Key, WWW-Authenticate, Retry-After, the CORS
// preflight), and the clause-server binary: `keys add` and a keys file
// reloaded on SIGHUP, a bad one keeping the keys in use.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/api_keys.h"
#include "tests/child_process.h"
#include "tests/fixture_index.h"
#include "tests/running_server.h"

namespace clause::testing {
namespace {

using server::KeyScope;
using json = nlohmann::json;

server::ApiKey key(const std::string& name, KeyScope scope, double rate, double burst,
                   const std::string& secret) {
  server::ApiKey k;
  k.name = name;
  k.scope = scope;
  k.rate = rate;
  k.burst = burst;
  k.digest = server::key_digest(secret);
  return k;
}

TEST(KeysServer, KeysTravelInEitherHeaderAndLimitsComeWithRetryAfter) {
  spdlog::set_level(spdlog::level::warn);
  TempDir dir;
  // A rate so low that no token comes back during the test: the third
  // request is over the burst of two, whatever the machine's speed.
  server::KeyStore keys({key("site", KeyScope::search, 0.001, 2, "ck_site"),
                         key("backend", KeyScope::admin, 1000, 1000, "ck_backend")});
  RunningServer srv(build_index(dir, fixture_records()), {2, 4096, 5}, {},
                    server::CorsPolicy({"https://shop.example"}), &keys);
  httplib::Client client("127.0.0.1", srv.port());

  auto none = client.Get("/v1/search?q=terminate");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer realm=\"clause\"");
  EXPECT_NE(none->body.find("\"unauthorized\""), std::string::npos) << none->body;
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);

  // A browser preflights the key's header before sending it cross-origin.
  auto preflight = client.Options("/v1/search", {{"Origin", "https://shop.example"},
                                                 {"Access-Control-Request-Headers", "x-api-key"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Headers").find("X-API-Key"), std::string::npos);

  auto bearer = client.Get("/v1/search?q=terminate", {{"Authorization", "Bearer ck_site"}});
  ASSERT_TRUE(bearer);
  EXPECT_EQ(bearer->status, 200);
  auto header = client.Get("/v1/search?q=terminate", {{"X-API-Key", "ck_site"}});
  ASSERT_TRUE(header);
  EXPECT_EQ(header->status, 200);
  auto over = client.Get("/v1/search?q=terminate", {{"X-API-Key", "ck_site"}});
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 429);
  EXPECT_GE(std::stoi(over->get_header_value("Retry-After", 0)), 1);

  auto forbidden = client.Get("/metrics", {{"X-API-Key", "ck_site"}});
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 429);  // over the rate before its scope is looked at
  auto metrics = client.Get("/metrics", {{"Authorization", "Bearer ck_backend"}});
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("clause_http_requests_by_key_total{key=\"site\",status=\"429\"} 2"),
            std::string::npos) << metrics->body;
}

// A feed reader sends no headers: the Atom feed alone takes a search key
// from its URL; an admin key there is refused, and the feed never repeats it.
TEST(KeysServer, TheFeedTakesASearchKeyFromItsUrlAndNoOtherRouteDoes) {
  spdlog::set_level(spdlog::level::warn);
  TempDir dir;
  server::KeyStore keys({key("reader", KeyScope::search, 1000, 1000, "ck_reader"),
                         key("backend", KeyScope::admin, 1000, 1000, "ck_backend")});
  RunningServer srv(build_index(dir, fixture_records()), {2, 4096, 5}, {}, server::CorsPolicy(std::vector<std::string>{}), &keys);
  httplib::Client client("127.0.0.1", srv.port());

  auto feed = client.Get("/v1/changes.atom?platform=acme&key=ck_reader");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->status, 200) << feed->body;
  EXPECT_NE(feed->body.find("<feed"), std::string::npos);
  EXPECT_EQ(feed->body.find("ck_reader"), std::string::npos) << "the feed's links never carry its key";
  EXPECT_NE(feed->body.find("changes.atom?platform=acme\""), std::string::npos) << feed->body;

  auto admin = client.Get("/v1/changes.atom?key=ck_backend");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->status, 403);
  EXPECT_NE(admin->body.find("search key"), std::string::npos) << admin->body;
  EXPECT_EQ(json::parse(admin->body)["error"].value("parameter", ""), "key");
  auto wrong = client.Get("/v1/changes.atom?key=ck_nobody");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto none = client.Get("/v1/changes.atom");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_NE(none->body.find("key=SEARCH_KEY"), std::string::npos) << none->body;
  auto header = client.Get("/v1/changes.atom", {{"X-API-Key", "ck_reader"}});
  ASSERT_TRUE(header);
  EXPECT_EQ(header->status, 200) << "headers still work";

  for (const char* path : {"/v1/changes?key=ck_reader", "/v1/search?q=terminate&key=ck_reader"}) {
    auto json_route = client.Get(path);
    ASSERT_TRUE(json_route);
    EXPECT_EQ(json_route->status, 401) << path << ": only the feed takes a key from its URL";
    const json error = json::parse(json_route->body)["error"];
    EXPECT_EQ(error.value("parameter", ""), "key") << json_route->body;
    EXPECT_NE(error.value("message", "").find("only the Atom feed"), std::string::npos) << json_route->body;
  }
}

#ifdef CLAUSE_SERVER_BIN
std::string run_capturing(const std::string& command) {
  std::string out;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    ::pclose(p);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string add_key(const std::string& file, const std::string& name) {
  return run_capturing(std::string(CLAUSE_SERVER_BIN) + " keys add --name " + name +
                       " --scope search --rate 1000 --file '" + file + "' 2>/dev/null");
}

int status_with(httplib::Client& client, const std::string& key) {
  auto r = client.Get("/v1/platforms", {{"X-API-Key", key}});
  return r ? r->status : -1;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Polls (no timing assertion: up to 20 s for a signal to be handled).
template <class Done>
bool eventually(Done done) {
  for (int i = 0; i < 2000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(KeysServer, TheBinaryReloadsItsKeysFileOnSighupAndKeepsThemWhenItIsBad) {
  TempDir dir;
  const std::string db = build_index(dir, fixture_records());
  const std::string file = dir.file("keys.txt"), log = dir.file("server.log");
  const std::string first = add_key(file, "first");
  ASSERT_EQ(first.rfind("ck_", 0), 0u) << first;
  int port = 0;
  auto child = start_server([&](int p) {
    return std::vector<std::string>{"/bin/sh", "-c",
                                    std::string("exec ") + CLAUSE_SERVER_BIN + " --db '" + db +
                                        "' --port " + std::to_string(p) + " --keys '" + file +
                                        "' >'" + log + "' 2>&1"};
  }, port);
  ASSERT_TRUE(child) << read_all(log);
  httplib::Client client("127.0.0.1", port);
  EXPECT_EQ(status_with(client, first), 200);

  ASSERT_EQ(run_program({CLAUSE_SERVER_BIN, "keys", "remove", "--name", "first", "--file", file}), 0);
  const std::string second = add_key(file, "second");
  EXPECT_EQ(status_with(client, second), 401);  // not before the reload
  ::kill(child->pid(), SIGHUP);
  EXPECT_TRUE(eventually([&] { return status_with(client, second) == 200; })) << read_all(log);
  EXPECT_EQ(status_with(client, first), 401);

  std::ofstream(file, std::ios::app) << "broken line\n";
  ::kill(child->pid(), SIGHUP);
  EXPECT_TRUE(eventually([&] { return read_all(log).find("keeping the 1 key(s)") != std::string::npos; }))
      << read_all(log);
  EXPECT_NE(read_all(log).find("keys.txt:3: expected 5 fields"), std::string::npos) << read_all(log);
  EXPECT_EQ(status_with(client, second), 200);
  EXPECT_TRUE(child->running());
  EXPECT_NE(read_all(log).find("key=second"), std::string::npos);  // the access log names the key
  EXPECT_EQ(read_all(log).find(second), std::string::npos);        // never the key itself
}

// The binary wires the writer to the admin keys: a back end pushes a batch
// and the next read sees it; a search key cannot write.
TEST(KeysServer, TheBinaryTakesWritesWithAnAdminKey) {
  TempDir dir;
  const std::string db = build_index(dir, fixture_records());
  const std::string file = dir.file("keys.txt");
  const std::string admin = run_capturing(std::string(CLAUSE_SERVER_BIN) +
                                          " keys add --name backend --scope admin --rate 100 --file '" +
                                          file + "' 2>/dev/null");
  const std::string search = add_key(file, "site");
  int port = 0;
  auto child = start_server([&](int p) {
    return std::vector<std::string>{CLAUSE_SERVER_BIN, "--db", db, "--port", std::to_string(p), "--keys",
                                    file, "--log-level", "warn"};
  }, port);
  ASSERT_TRUE(child);
  httplib::Client client("127.0.0.1", port);
  const std::string batch =
      R"({"id":"pushed-1","platform":"Pushco","document":"Terms","text":"We may terminate your account."})"
      "\n"
      R"({"id":"pushed-2","platform":"Pushco","document":"Terms"})"
      "\n";
  auto refused = client.Post("/v1/clauses:batch", {{"X-API-Key", search}}, batch, "application/x-ndjson");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto pushed = client.Post("/v1/clauses:batch", {{"Authorization", "Bearer " + admin}}, batch,
                            "application/x-ndjson");
  ASSERT_TRUE(pushed);
  ASSERT_EQ(pushed->status, 200) << pushed->body;
  EXPECT_NE(pushed->body.find(R"("added":1)"), std::string::npos) << pushed->body;
  EXPECT_NE(pushed->body.find(R"("line":2)"), std::string::npos) << pushed->body;
  auto read = client.Get("/v1/clauses/pushed-1", {{"X-API-Key", search}});
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
  auto removed = client.Delete("/v1/clauses/pushed-1", {{"X-API-Key", admin}});
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 200) << removed->body;
  auto gone = client.Get("/v1/clauses/pushed-1", {{"X-API-Key", search}});
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
}
#endif

}  // namespace
}  // namespace clause::testing
