// API keys (issue 20): the keys file, the store's lookup and token buckets
// (on a clock the test moves), the Api's 401/403/429 answers without a
// socket, and the `clause-server keys` command.
#include "server/api_keys.h"
#include "server/keys_cli.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/api_harness.h"

namespace clause::server {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

ApiKey make_key(const std::string& name, KeyScope scope, double rate, double burst,
                const std::string& secret) {
  ApiKey k;
  k.name = name;
  k.scope = scope;
  k.rate = rate;
  k.burst = burst;
  k.digest = key_digest(secret);
  return k;
}

// A clock that stands still until the test moves it.
struct FakeClock {
  Clock::time_point now = Clock::time_point() + std::chrono::hours(1);
  KeyStore::Clock fn() {
    return [this] { return now; };
  }
};

TEST(KeysFile, RoundTripsThroughKeyLine) {
  const ApiKey key = make_key("site", KeyScope::search, 2.5, 5, "ck_secret");
  const std::string text = "# comment\n\n" + key_line(key) + key_line(make_key("be", KeyScope::admin, 1, 1, "x"));
  auto keys = parse_keys(text, "keys.txt");
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].name, "site");
  EXPECT_EQ((*keys)[0].scope, KeyScope::search);
  EXPECT_EQ((*keys)[0].rate, 2.5);
  EXPECT_EQ((*keys)[0].burst, 5);
  EXPECT_EQ((*keys)[0].digest, key_digest("ck_secret"));
  EXPECT_EQ((*keys)[1].scope, KeyScope::admin);
  // The file holds the hash, never the key.
  EXPECT_EQ(text.find("ck_secret"), std::string::npos);
}

TEST(KeysFile, ErrorsNameTheLineAndField) {
  const std::string good = key_line(make_key("site", KeyScope::search, 1, 1, "a"));
  const std::string hash = good.substr(good.rfind(' ') + 1, 64);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"site reader 1 1 " + hash, "keys.txt:2: field 'scope'"},
      {"site search fast 1 " + hash, "keys.txt:2: field 'rate'"},
      {"site search 0 1 " + hash, "keys.txt:2: field 'rate'"},
      {"site search 0.0005 1 " + hash, "keys.txt:2: field 'rate'"},
      {"site search 1 0 " + hash, "keys.txt:2: field 'burst'"},
      {"site search 1 1 abc", "keys.txt:2: field 'sha256'"},
      {"si/te search 1 1 " + hash, "keys.txt:2: field 'name'"},
      {"site search 1 1", "keys.txt:2: expected 5 fields"},
      {good.substr(0, good.size() - 1), "keys.txt:2: field 'name': 'site' is used twice"},
  };
  for (const auto& [line, want] : cases) {
    auto keys = parse_keys(good + line + "\n", "keys.txt");
    ASSERT_FALSE(keys.ok()) << line;
    EXPECT_NE(keys.error().message.find(want), std::string::npos) << keys.error().message;
  }
}

TEST(KeysFile, GeneratedKeysDiffer) {
  const std::string a = generate_key(), b = generate_key();
  EXPECT_EQ(a.rfind("ck_", 0), 0u);
  EXPECT_EQ(a.size(), 3u + 64u);
  EXPECT_NE(a, b);
}

TEST(KeyStore, AdmitsKnownKeysAndRefusesOthers) {
  KeyStore store({make_key("site", KeyScope::search, 100, 100, "k1"),
                  make_key("be", KeyScope::admin, 100, 100, "k2")});
  const Admission site = store.admit("k1");
  EXPECT_EQ(site.verdict, Admission::Verdict::admitted);
  EXPECT_EQ(site.name, "site");
  EXPECT_EQ(site.scope, KeyScope::search);
  EXPECT_EQ(store.admit("k2").scope, KeyScope::admin);
  EXPECT_EQ(store.admit("k3").verdict, Admission::Verdict::unknown_key);
  EXPECT_EQ(store.admit("k1 ").verdict, Admission::Verdict::unknown_key);
  EXPECT_EQ(store.admit("").verdict, Admission::Verdict::unknown_key);
}

TEST(KeyStore, TokenBucketAllowsTheBurstThenRefillsAtTheRate) {
  FakeClock clock;
  KeyStore store({make_key("site", KeyScope::search, 2, 3, "k")}, clock.fn());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(store.admit("k").verdict, Admission::Verdict::admitted) << i;
  Admission over = store.admit("k");
  EXPECT_EQ(over.verdict, Admission::Verdict::over_rate);
  EXPECT_EQ(over.name, "site");
  EXPECT_EQ(over.retry_after_seconds, 1);  // half a second to the next token, rounded up
  clock.now += std::chrono::milliseconds(500);
  EXPECT_EQ(store.admit("k").verdict, Admission::Verdict::admitted);
  EXPECT_EQ(store.admit("k").verdict, Admission::Verdict::over_rate);
  clock.now += std::chrono::hours(1);  // refills to the burst, no further
  for (int i = 0; i < 3; ++i) EXPECT_EQ(store.admit("k").verdict, Admission::Verdict::admitted) << i;
  EXPECT_EQ(store.admit("k").verdict, Admission::Verdict::over_rate);
}

TEST(KeyStore, RetryAfterSaysWhenTheNextTokenComes) {
  FakeClock clock;
  KeyStore store({make_key("slow", KeyScope::search, 0.1, 1, "k")}, clock.fn());
  EXPECT_EQ(store.admit("k").verdict, Admission::Verdict::admitted);
  EXPECT_EQ(store.admit("k").retry_after_seconds, 10);
  clock.now += std::chrono::seconds(4);
  EXPECT_EQ(store.admit("k").retry_after_seconds, 6);
}

TEST(KeyStore, ReplaceSwapsKeysButKeepsASurvivingKeysBucket) {
  FakeClock clock;
  KeyStore store({make_key("site", KeyScope::search, 1, 1, "old")}, clock.fn());
  EXPECT_EQ(store.admit("old").verdict, Admission::Verdict::admitted);
  store.replace({make_key("site", KeyScope::search, 1, 1, "new"), make_key("two", KeyScope::admin, 1, 1, "t")});
  EXPECT_EQ(store.size(), 2u);
  EXPECT_EQ(store.admit("old").verdict, Admission::Verdict::unknown_key);
  // Same name, same empty bucket: a reload is no way around the limit.
  EXPECT_EQ(store.admit("new").verdict, Admission::Verdict::over_rate);
  EXPECT_EQ(store.admit("t").verdict, Admission::Verdict::admitted);
}

class KeysApiTest : public clause::testing::ApiHarness {
 protected:
  void SetUp() override {
    open_api();
    api_->set_keys(&store_);
  }
  ApiResponse call(const std::string& path, const std::string& authorization, const std::string& api_key) {
    ApiRequest req;
    req.path = path;
    req.authorization = authorization;
    req.api_key = api_key;
    return api_->handle(req);
  }
  static std::string header(const ApiResponse& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return {};
  }
  FakeClock clock_;
  KeyStore store_{{make_key("site", KeyScope::search, 1, 2, "search-key"),
                   make_key("backend", KeyScope::admin, 1000, 1000, "admin-key")},
                  clock_.fn()};
};

TEST_F(KeysApiTest, ReadRoutesNeedAKeySentEitherWay) {
  const auto none = call("/v1/search", "", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(json::parse(none.body)["error"]["code"], "unauthorized");
  EXPECT_EQ(header(none, "WWW-Authenticate"), "Bearer realm=\"clause\"");
  EXPECT_EQ(call("/v1/search", "Bearer wrong", "").status, 401);
  EXPECT_EQ(call("/v1/search", "", "wrong").status, 401);
  const auto basic = call("/v1/search", "Basic c2l0ZQ==", "");
  EXPECT_EQ(basic.status, 401);
  EXPECT_NE(json::parse(basic.body)["error"]["message"].get<std::string>().find("Bearer"), std::string::npos);
  EXPECT_EQ(call("/v1/search", "Bearer search-key", "").status, 200);
  EXPECT_EQ(call("/v1/platforms", "bearer admin-key", "").status, 200);
  EXPECT_EQ(call("/v1/categories", "", "admin-key").status, 200);
}

TEST_F(KeysApiTest, OpenRoutesNeedNoKey) {
  for (const char* path : {"/healthz", "/", "/app.js", "/widget.js", "/widget.html", "/opensearch.xml"}) {
    EXPECT_EQ(call(path, "", "").status, 200) << path;
  }
}

TEST_F(KeysApiTest, MetricsNeedAnAdminKeyAndNameTheKey) {
  const auto forbidden = call("/metrics", "", "search-key");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(json::parse(forbidden.body)["error"]["code"], "forbidden");
  const auto metrics = call("/metrics", "Bearer admin-key", "");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("clause_http_requests_by_key_total{key=\"site\",status=\"403\"} 1"),
            std::string::npos) << metrics.body;
  EXPECT_EQ(metrics.body.find("search-key"), std::string::npos);
}

TEST_F(KeysApiTest, AKeyOverItsRateGets429WithRetryAfter) {
  EXPECT_EQ(call("/v1/platforms", "", "search-key").status, 200);
  EXPECT_EQ(call("/v1/platforms", "", "search-key").status, 200);
  const auto over = call("/v1/platforms", "", "search-key");
  EXPECT_EQ(over.status, 429);
  EXPECT_EQ(header(over, "Retry-After"), "1");
  EXPECT_EQ(json::parse(over.body)["error"]["code"], "too_many_requests");
  // Other keys have buckets of their own.
  EXPECT_EQ(call("/v1/platforms", "", "admin-key").status, 200);
  clock_.now += std::chrono::seconds(1);
  EXPECT_EQ(call("/v1/platforms", "", "search-key").status, 200);
}

TEST_F(KeysApiTest, WithoutAKeyStoreEveryRouteIsOpenAsBefore) {
  api_->set_keys(nullptr);
  EXPECT_EQ(call("/v1/search", "", "").status, 200);
  EXPECT_EQ(call("/metrics", "", "").status, 200);
}

// `clause-server keys`: add prints the key once and stores its hash; the
// stored key is one the store admits; list and remove.
TEST(KeysCommand, AddListRemove) {
  clause::testing::TempDir dir;
  const std::string file = dir.file("keys.txt");
  std::ostringstream out, err;
  ASSERT_EQ(run_keys_command({"add", "--name", "site", "--scope", "search", "--rate", "20", "--file", file},
                             out, err), 0) << err.str();
  const std::string key = out.str().substr(0, out.str().size() - 1);
  EXPECT_EQ(key.rfind("ck_", 0), 0u);
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text.find(key), std::string::npos);
  auto keys = load_keys_file(file);
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].burst, 20);  // the default: one second's worth
  KeyStore store(*keys);
  EXPECT_EQ(store.admit(key).name, "site");

  std::ostringstream out2, err2;
  EXPECT_EQ(run_keys_command({"add", "--name=backend", "--scope=admin", "--rate=5", "--burst=9", "--file=" + file},
                             out2, err2), 0) << err2.str();
  std::ostringstream listed;
  EXPECT_EQ(run_keys_command({"list", "--file", file}, listed, err2), 0);
  EXPECT_EQ(listed.str(), "site search rate=20/s burst=20\nbackend admin rate=5/s burst=9\n");

  std::ostringstream none;
  EXPECT_EQ(run_keys_command({"remove", "--name", "site", "--file", file}, none, err2), 0);
  std::ostringstream after;
  EXPECT_EQ(run_keys_command({"list", "--file", file}, after, err2), 0);
  EXPECT_EQ(after.str(), "backend admin rate=5/s burst=9\n");
}

TEST(KeysCommand, RefusesBadOptionsByName) {
  clause::testing::TempDir dir;
  const std::string file = dir.file("keys.txt");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"add", "--name", "s", "--scope", "owner", "--rate", "1", "--file", file}, "--scope"},
      {{"add", "--name", "s", "--scope", "search", "--rate", "x", "--file", file}, "--rate"},
      {{"add", "--name", "s", "--scope", "search", "--rate", "1", "--burst", "0", "--file", file}, "--burst"},
      {{"add", "--name", "s", "--scope", "search", "--file", file}, "--rate: missing"},
      {{"add", "--name", "s", "--scope", "search", "--rate", "1", "--file", file, "--colour", "x"}, "--colour"},
      {{"remove", "--name", "nobody", "--file", file}, "--file"},
      {{"rotate"}, "unknown keys command"},
  };
  for (const auto& [args, want] : cases) {
    std::ostringstream out, err;
    EXPECT_EQ(run_keys_command(args, out, err), 2) << want;
    EXPECT_NE(err.str().find(want), std::string::npos) << err.str();
    EXPECT_TRUE(out.str().empty());
  }
  std::ostringstream out, err;
  ASSERT_EQ(run_keys_command({"add", "--name", "s", "--scope", "search", "--rate", "1", "--file", file}, out, err), 0);
  EXPECT_EQ(run_keys_command({"add", "--name", "s", "--scope", "search", "--rate", "1", "--file", file}, out, err), 2);
  EXPECT_NE(err.str().find("already"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace clause::server
