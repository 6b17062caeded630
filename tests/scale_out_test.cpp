// Growing past one machine with Xapian's own machinery (docs/scaling.md):
// a sharded index answers exactly like a single one, whether its shards are
// local or served by xapian-tcpsrv on loopback; a server on a read replica
// kept by xapian-replicate sees the master's commits.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "indexer/index_writer.h"
#include "tests/child_process.h"
#include "tests/fixture_index.h"
#include "tests/scale_out_support.h"

namespace clause::testing {
namespace {

std::string require_program(const std::string& name) {
  const std::string path = find_program(name);
  EXPECT_FALSE(path.empty()) << name << " not found: install xapian-tools (scripts/install-deps.sh)";
  return path;
}

void expect_sharded_like_single(const std::vector<ClauseRecord>& records, std::size_t shards,
                                std::size_t max_platforms) {
  TempDir dir;
  build_single(dir.file("single"), records);
  build_sharded(dir.file("sharded"), records, shards);
  auto single = open_service(dir.file("single"));
  auto sharded = open_service(dir.file("sharded"));
  ASSERT_TRUE(single && sharded);
  const Probe probe = make_probe(*single, max_platforms);
  expect_same_answers(survey(*single, probe), survey(*sharded, probe));
}

TEST(ScaleOut, LocalShardsAnswerLikeOneIndexOnTheFixture) {
  expect_sharded_like_single(fixture_records(), 2, 100);
  expect_sharded_like_single(fixture_records(), 3, 100);
}

TEST(ScaleOut, LocalShardsAnswerLikeOneIndexOnTheSharedCorpora) {
  CLAUSE_REQUIRE_SHARED("tosdr/clauses.jsonl");
  CLAUSE_REQUIRE_SHARED("claudette/clauses.jsonl");
  auto records = read_jsonl((shared_data_dir() / "tosdr/clauses.jsonl").string());
  const auto more = read_jsonl((shared_data_dir() / "claudette/clauses.jsonl").string());
  records.insert(records.end(), more.begin(), more.end());
  expect_sharded_like_single(records, 2, 40);
}

// Two xapian-tcpsrv on ephemeral loopback ports serve the shards; the
// server opens DIR/remote.stub. Records indexed into the served shards
// afterwards are seen, and the answers still match a single index.
void expect_remote_like_single(const std::vector<ClauseRecord>& first,
                               const std::vector<ClauseRecord>& later, std::size_t max_platforms) {
  const std::string tcpsrv = require_program("xapian-tcpsrv");
  if (tcpsrv.empty()) return;
  TempDir dir;
  const std::string sharded = dir.file("sharded");
  build_sharded(sharded, first, 2);
  std::vector<std::unique_ptr<ChildProcess>> servers;  // outlive the services below
  std::vector<std::string> remotes;
  for (int i = 0; i < 2; ++i) {
    int port = 0;
    const std::string shard = sharded + "/shard-" + std::to_string(i);
    servers.push_back(start_server(
        [&](int p) {
          return std::vector<std::string>{tcpsrv, "--interface", "127.0.0.1", "--port",
                                          std::to_string(p), "--quiet", shard};
        },
        port));
    ASSERT_TRUE(servers.back()) << "xapian-tcpsrv did not start";
    remotes.push_back("127.0.0.1:" + std::to_string(port));
  }
  build_sharded(sharded, {}, 2, remotes);  // writes remote.stub
  build_single(dir.file("single"), first);
  auto single = open_service(dir.file("single"));
  auto remote = open_service(sharded + "/remote.stub");
  ASSERT_TRUE(single && remote);
  const Probe probe = make_probe(*single, max_platforms);
  expect_same_answers(survey(*single, probe), survey(*remote, probe));

  // Index into the served shards; the remote-backed service sees it.
  build_sharded(sharded, later, 0);
  build_single(dir.file("single"), later);
  const auto info = remote->info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->clauses, Xapian::Database(dir.file("single")).get_doccount());
  const Probe after = make_probe(*single, max_platforms);
  expect_same_answers(survey(*single, after), survey(*remote, after));
  for (auto& server : servers) EXPECT_TRUE(server->running()) << "a shard server died";
}

TEST(ScaleOut, RemoteShardsOnXapianTcpsrvAnswerLikeOneIndex) {
  auto records = fixture_records();
  const std::vector<ClauseRecord> first(records.begin(), records.begin() + 8);
  const std::vector<ClauseRecord> later(records.begin() + 8, records.end());
  expect_remote_like_single(first, later, 100);
}

TEST(ScaleOut, RemoteShardsAnswerLikeOneIndexOnTheSharedCorpus) {
  CLAUSE_REQUIRE_SHARED("tosdr/clauses.jsonl");
  const auto records = read_jsonl((shared_data_dir() / "tosdr/clauses.jsonl").string());
  const std::size_t half = records.size() / 2;
  expect_remote_like_single({records.begin(), records.begin() + half},
                            {records.begin() + half, records.end()}, 20);
}

}  // namespace
}  // namespace clause::testing
