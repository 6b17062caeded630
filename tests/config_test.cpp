// Configuration: defaults, then environment, then flags; validated once.
#include "server/config.h"

#include <gtest/gtest.h>

#include <map>

namespace clause::server {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Config, DefaultsThenEnvironmentThenFlags) {
  auto c = load_config({"--db", "/x"}, env_of({}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->host, "127.0.0.1");
  EXPECT_EQ(c->port, 8080);
  auto e = load_config({}, env_of({{"CLAUSE_DB", "/env"}, {"CLAUSE_PORT", "9000"},
                                   {"CLAUSE_THREADS", "3"}, {"CLAUSE_LOG_LEVEL", "debug"}}));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->db_path, "/env");
  EXPECT_EQ(e->port, 9000);
  EXPECT_EQ(e->threads, 3);
  EXPECT_EQ(e->log_level, "debug");
  auto f = load_config({"--port=9100", "--db", "/flag"}, env_of({{"CLAUSE_DB", "/env"}, {"CLAUSE_PORT", "9000"}}));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->port, 9100);
  EXPECT_EQ(f->db_path, "/flag");
}

TEST(Config, ErrorsNameTheSetting) {
  EXPECT_EQ(load_config({}, env_of({})).error().field, "--db");
  EXPECT_EQ(load_config({"--db", "x", "--port", "70000"}, env_of({})).error().field, "--port");
  EXPECT_EQ(load_config({"--db", "x"}, env_of({{"CLAUSE_THREADS", "0"}})).error().field, "CLAUSE_THREADS");
  EXPECT_EQ(load_config({"--db", "x", "--log-level", "loud"}, env_of({})).error().field, "--log-level");
  EXPECT_EQ(load_config({"--db"}, env_of({})).error().field, "--db");
  EXPECT_FALSE(load_config({"--db", "x", "--bogus"}, env_of({})).ok());
}

// A flag wins over its environment variable: a bad value it overrides is
// not read, so no error; the same value without the flag is one.
TEST(Config, AFlagOverridesABadEnvironmentValue) {
  const auto bad = env_of({{"CLAUSE_PORT", "notaport"}, {"CLAUSE_LOG_LEVEL", "bogus"}});
  const auto c = load_config({"--db", "x", "--port", "0", "--log-level=info"}, bad);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->port, 0);
  EXPECT_EQ(c->log_level, "info");
  EXPECT_EQ(load_config({"--db", "x", "--port", "0"}, bad).error().field, "CLAUSE_LOG_LEVEL");
}

TEST(Config, SimilarBarIsAShare) {
  EXPECT_FALSE(load_config({"--db", "x"}, env_of({}))->similar_bar.has_value());
  auto env = load_config({"--db", "x"}, env_of({{"CLAUSE_SIMILAR_BAR", "0.35"}}));
  ASSERT_TRUE(env.ok());
  EXPECT_DOUBLE_EQ(*env->similar_bar, 0.35);
  auto flag = load_config({"--db", "x", "--similar-bar=0.1"}, env_of({{"CLAUSE_SIMILAR_BAR", "0.35"}}));
  ASSERT_TRUE(flag.ok());
  EXPECT_DOUBLE_EQ(*flag->similar_bar, 0.1);
  for (const char* bad : {"1.5", "-0.1", "abc", "", "0.2x"}) {
    EXPECT_EQ(load_config({"--db", "x", "--similar-bar", bad}, env_of({})).error().field, "--similar-bar") << bad;
  }
}

TEST(Config, SimilarSnapshotThreadsIsASmallCountAndZeroMeansHalfTheCores) {
  EXPECT_FALSE(load_config({"--db", "x"}, env_of({}))->similar_snapshot_threads.has_value());
  auto env = load_config({"--db", "x"}, env_of({{"CLAUSE_SIMILAR_SNAPSHOT_THREADS", "0"}}));
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(*env->similar_snapshot_threads, 0u);
  auto flag = load_config({"--db", "x", "--similar-snapshot-threads", "4"}, env_of({}));
  ASSERT_TRUE(flag.ok());
  EXPECT_EQ(*flag->similar_snapshot_threads, 4u);
  for (const char* bad : {"-1", "257", "two", ""}) {
    EXPECT_EQ(load_config({"--db", "x", "--similar-snapshot-threads", bad}, env_of({})).error().field,
              "--similar-snapshot-threads")
        << bad;
  }
}

TEST(Config, SimilarSnapshotMaxIsACountAndZeroTurnsItOff) {
  EXPECT_FALSE(load_config({"--db", "x"}, env_of({}))->similar_snapshot_max.has_value());
  auto env = load_config({"--db", "x"}, env_of({{"CLAUSE_SIMILAR_SNAPSHOT_MAX", "0"}}));
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(*env->similar_snapshot_max, 0u);
  auto flag = load_config({"--db", "x", "--similar-snapshot-max", "500000"}, env_of({}));
  ASSERT_TRUE(flag.ok());
  EXPECT_EQ(*flag->similar_snapshot_max, 500000u);
  for (const char* bad : {"-1", "abc", "", "1e6"}) {
    EXPECT_EQ(load_config({"--db", "x", "--similar-snapshot-max", bad}, env_of({})).error().field,
              "--similar-snapshot-max")
        << bad;
  }
}

TEST(Config, GzipMinBytesIsASizeAndZeroTurnsItOff) {
  EXPECT_EQ(load_config({"--db", "x"}, env_of({}))->gzip_min_bytes, 1024u);
  EXPECT_EQ(load_config({"--db", "x"}, env_of({{"CLAUSE_GZIP_MIN_BYTES", "0"}}))->gzip_min_bytes, 0u);
  EXPECT_EQ(load_config({"--db", "x", "--gzip-min-bytes", "4096"}, env_of({}))->gzip_min_bytes, 4096u);
  for (const char* bad : {"-1", "abc", "", "1e3"}) {
    EXPECT_EQ(load_config({"--db", "x", "--gzip-min-bytes", bad}, env_of({})).error().field, "--gzip-min-bytes")
        << bad;
  }
}

TEST(Config, HelpDocumentsEverySetting) {
  auto c = load_config({"--help"}, env_of({}));
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->help);
  const std::string text = usage();
  for (const char* s : {"--db", "CLAUSE_DB", "--host", "CLAUSE_HOST", "--port", "CLAUSE_PORT",
                        "--threads", "CLAUSE_THREADS", "--log-level", "CLAUSE_LOG_LEVEL"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s;
  }
}

}  // namespace
}  // namespace clause::server
