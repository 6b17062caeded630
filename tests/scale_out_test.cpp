// Growing past one machine with Xapian's own machinery (docs/scaling.md):
// a sharded index answers exactly like a single one, whether its shards are
// local or served by xapian-tcpsrv on loopback; a server on a read replica
// kept by xapian-replicate sees the master's commits.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "indexer/index_writer.h"
#include "server/search_params.h"
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
                                std::size_t max_subjects, bool with_similar = false) {
  TempDir dir;
  build_single(dir.file("single"), records);
  build_sharded(dir.file("sharded"), records, shards);
  auto single = open_service(dir.file("single"));
  auto sharded = open_service(dir.file("sharded"));
  ASSERT_TRUE(single && sharded);
  Probe probe = make_probe(*single, max_subjects);
  probe.with_similar = with_similar;
  expect_same_answers(survey(*single, probe), survey(*sharded, probe));
}

TEST(ScaleOut, LocalShardsAnswerLikeOneIndexOnTheFixture) {
  expect_sharded_like_single(fixture_records(), 2, 100);
  expect_sharded_like_single(fixture_records(), 3, 100);
}

// Records in several languages (issue 19, item 7): each stemmed in its own
// language, the language facet and filter, queries with `lang`.
TEST(ScaleOut, LocalShardsAnswerLikeOneIndexInSeveralLanguages) {
  auto records = fixture_records();
  for (auto& r : multilingual_records()) records.push_back(std::move(r));
  expect_sharded_like_single(records, 2, 100);
}

// Similar clauses too (issue #9): scores are shares of the query clause's
// self weight, computed from the combined statistics, so they and
// platforms_with_similar do not depend on the layout.
TEST(ScaleOut, SimilarAnswersLikeOneIndexOnLocalShards) {
  TempDir dir;
  build_single(dir.file("single"), fixture_records());
  build_sharded(dir.file("sharded"), fixture_records(), 2);
  auto single = open_service(dir.file("single"));
  auto sharded = open_service(dir.file("sharded"));
  ASSERT_TRUE(single && sharded);
  Probe probe = make_probe(*single, 100);
  probe.with_similar = true;
  expect_same_answers(survey(*single, probe), survey(*sharded, probe));
}

// A stub of local shards is keyed by its shards' revisions
// (schema/index_open.h), so /similar answers from an in-memory snapshot as on
// one index, follows commits, and answers the same as the single index.
TEST(ScaleOut, SimilarOnLocalShardsAnswersFromASnapshotThatFollowsCommits) {
  TempDir dir;
  auto records = fixture_records();
  const std::vector<ClauseRecord> first(records.begin(), records.begin() + 8);
  const std::vector<ClauseRecord> later(records.begin() + 8, records.end());
  build_single(dir.file("single"), first);
  build_sharded(dir.file("sharded"), first, 2);
  auto single = open_service(dir.file("single"));
  auto sharded = open_service(dir.file("sharded"));
  ASSERT_TRUE(single && sharded);
  auto expect_ready_and_same = [&](std::size_t clauses) {
    ASSERT_TRUE(single->wait_for_similar_snapshot(60));
    ASSERT_TRUE(sharded->wait_for_similar_snapshot(60));
    const auto info = sharded->info();
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->similar_snapshot.state, "ready") << info->similar_snapshot.reason;
    EXPECT_EQ(info->similar_snapshot.clauses, clauses);
    Probe probe = make_probe(*single, 100);
    probe.with_similar = true;
    expect_same_answers(survey(*single, probe), survey(*sharded, probe));
  };
  expect_ready_and_same(first.size());
  build_sharded(dir.file("sharded"), later, 0);
  build_single(dir.file("single"), later);
  expect_ready_and_same(records.size());
}

// Catalog answers are cached per revision of all local shards (issue 21):
// a second survey is answered from the cache, the same as before and as one
// index; a commit into one shard changes the next answers.
TEST(ScaleOut, CatalogCacheOnLocalShardsFollowsCommits) {
  TempDir dir;
  auto records = fixture_records();
  const std::vector<ClauseRecord> first(records.begin(), records.begin() + 8);
  const std::vector<ClauseRecord> later(records.begin() + 8, records.end());
  build_single(dir.file("single"), first);
  build_sharded(dir.file("sharded"), first, 2);
  auto single = open_service(dir.file("single"));
  auto sharded = open_service(dir.file("sharded"));
  ASSERT_TRUE(single && sharded);
  const Probe probe = make_probe(*single, 100);
  const auto before = survey(*sharded, probe);
  expect_same_answers(survey(*single, probe), before);
  const auto cached = sharded->info()->catalog_cache;
  EXPECT_GT(cached.answers, 0u);
  expect_same_answers(before, survey(*sharded, probe));
  EXPECT_GE(sharded->info()->catalog_cache.hits, cached.answers);

  build_sharded(dir.file("sharded"), later, 0);
  build_single(dir.file("single"), later);
  const Probe after = make_probe(*single, 100);
  EXPECT_NE(survey(*sharded, after)["categories"], before.at("categories"));
  expect_same_answers(survey(*single, after), survey(*sharded, after));
}

TEST(ScaleOut, LocalShardsAnswerLikeOneIndexOnTheSharedCorpora) {
  CLAUSE_REQUIRE_SHARED("tosdr/clauses.jsonl");
  CLAUSE_REQUIRE_SHARED("claudette/clauses.jsonl");
  auto records = read_jsonl((shared_data_dir() / "tosdr/clauses.jsonl").string());
  const auto more = read_jsonl((shared_data_dir() / "claudette/clauses.jsonl").string());
  records.insert(records.end(), more.begin(), more.end());
  expect_sharded_like_single(records, 2, 40, true);
}

// Two xapian-tcpsrv on ephemeral loopback ports serve the shards; the
// server opens DIR/remote.stub. Records indexed into the served shards
// afterwards are seen, and the answers still match a single index.
void expect_remote_like_single(const std::vector<ClauseRecord>& first,
                               const std::vector<ClauseRecord>& later, std::size_t max_subjects) {
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
  const Probe probe = make_probe(*single, max_subjects);
  expect_same_answers(survey(*single, probe), survey(*remote, probe));

  // Index into the served shards; the remote-backed service sees it.
  build_sharded(sharded, later, 0);
  build_single(dir.file("single"), later);
  const auto info = remote->info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->clauses, Xapian::Database(dir.file("single")).get_doccount());
  // Remote shards have no revision to key a snapshot by: /similar reads them.
  ASSERT_TRUE(remote->wait_for_similar_snapshot(60));
  EXPECT_EQ(remote->info()->similar_snapshot.state, "none");
  EXPECT_EQ(remote->info()->similar_snapshot.reason, "the index has remote shards");
  // Nor the catalog answers: they are computed per request (docs/scaling.md).
  EXPECT_EQ(remote->info()->catalog_cache.answers, 0u);
  const Probe after = make_probe(*single, max_subjects);
  expect_same_answers(survey(*single, after), survey(*remote, after));
  for (auto& server : servers) EXPECT_TRUE(server->running()) << "a shard server died";
}

TEST(ScaleOut, RemoteShardsOnXapianTcpsrvAnswerLikeOneIndex) {
  auto records = fixture_records();
  const std::vector<ClauseRecord> first(records.begin(), records.begin() + 8);
  const std::vector<ClauseRecord> later(records.begin() + 8, records.end());
  expect_remote_like_single(first, later, 100);
}

TEST(ScaleOut, RemoteShardsAnswerLikeOneIndexInSeveralLanguages) {
  expect_remote_like_single(fixture_records(), multilingual_records(), 100);
}

TEST(ScaleOut, RemoteShardsAnswerLikeOneIndexOnTheSharedCorpus) {
  CLAUSE_REQUIRE_SHARED("tosdr/clauses.jsonl");
  // A third of the corpus keeps the test short: every request crosses the
  // network once per shard and again per document it returns.
  const auto records = read_jsonl((shared_data_dir() / "tosdr/clauses.jsonl").string());
  const std::size_t third = records.size() / 3;
  expect_remote_like_single({records.begin(), records.begin() + third},
                            {records.begin() + third, records.begin() + 2 * third}, 5);
}

// A stub naming one remote database (no local part): it has no revision to
// read, so neither the facet columns nor the record cache apply, and its
// facets are counted by the spies xapian-tcpsrv runs. Totals, hits, facets
// and records are those of the local index (spelling suggestions are not:
// Xapian 1.4 reads no spelling data from a remote database).
TEST(ScaleOut, OneRemoteDatabaseAnswersLikeTheLocalOne) {
  const std::string tcpsrv = require_program("xapian-tcpsrv");
  if (tcpsrv.empty()) return;
  TempDir dir;
  build_single(dir.file("single"), fixture_records());
  int port = 0;
  auto server = start_server(
      [&](int p) {
        return std::vector<std::string>{tcpsrv, "--interface", "127.0.0.1", "--port",
                                        std::to_string(p), "--quiet", dir.file("single")};
      },
      port);
  ASSERT_TRUE(server) << "xapian-tcpsrv did not start";
  const std::string stub = dir.write("remote.stub", "remote 127.0.0.1:" + std::to_string(port) + "\n");
  auto local = open_service(dir.file("single"));
  auto remote = open_service(stub);
  ASSERT_TRUE(local && remote);
  const auto facets = [](const search::FacetList& f) {
    std::vector<std::pair<std::string, std::size_t>> out;
    for (const auto& e : f.entries) out.emplace_back(e.slug, e.count);
    return out;
  };
  for (const server::ParamMap& params : std::vector<server::ParamMap>{
           {{"q", "arbitration"}}, {}, {{"q", "data"}, {"severity", "high,critical"}},
           {{"category", "data-sharing"}, {"sort", "severity"}}, {{"q", "licence"}},
           {{"facets", "category,severity,platform,document,clause_type"}, {"updated_after", "2023-01-01"}},
           {{"q", "data"}, {"facets", "document,clause_type"}, {"updated_before", "2024-03-02"}}}) {
    const auto request = server::parse_search(params);
    const auto a = local->search(*request);
    const auto b = remote->search(*request);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->total, b->total);
    ASSERT_EQ(a->hits.size(), b->hits.size());
    for (std::size_t i = 0; i < a->hits.size(); ++i) EXPECT_EQ(a->hits[i].record, b->hits[i].record);
    EXPECT_EQ(a->counted, b->counted);
    for (const auto f : a->counted) EXPECT_EQ(facets(a->facet(f)), facets(b->facet(f)));
  }
  for (const auto& record : fixture_records()) {
    const auto a = local->clause_text(record.id);
    const auto b = remote->clause_text(record.id);
    ASSERT_TRUE(a.ok() && b.ok()) << record.id;
    EXPECT_EQ(*a, *b) << record.id;
  }
  EXPECT_TRUE(server->running());
}

// One writer, one read replica kept by xapian-replicate from
// xapian-replicate-server on loopback: the service on the replica sees the
// master's commits, whether they arrive as changesets (applied in place) or
// as a full copy (the replica's stub switches to a new directory).
TEST(ScaleOut, AServerOnAReplicaSeesTheMastersCommits) {
  const std::string serve = require_program("xapian-replicate-server");
  const std::string replicate = require_program("xapian-replicate");
  if (serve.empty() || replicate.empty()) return;
  // The master keeps changesets so that replicas need not copy it whole.
  ::setenv("XAPIAN_MAX_CHANGESETS", "10", 1);
  TempDir dir;
  const auto records = fixture_records();
  const std::string master = dir.file("masters/clauses");
  const std::string replica = dir.file("replica");
  std::filesystem::create_directories(dir.file("masters"));
  build_single(master, {records.begin(), records.begin() + 8});
  int port = 0;
  auto server = start_server(
      [&](int p) {
        return std::vector<std::string>{serve, "--interface=127.0.0.1",
                                        "--port=" + std::to_string(p), dir.file("masters")};
      },
      port);
  ASSERT_TRUE(server) << "xapian-replicate-server did not start";
  const auto pull = [&](bool full_copy) {
    std::vector<std::string> argv{replicate, "--host=127.0.0.1", "--port=" + std::to_string(port),
                                  "--master=clauses", "--one-shot", "--reader-time=0", "--quiet",
                                  replica};
    if (full_copy) argv.push_back("--force-copy");
    return run_program(argv);
  };
  ASSERT_EQ(pull(false), 0);
  auto service = open_service(replica);
  ASSERT_TRUE(service);
  EXPECT_EQ(service->info()->clauses, 8u);
  EXPECT_FALSE(service->clause(records[9].id).ok());

  build_single(master, {records.begin() + 8, records.end()});  // a commit on the master
  ASSERT_EQ(pull(false), 0);
  EXPECT_EQ(service->info()->clauses, records.size());
  EXPECT_TRUE(service->clause(records[9].id).ok());

  {
    auto writer = IndexWriter::open(master);
    ASSERT_TRUE(writer.ok());
    (*writer)->remove(records[0].id);
    (*writer)->commit();
  }
  ASSERT_EQ(pull(true), 0);
  const auto info = service->info();
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->clauses, records.size() - 1);
  EXPECT_FALSE(service->clause(records[0].id).ok());
}

}  // namespace
}  // namespace clause::testing
