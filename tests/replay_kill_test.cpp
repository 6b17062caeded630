// kill -9 during a replay, then a re-run, gives the index an uninterrupted
// replay gives (issue 18, "Bad input and faults"): every change record, every
// provision's history, every clause and removed clause, every metadata key.
//
// A repository of a few hundred commits is made here (tests/test_repo.h);
// `clause-indexer --db D --history REPO` runs as a child process and is
// killed with SIGKILL as soon as the index shows a recorded commit (some,
// and most likely not all, of the replay), then run again to the end. The
// test does not depend on when the kill lands: killed mid-run or after the
// end, the re-run must give the same index; it logs which it was.
#include <gtest/gtest.h>
#include <signal.h>
#include <xapian.h>

#include <chrono>
#include <ctime>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "schema/index_layout.h"
#include "tests/child_process.h"
#include "tests/generated_history.h"
#include "tests/test_support.h"

namespace clause {
namespace {

using testing::TempDir;
using namespace generated;

std::string recorded_commit(const std::filesystem::path& db) {
  try {
    return Xapian::Database(db.string()).get_metadata(std::string(layout::kHistoryCommitKey));
  } catch (const Xapian::Error&) {
    return {};  // not created yet
  }
}

class ReplayKill : public ::testing::Test {
 protected:
  static constexpr int kCommits = 600;

  static void SetUpTestSuite() {
    dir_ = new TempDir();
    head_ = new std::string(make_repository(dir_->path() / "repo", kCommits));
    ASSERT_EQ(testing::run_program({CLAUSE_INDEXER_BIN, "--db", (dir_->path() / "reference").string(), "--history",
                                    (dir_->path() / "repo").string(), "--quiet"}),
              0);
    reference_ = new IndexContents(read_index(dir_->path() / "reference"));
  }
  static void TearDownTestSuite() {
    delete reference_;
    delete head_;
    delete dir_;
  }

  // Replays into `db` as a child (through env, so that `environment` holds
  // for it alone), kills it with SIGKILL once the index shows a recorded
  // commit, runs the replay again to its end, and compares with the
  // uninterrupted replay.
  void kill_rerun_and_compare(const std::string& name, const std::vector<std::string>& environment) {
    const auto db = dir_->path() / name;
    std::vector<std::string> argv = {testing::find_program("env")};
    argv.insert(argv.end(), environment.begin(), environment.end());
    for (const std::string& a : {std::string(CLAUSE_INDEXER_BIN), std::string("--db"), db.string(),
                                std::string("--history"), (dir_->path() / "repo").string(), std::string("--quiet")}) {
      argv.push_back(a);
    }
    std::string at_kill;
    {
      testing::ChildProcess child(argv);
      ASSERT_TRUE(child.started());
      // No deadline of ours: the child ends on its own at worst.
      while (child.running() && (at_kill = recorded_commit(db)).empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      ::kill(child.pid(), SIGKILL);
      child.wait();
    }
    at_kill = recorded_commit(db);
    const bool mid_run = at_kill != *head_;
    std::cout << "[ ReplayKill ] " << name << ": killed " << (mid_run ? "mid-run" : "after the end")
              << ", the index then recorded commit " << (at_kill.empty() ? "(none)" : at_kill) << "\n";
    RecordProperty("killed_mid_run", mid_run ? "yes" : "no");
    ASSERT_EQ(testing::run_program({CLAUSE_INDEXER_BIN, "--db", db.string(), "--history",
                                    (dir_->path() / "repo").string(), "--quiet"}),
              0);
    const IndexContents rerun = read_index(db);
    EXPECT_EQ(rerun.metadata.at(std::string(layout::kHistoryCommitKey)), *head_);
    EXPECT_EQ(rerun.documents.size(), reference_->documents.size());
    EXPECT_EQ(count_prefixed(rerun.documents, layout::kChangeIdPrefix),
              count_prefixed(reference_->documents, layout::kChangeIdPrefix));
    EXPECT_TRUE(rerun.documents == reference_->documents)
        << "documents differ:\n" << differences(reference_->documents, rerun.documents);
    EXPECT_TRUE(rerun.metadata == reference_->metadata)
        << "metadata differ:\n" << differences(reference_->metadata, rerun.metadata);
  }

  static TempDir* dir_;
  static std::string* head_;
  static IndexContents* reference_;
};
TempDir* ReplayKill::dir_ = nullptr;
std::string* ReplayKill::head_ = nullptr;
IndexContents* ReplayKill::reference_ = nullptr;

TEST_F(ReplayKill, TheReferenceReplayHasChangesRemovalsAndProvisions) {
  // The comparison below means something only if there is much to compare.
  EXPECT_GT(count_prefixed(reference_->documents, layout::kChangeIdPrefix), 300u);
  EXPECT_GT(count_prefixed(reference_->documents, layout::removed_term(layout::kIdPrefix)), 20u);
  EXPECT_GT(count_prefixed(reference_->metadata, layout::kProvisionKeyPrefix), 100u);
}

TEST_F(ReplayKill, KilledAfterACheckpointThenRerunGivesTheSameRecords) { kill_rerun_and_compare("killed", {}); }

// Past XAPIAN_FLUSH_THRESHOLD changes (10,000 by default: a large replay's
// share between two of its checkpoints) Xapian commits a writer's changes on
// its own; a threshold of a few documents makes that happen all the time,
// and the kill lands right after such a commit.
TEST_F(ReplayKill, KilledAfterXapiansOwnFlushThenRerunGivesTheSameRecords) {
  kill_rerun_and_compare("killed-after-flush", {"XAPIAN_FLUSH_THRESHOLD=7"});
}

}  // namespace
}  // namespace clause
