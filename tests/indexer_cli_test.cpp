// clause-indexer as a program: exit codes, a run killed with SIGKILL and then
// completed, and ingesting the shared corpora (skipped when absent).
#include <gtest/gtest.h>
#include <signal.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <fstream>
#include <thread>

#include "schema/index_layout.h"
#include "tests/indexer_run.h"
#include "test_support.h"

namespace clause {
namespace {

using testing::run_indexer;
using testing::slurp;
using testing::spawn_indexer;
using testing::TempDir;
using testing::wait_exit;

std::string big_input(const TempDir& dir, int records) {
  std::string body;
  for (int i = 0; i < records; ++i) {
    body += R"({"id": "r)" + std::to_string(i) + R"(", "platform": "P)" + std::to_string(i % 97) +
            R"(", "document": "Terms", "text": "Clause number )" + std::to_string(i) +
            R"( about arbitration, data sharing and liability at any time."})" "\n";
  }
  return dir.write("big.jsonl", body);
}

TEST(IndexerCli, ExitCodesFollowTheContract) {
  TempDir dir;
  const auto log = dir.file("log");
  EXPECT_EQ(run_indexer({"--help"}, log), 0);
  EXPECT_EQ(run_indexer({"--bogus"}, log), 2);
  EXPECT_NE(slurp(log).find("unknown option '--bogus'"), std::string::npos);
  EXPECT_EQ(run_indexer({"x.jsonl"}, log), 2);  // no --db
  const auto good = dir.write("g.jsonl", R"({"id":"1","platform":"A","document":"D","text":"t"})" "\n");
  EXPECT_EQ(run_indexer({"--db", dir.file("db"), good}, log), 0);
  const auto bad = dir.write("b.jsonl", "{oops\n");
  EXPECT_EQ(run_indexer({"--db", dir.file("db"), bad}, log), 1);
  EXPECT_NE(slurp(log).find("b.jsonl:1: error: malformed JSON"), std::string::npos) << slurp(log);
  const auto not_a_db = dir.write("plainfile", "x");
  EXPECT_EQ(run_indexer({"--db", not_a_db, good}, log), 3);
  // A directory of other files is not turned into an index.
  dir.write("notes/readme.txt", "mine");
  EXPECT_EQ(run_indexer({"--db", dir.file("notes"), good}, log), 3);
  EXPECT_NE(slurp(log).find("neither a readable index nor an empty directory"), std::string::npos) << slurp(log);
}

// Options with a value take "--name=value" too, as clause-server's do; a flag
// with a value is an unknown option, not a flag and an input file.
TEST(IndexerCli, OptionsTakeNameEqualsValue) {
  TempDir dir;
  const auto log = dir.file("log");
  const auto good = dir.write("g.jsonl", R"({"id":"1","platform":"A","document":"D","text":"t"})" "\n");
  EXPECT_EQ(run_indexer({"--db=" + dir.file("db"), "--batch-size=5", good}, log), 0) << slurp(log);
  EXPECT_EQ(Xapian::Database(dir.file("db")).get_doccount(), 1u);
  EXPECT_EQ(run_indexer({"--db=" + dir.file("db"), "--prune=1", good}, log), 2);
  EXPECT_NE(slurp(log).find("unknown option '--prune=1'"), std::string::npos) << slurp(log);
  EXPECT_EQ(run_indexer({"--db=" + dir.file("db"), "--jobs=x", good}, log), 2);
  EXPECT_NE(slurp(log).find("--jobs"), std::string::npos) << slurp(log);
}

// Input that cannot be read leaves no new, empty index behind (a server
// would serve it as the corpus), and leaves an existing index as it was; an
// input read cleanly with no record is an empty corpus and gets its index.
TEST(IndexerCli, UnreadableInputCreatesNoIndexAndKeepsAnExistingOne) {
  TempDir dir;
  const auto log = dir.file("log");
  const auto db = dir.file("db");
  for (const char* jobs : {"1", "2"}) {  // the single writer and the parallel builder
    EXPECT_EQ(run_indexer({"--db", db, "--jobs", jobs, dir.file("missing.jsonl")}, log), 1);
    EXPECT_NE(slurp(log).find("missing.jsonl: error: cannot open"), std::string::npos) << slurp(log);
    EXPECT_FALSE(std::filesystem::exists(db)) << "jobs " << jobs << ": " << slurp(log);
  }
  const auto all_bad = dir.write("bad.jsonl", "{oops\n");
  EXPECT_EQ(run_indexer({"--db", db, all_bad}, log), 1);
  EXPECT_FALSE(std::filesystem::exists(db)) << slurp(log);

  const auto good = dir.write("g.jsonl", R"({"id":"1","platform":"A","document":"D","text":"t"})" "\n");
  ASSERT_EQ(run_indexer({"--db", db, good}, log), 0);
  EXPECT_EQ(run_indexer({"--db", db, dir.file("missing.jsonl")}, log), 1);
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 1u);

  const auto empty_db = dir.file("empty-db");
  EXPECT_EQ(run_indexer({"--db", empty_db, dir.write("empty.jsonl", "")}, log), 0);
  EXPECT_EQ(Xapian::Database(empty_db).get_doccount(), 0u);
}

TEST(IndexerCli, KilledMidRunLeavesAnOpenableDatabaseAndARerunCompletes) {
  TempDir dir;
  const int kRecords = 40000;
  const auto input = big_input(dir, kRecords);
  const auto db = dir.file("db");
  const auto log = dir.file("log");
  const pid_t pid =
      spawn_indexer({"--db", db, "--jobs", "1", "--batch-size", "2000", "--quiet", input}, log);
  // Wait for the first commit, then kill without warning.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    try {
      if (Xapian::Database(db).get_doccount() > 0) break;
    } catch (const Xapian::Error&) {
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no commit seen";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  wait_exit(pid);

  const auto partial = Xapian::Database(db).get_doccount();  // opens: that is the point
  EXPECT_GT(partial, 0u);
  EXPECT_EQ(run_indexer({"--db", db, "--quiet", input}, log), 0) << slurp(log);
  Xapian::Database done(db);
  EXPECT_EQ(done.get_doccount(), static_cast<unsigned>(kRecords));
  const auto stats = nlohmann::json::parse(done.get_metadata(std::string(layout::kStatsKey)));
  EXPECT_EQ(stats["clauses"], kRecords);
  EXPECT_EQ(stats["platforms"], 97);
  EXPECT_EQ(run_indexer({"--db", db, "--quiet", input}, log), 0);
  EXPECT_NE(slurp(log).find("unchanged " + std::to_string(kRecords)), std::string::npos);
}

TEST(IndexerCli, ParallelBuildKilledMidRunLeavesNoHalfIndexAndARerunCompletes) {
  TempDir dir;
  const int kRecords = 60000;
  const auto input = big_input(dir, kRecords);
  const auto db = dir.file("db");
  const auto log = dir.file("log");
  const pid_t pid = spawn_indexer({"--db", db, "--jobs", "2", "--quiet", input}, log);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  kill(pid, SIGKILL);
  wait_exit(pid);
  // Either nothing was published yet, or the whole index was: never half.
  if (std::filesystem::exists(db)) {
    EXPECT_EQ(Xapian::Database(db).get_doccount(), static_cast<unsigned>(kRecords));
  }
  EXPECT_EQ(run_indexer({"--db", db, "--jobs", "2", "--quiet", input}, log), 0) << slurp(log);
  EXPECT_EQ(Xapian::Database(db).get_doccount(), static_cast<unsigned>(kRecords));
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".build-"), std::string::npos)
        << "stale work directory left behind: " << entry.path();
  }
}

TEST(IndexerCli, SigtermStopsAfterCommittingAndExits130) {
  TempDir dir;
  const auto input = big_input(dir, 200000);
  const auto db = dir.file("db");
  const auto log = dir.file("log");
  const pid_t pid = spawn_indexer({"--db", db, "--quiet", input}, log);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(pid, SIGTERM);
  const int code = wait_exit(pid);
  if (code == 0) GTEST_SKIP() << "the run finished before the signal arrived";
  EXPECT_EQ(code, 130) << slurp(log);
  EXPECT_NE(slurp(log).find("interrupted: re-run to complete"), std::string::npos);
  Xapian::Database check(db);  // committed state opens
  const auto stats = nlohmann::json::parse(check.get_metadata(std::string(layout::kStatsKey)));
  EXPECT_EQ(stats["clauses"], check.get_doccount());
}

TEST(IndexerCli, IngestsTheSharedLabelledCorporaAndReRunsUnchanged) {
  CLAUSE_REQUIRE_SHARED("tosdr/clauses.jsonl");
  CLAUSE_REQUIRE_SHARED("claudette/clauses.jsonl");
  TempDir dir;
  const auto db = dir.file("db");
  const auto log = dir.file("log");
  std::vector<std::string> files;
  std::size_t lines = 0;
  for (const char* rel : {"tosdr/clauses.jsonl", "claudette/clauses.jsonl"}) {
    files.push_back((testing::shared_data_dir() / rel).string());
    std::ifstream in(files.back());
    for (std::string line; std::getline(in, line);) lines += !line.empty();
  }
  std::vector<std::string> args = {"--db", db, "--quiet"};
  args.insert(args.end(), files.begin(), files.end());
  ASSERT_EQ(run_indexer(args, log), 0) << slurp(log);
  EXPECT_NE(slurp(log).find("added " + std::to_string(lines)), std::string::npos) << slurp(log);
  Xapian::Database check(db);
  EXPECT_EQ(check.get_doccount(), lines);
  const auto stats = nlohmann::json::parse(check.get_metadata(std::string(layout::kStatsKey)));
  EXPECT_EQ(stats["clauses"], lines);
  std::size_t platform_terms = 0;
  const std::string p(layout::kPlatformPrefix);
  for (auto t = check.allterms_begin(p); t != check.allterms_end(p); ++t) ++platform_terms;
  EXPECT_EQ(stats["platforms"], platform_terms);

  ASSERT_EQ(run_indexer(args, log), 0);
  EXPECT_NE(slurp(log).find("unchanged " + std::to_string(lines)), std::string::npos) << slurp(log);
}

// docs/scaling.md: later runs find the shards without --shards, and that
// holds for --stub-remote too (issue 19, item 11): describing the remote
// shards of an index that is already sharded needs no --shards N.
TEST(IndexerCli, StubRemoteOnAnExistingShardedIndexNeedsNoShardCount) {
  TempDir dir;
  const auto log = dir.file("log");
  const auto input = big_input(dir, 20);
  const auto db = dir.file("sharded");
  ASSERT_EQ(run_indexer({"--db", db, "--shards", "2", "--quiet", input}, log), 0) << slurp(log);
  EXPECT_FALSE(std::filesystem::exists(db + "/remote.stub"));
  ASSERT_EQ(run_indexer({"--db", db, "--stub-remote", "10.0.0.11:7001,10.0.0.12:7001", "--quiet", input}, log), 0)
      << slurp(log);
  EXPECT_EQ(slurp(db + "/remote.stub").substr(slurp(db + "/remote.stub").find("auto meta")),
            "auto meta\nremote 10.0.0.11:7001\nremote 10.0.0.12:7001\n");
  EXPECT_NE(slurp(log).find("unchanged 20"), std::string::npos) << slurp(log);
  // One address per shard, still.
  EXPECT_EQ(run_indexer({"--db", db, "--stub-remote", "10.0.0.11:7001", input}, log), 2);
  EXPECT_NE(slurp(log).find("one HOST:PORT per shard (2), got 1"), std::string::npos) << slurp(log);

  // Neither --shards nor a sharded index: there is nothing to describe.
  const auto single = dir.file("single");
  ASSERT_EQ(run_indexer({"--db", single, "--quiet", input}, log), 0);
  for (const auto& target : {single, dir.file("new")}) {
    EXPECT_EQ(run_indexer({"--db", target, "--stub-remote", "10.0.0.11:7001", input}, log), 2);
    EXPECT_NE(slurp(log).find("--stub-remote needs --shards N: " + target + " is not a sharded index"),
              std::string::npos)
        << slurp(log);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("new")));
}

// "classified N uncategorised records" counts the records written with the
// taxonomy's categories: a re-run of the same input writes nothing and so
// classifies nothing, whichever sink the run uses.
TEST(IndexerCli, ARerunOfUnchangedInputClaimsNoClassifications) {
  TempDir dir;
  const auto log = dir.file("log");
  const auto input = dir.write("uncategorised.jsonl",
                               R"({"id":"u1","platform":"A","document":"D","text":"Disputes go to binding arbitration."})" "\n"
                               R"({"id":"u2","platform":"B","document":"D","text":"We may terminate your account."})" "\n"
                               R"({"id":"u3","platform":"B","document":"D","text":"Nothing relevant here at all."})" "\n");
  for (const std::vector<std::string>& layout :
       {std::vector<std::string>{"--jobs", "1"}, {"--jobs", "2"}, {"--shards", "2"}}) {
    const auto db = dir.file("db" + layout[0] + layout[1]);
    std::vector<std::string> args = {"--db", db, "--quiet", input};
    args.insert(args.end(), layout.begin(), layout.end());
    ASSERT_EQ(run_indexer(args, log), 0) << slurp(log);
    EXPECT_NE(slurp(log).find("classified 2 uncategorised records"), std::string::npos) << slurp(log);
    if (layout[0] == "--shards") args.resize(4);  // later runs find the shards
    ASSERT_EQ(run_indexer(args, log), 0) << slurp(log);
    EXPECT_NE(slurp(log).find("unchanged 3"), std::string::npos) << slurp(log);
    EXPECT_NE(slurp(log).find("classified 0 uncategorised records"), std::string::npos) << slurp(log);
  }
}

// The shipped spelling variants are recorded in every index, --synonyms adds
// a user's, and a bad list is a usage error naming its file and line.
TEST(IndexerCli, RecordsTheShippedSpellingVariantsAndTheUsersOwn) {
  TempDir dir;
  const std::string log = dir.file("log");
  const std::string input = big_input(dir, 3);
  const std::string mine = dir.write("mine.txt", "# ours\nwaiver relinquishment\n");
  ASSERT_EQ(run_indexer({"--db", dir.file("db"), "--synonyms", mine, input}, log), 0) << slurp(log);
  const Xapian::Database db(dir.file("db"));
  const std::string z(layout::kStemPrefix);
  const auto synonyms = [&](const std::string& term) {
    std::vector<std::string> out(db.synonyms_begin(z + term), db.synonyms_end(z + term));
    return out;
  };
  EXPECT_EQ(synonyms("licenc"), std::vector<std::string>{z + "licens"});
  EXPECT_EQ(synonyms("waiver"), std::vector<std::string>{z + "relinquish"});

  const std::string bad = dir.write("bad.txt", "colour color\nlonely\n");
  EXPECT_EQ(run_indexer({"--db", dir.file("db2"), "--synonyms=" + bad, input}, log), 2);
  EXPECT_NE(slurp(log).find(bad + ":2:"), std::string::npos) << slurp(log);
}

}  // namespace
}  // namespace clause
