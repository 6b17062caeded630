// Writes under load and a kill -9 during a batch (issue 20), short versions
// of bench/run_write_reliability.sh against the clause-server binary on
// loopback: readers searching batch markers see each batch whole or not at
// all and every acknowledged batch stays; a server killed while a batch is
// in flight reopens holding every acknowledged batch, and the one in
// flight whole or not at all. Counts only, no timing assertions.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "bench/write_load.h"
#include "server/api_keys.h"
#include "tests/child_process.h"
#include "tests/fixture_index.h"

namespace clause::testing {
namespace {

constexpr char kAdmin[] = "ck_admin_for_write_reliability";
constexpr char kSearch[] = "ck_search_for_write_reliability";

std::string write_keys(const TempDir& dir) {
  const std::string file = dir.file("keys.txt");
  std::ofstream out(file);
  for (const auto& [name, scope, secret] :
       {std::tuple{"backend", server::KeyScope::admin, kAdmin}, std::tuple{"site", server::KeyScope::search, kSearch}}) {
    server::ApiKey key;
    key.name = name;
    key.scope = scope;
    key.rate = 1000000;  // the readers must never meet a rate limit here
    key.burst = 1000000;
    key.digest = server::key_digest(secret);
    out << server::key_line(key);
  }
  return file;
}

std::unique_ptr<ChildProcess> start(const std::string& db, const std::string& keys, int& port) {
  return start_server([&](int p) {
    return std::vector<std::string>{CLAUSE_SERVER_BIN, "--db", db, "--port", std::to_string(p),
                                    "--keys", keys, "--log-level", "warn"};
  }, port);
}

bench::WriteTarget target_at(int port, const std::string& run_id) {
  bench::WriteTarget t;
  t.port = port;
  t.admin_key = kAdmin;
  t.search_key = kSearch;
  t.run_id = run_id;
  t.batch_size = 10;
  return t;
}

TEST(WriteReliability, ReadersNeverSeeAPartOfABatchAndEveryAcknowledgedBatchStays) {
  TempDir dir;
  const std::string db = build_index(dir, fixture_records());
  int port = 0;
  auto server = start(db, write_keys(dir), port);
  ASSERT_TRUE(server);
  bench::LoadOptions options;
  options.readers = 16;
  options.writers = 2;
  options.seconds = 120;     // a bound for a very slow machine, never reached in practice
  options.max_batches = 12;  // the run ends when the writers have sent these
  const bench::LoadReport r = bench::run_load(target_at(port, "t1"), options);
  EXPECT_GT(r.writes_acked, 0u);
  EXPECT_EQ(r.writes_acked + r.writes_busy, r.writes_sent);
  EXPECT_GT(r.reads, 0u);
  EXPECT_EQ(r.reads_partial, 0u);
  EXPECT_EQ(r.reads_stale, 0u);
  EXPECT_EQ(r.failed_requests, 0u);
  EXPECT_EQ(r.acked_missing, 0u);
  EXPECT_EQ(r.acked_checked, r.writes_acked);
  for (const auto& [status, n] : r.read_statuses) EXPECT_EQ(status, 200) << n << " reads";
  EXPECT_TRUE(r.clean());
}

TEST(WriteReliability, AServerKilledDuringABatchKeepsEveryAcknowledgedOneAndNoHalfBatch) {
  TempDir dir;
  const std::string db = build_index(dir, fixture_records());
  const std::string keys = write_keys(dir);
  std::size_t acked_before = 0;
  for (int round = 0; round < 3; ++round) {
    int port = 0;
    auto server = start(db, keys, port);
    ASSERT_TRUE(server) << "round " << round;
    const auto target = target_at(port, "k");
    // The index reopened after the last kill: all acknowledged so far, whole.
    const bench::KillCheck before = bench::check_after_kill(target, acked_before);
    EXPECT_EQ(before.acked_whole, acked_before) << "round " << round;
    std::atomic<std::size_t> acked{acked_before};
    if (before.unacked_total > 0) acked = acked_before + 1;  // the last kill's batch had landed: go on after it
    const std::atomic<bool> stop{false};
    std::atomic<bool> writer_done{false};
    std::thread writer([&] {
      bench::write_until_failure(target, "", acked, stop);
      writer_done = true;
    });
    // Kill once a few batches were acknowledged: the writer has the next one
    // on its way or about to be, whatever the machine's speed.
    while (acked < acked_before + 3 + round && !writer_done) std::this_thread::yield();
    ASSERT_FALSE(writer_done) << "the writer stopped before the kill, at batch " << acked;
    ::kill(server->pid(), SIGKILL);
    writer.join();
    server->wait();
    acked_before = acked;
  }
  int port = 0;
  auto server = start(db, keys, port);
  ASSERT_TRUE(server);  // the index opens after the kills
  const bench::KillCheck after = bench::check_after_kill(target_at(port, "k"), acked_before);
  EXPECT_EQ(after.acked_whole, after.acked);
  EXPECT_TRUE(after.ok()) << "the unacknowledged batch: " << after.unacked_total << " of " << after.batch_size;
}

}  // namespace
}  // namespace clause::testing
