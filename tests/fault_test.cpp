// Faults of the index under the server: a bad index at start-up is refused
// with a non-zero exit and a clear message; one that breaks later is answered
// with 503 until it is fixed; commits by the indexer while the server
// answers never fail a request or break an answer's consistency.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "indexer/index_writer.h"
#include "schema/index_layout.h"
#include "tests/fixture_index.h"
#include "tests/running_server.h"

namespace clause::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ServerExit {
  int status = -1;
  std::string output;
};

// Starts clause-server on a bad index; it must exit by itself.
ServerExit start_server(const TempDir& dir, const std::string& db) {
  const std::string out = dir.file("server.out");
  const std::string cmd = std::string("timeout 20 ") + CLAUSE_SERVER_BIN + " --db '" + db +
                          "' --port 0 > '" + out + "' 2>&1";
  const int raw = std::system(cmd.c_str());
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, text.str()};
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

// Overwrites every table of a glass database with garbage of the same size.
void scramble_tables(const fs::path& db) {
  for (const auto& e : fs::directory_iterator(db)) {
    if (e.path().extension() != ".glass") continue;
    std::string bytes = read_file(e.path());
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 131 + 7) & 0xFF);
    write_file(e.path(), bytes);
  }
}

class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override { spdlog::set_level(spdlog::level::off); }
  TempDir dir_;
};

TEST_F(FaultTest, StartupRefusesAMissingIndex) {
  const ServerExit run = start_server(dir_, dir_.file("no-such-index"));
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("cannot open the index"), std::string::npos) << run.output;
}

TEST_F(FaultTest, StartupRefusesAnotherSchemaVersion) {
  const std::string path = build_index(dir_, fixture_records());
  {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    db.set_metadata(std::string(layout::kSchemaVersionKey), "99.0");
    db.commit();
  }
  const ServerExit run = start_server(dir_, path);
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("99.0"), std::string::npos) << run.output;
}

TEST_F(FaultTest, StartupRefusesACorruptIndex) {
  const std::string path = build_index(dir_, fixture_records());
  scramble_tables(path);
  const ServerExit run = start_server(dir_, path);
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("index"), std::string::npos) << run.output;
}

TEST_F(FaultTest, StartupRefusesAnUnreadableIndex) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file: permissions cannot be tested";
  const std::string path = build_index(dir_, fixture_records());
  fs::permissions(path, fs::perms::none);
  const ServerExit run = start_server(dir_, path);
  fs::permissions(path, fs::perms::owner_all);
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("cannot open the index"), std::string::npos) << run.output;
}

int status_of(httplib::Client& client, const std::string& path) {
  auto res = client.Get(path.c_str());
  return res ? res->status : -1;
}

TEST_F(FaultTest, AnIndexThatBreaksLaterGets503UntilFixed) {
  const std::string path = build_index(dir_, fixture_records());
  RunningServer server(path, {2, 4096, 5, 64});
  httplib::Client client("127.0.0.1", server.port());
  ASSERT_EQ(status_of(client, "/v1/search?q=arbitration"), 200);

  // Moved away: the index is missing.
  const std::string aside = dir_.file("aside");
  fs::rename(path, aside);
  auto res = client.Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "unavailable");
  EXPECT_EQ(status_of(client, "/v1/search?q=arbitration"), 503);
  fs::rename(aside, path);
  EXPECT_EQ(status_of(client, "/v1/search?q=arbitration"), 200);

  // Replaced by a corrupt copy (a botched restore), then put back. (Glass
  // tables have no checksums: garbage written into the files of an index
  // that readers already hold open is only seen when they next read those
  // blocks from disk; a replaced index is seen at once.)
  const std::string corrupt = dir_.file("corrupt");
  fs::copy(path, corrupt);
  for (const auto& e : fs::directory_iterator(corrupt)) {
    std::string bytes = read_file(e.path());
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 131 + 7) & 0xFF);
    write_file(e.path(), bytes);
  }
  fs::rename(path, aside);
  fs::rename(corrupt, path);
  EXPECT_EQ(status_of(client, "/v1/search?q=arbitration"), 503);
  EXPECT_EQ(status_of(client, "/v1/categories"), 503);
  fs::remove_all(path);
  fs::rename(aside, path);
  EXPECT_EQ(status_of(client, "/v1/search?q=arbitration"), 200);
  EXPECT_EQ(status_of(client, "/healthz"), 200);
}

// Readers race a writer that commits small batches. Every answer must be a
// 200 whose parts agree: the platform facet counts add up to the total (each
// clause has one platform), the page is as long as the total allows, and the
// clause count never goes backwards.
TEST_F(FaultTest, AnswersStayConsistentWhileTheIndexerCommits) {
  const std::string path = build_index(dir_, fixture_records());
  RunningServer server(path, {4, 4096, 5, 64});
  std::atomic<bool> done{false};
  std::thread writer([&] {
    auto w = IndexWriter::open(path, {25, true});
    ASSERT_TRUE(w.ok());
    for (int i = 0; i < 600; ++i) {
      (*w)->upsert(record_from_json(
          json{{"id", "gen-" + std::to_string(i)},
               {"platform", "Gen " + std::to_string(i % 7)},
               {"document", "Terms of Service"},
               {"text", "Generated clause " + std::to_string(i) + " about arbitration and data."},
               {"severity", "low"}}
              .dump()));
    }
    (*w)->commit();
    done = true;
  });
  std::atomic<int> requests{0}, failures{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      httplib::Client client("127.0.0.1", server.port());
      long last_total = 0;
      while (!done || requests < 30) {
        auto res = client.Get("/v1/search?q=arbitration&limit=20&facet_limit=1000");
        ++requests;
        if (!res || res->status != 200) {
          ADD_FAILURE() << (res ? res->body : httplib::to_string(res.error()));
          ++failures;
          continue;
        }
        const json body = json::parse(res->body);
        const long total = body["total"];
        long sum = 0;
        for (const auto& f : body["facets"]["platform"]) sum += f["count"].get<long>();
        if (sum != total || static_cast<long>(body["results"].size()) != std::min(total, 20L) ||
            total < last_total) {
          ADD_FAILURE() << "inconsistent: sum " << sum << " total " << total << " last " << last_total;
          ++failures;
        }
        last_total = total;
      }
    });
  }
  writer.join();
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures, 0) << "of " << requests << " requests";
  EXPECT_GE(requests, 30);  // the loop stops at 30 when the writer is quicker
}

}  // namespace
}  // namespace clause::testing
