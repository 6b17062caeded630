// clause-indexer --history URL: a repository made here with libgit2, given as
// a file:// URL (no network): the first run clones it into a copy beside the
// index and replays it, a re-run fetches only what is new and records only
// the new version, and an unreachable URL, a failed fetch or a rewritten
// remote history leave the index as it was.
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "indexer/git_history.h"
#include "indexer/git_mirror.h"
#include "indexer/history_command.h"
#include "schema/index_layout.h"
#include "test_support.h"
#include "tests/history_support.h"
#include "tests/test_repo.h"

namespace clause {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

const std::string kV1 =
    "# Terms\n\n"
    "We collect the information you give us when you create an account.\n\n"
    "Any dispute will be resolved by binding arbitration in the State of Delaware.\n";
const std::string kV2 =
    "# Terms\n\n"
    "We collect the information you give us when you create an account.\n\n"
    "Any dispute will be resolved by binding arbitration in the State of California.\n";

Replay replay(const fs::path& db, const std::string& repo) { return replay_history(db, repo); }

std::string file_url(const fs::path& path) { return "file://" + path.string(); }

// What a failed run must not change: the revision, the documents, and the
// last commit recorded.
struct IndexState {
  Xapian::rev revision;
  Xapian::doccount documents;
  std::string last_commit;
  bool operator==(const IndexState& o) const {
    return revision == o.revision && documents == o.documents && last_commit == o.last_commit;
  }
};

IndexState state_of(const fs::path& db_path) {
  Xapian::Database db(db_path.string());
  return {db.get_revision(), db.get_doccount(), db.get_metadata(std::string(layout::kHistoryCommitKey))};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(HistoryRemote, TheFirstRunClonesBesideTheIndexAndAReRunFetchesOnlyTheNewVersion) {
  TempDir tmp;
  TestRepo origin(tmp.path() / "origin");
  const std::string first = origin.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
  const std::string url = file_url(tmp.path() / "origin");
  const fs::path db = tmp.path() / "db";

  const Replay cloned = replay(db, url);
  ASSERT_EQ(cloned.status, 0) << cloned.log;
  EXPECT_TRUE(contains(cloned.log, "cloned " + url + " into ")) << cloned.log;
  const fs::path copy = mirror_dir(db.string(), url);
  EXPECT_EQ(copy.parent_path(), tmp.path() / "db.history-cache") << "the copy lives beside the index";
  EXPECT_TRUE(fs::is_directory(copy / "objects")) << "a bare clone: " << copy;
  EXPECT_FALSE(fs::exists(copy.string() + ".partial"));
  EXPECT_EQ(state_of(db).last_commit, first);
  EXPECT_GT(state_of(db).documents, 0u);
  EXPECT_TRUE(change_records(db).empty());

  const std::string second = origin.commit({{"Acme/Terms.md", kV2}}, "2025-02-20");
  const Replay fetched = replay(db, url);
  ASSERT_EQ(fetched.status, 0) << fetched.log;
  EXPECT_TRUE(contains(fetched.log, "fetched " + url + " into " + copy.string())) << fetched.log;
  EXPECT_FALSE(contains(fetched.log, "nothing new")) << fetched.log;
  EXPECT_TRUE(contains(fetched.log, "continuing after commit " + first)) << fetched.log;
  EXPECT_TRUE(contains(fetched.log, ": 1 commits, 1 document versions")) << "only the new commit: " << fetched.log;
  EXPECT_EQ(state_of(db).last_commit, second);
  const auto records = change_records(db);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["source"], second);
  EXPECT_EQ(records[0]["counts"]["modified"], 1);

  // The copy itself now holds the new commit at HEAD (it is what was replayed).
  auto history = GitHistory::open(copy.string());
  ASSERT_TRUE(history) << history.error().message;
  auto after_first = history->commits_after(first);
  ASSERT_TRUE(after_first) << after_first.error().message;
  EXPECT_EQ(*after_first, std::vector<std::string>{second});

  const Replay again = replay(db, url);
  ASSERT_EQ(again.status, 0) << again.log;
  EXPECT_TRUE(contains(again.log, "nothing new")) << again.log;
  EXPECT_TRUE(contains(again.log, ": 0 commits")) << again.log;
  EXPECT_EQ(change_records(db).size(), 1u);
}

TEST(HistoryRemote, AnUnreachableUrlIsAnErrorNamingItAndCreatesNothing) {
  TempDir tmp;
  const std::string url = file_url(tmp.path() / "no-such-repository");
  const fs::path db = tmp.path() / "db";
  const Replay run = replay(db, url);
  EXPECT_EQ(run.status, 1) << run.log;
  EXPECT_TRUE(contains(run.log, "error: --history " + url + ": cannot clone it (")) << run.log;
  EXPECT_TRUE(contains(run.log, "the index is unchanged")) << run.log;
  EXPECT_FALSE(fs::exists(db)) << "no index made for nothing";
  EXPECT_FALSE(fs::exists(tmp.path() / "db.history-cache")) << "no half-made copy left";
}

TEST(HistoryRemote, AnUnreachableUrlLeavesAnExistingIndexAsItWas) {
  TempDir tmp;
  TestRepo origin(tmp.path() / "origin");
  origin.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
  const fs::path db = tmp.path() / "db";
  ASSERT_EQ(replay(db, file_url(tmp.path() / "origin")).status, 0);
  const IndexState before = state_of(db);

  const std::string missing = file_url(tmp.path() / "moved-away");
  const Replay run = replay(db, missing);
  EXPECT_EQ(run.status, 1) << run.log;
  EXPECT_TRUE(contains(run.log, missing)) << run.log;
  EXPECT_TRUE(state_of(db) == before) << "the index is untouched";
  EXPECT_FALSE(fs::exists(mirror_dir(db.string(), missing)));
  EXPECT_TRUE(fs::exists(mirror_dir(db.string(), file_url(tmp.path() / "origin"))))
      << "the other URL's copy is kept";
}

TEST(HistoryRemote, AFetchThatFailsNamesTheUrlAndLeavesTheIndexAsItWas) {
  TempDir tmp;
  const fs::path origin_dir = tmp.path() / "origin";
  const std::string url = file_url(origin_dir);
  const fs::path db = tmp.path() / "db";
  {
    TestRepo origin(origin_dir);
    origin.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
    ASSERT_EQ(replay(db, url).status, 0);
    origin.commit({{"Acme/Terms.md", kV2}}, "2025-02-20");
  }
  const IndexState before = state_of(db);
  fs::rename(origin_dir, tmp.path() / "elsewhere");  // the remote is gone after the first run
  const Replay run = replay(db, url);
  EXPECT_EQ(run.status, 1) << run.log;
  EXPECT_TRUE(contains(run.log, "error: --history " + url + ": cannot fetch it (")) << run.log;
  EXPECT_TRUE(state_of(db) == before);
  EXPECT_TRUE(fs::exists(mirror_dir(db.string(), url))) << "the copy stays for the next run";

  fs::rename(tmp.path() / "elsewhere", origin_dir);  // back: the next run catches up
  const Replay retry = replay(db, url);
  EXPECT_EQ(retry.status, 0) << retry.log;
  EXPECT_EQ(change_records(db).size(), 1u);
}

TEST(HistoryRemote, ARewrittenRemoteHistoryIsRefusedAsALocalOneIs) {
  TempDir tmp;
  const fs::path origin_dir = tmp.path() / "origin";
  const std::string url = file_url(origin_dir);
  const fs::path db = tmp.path() / "db";
  {
    TestRepo origin(origin_dir);
    origin.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
    ASSERT_EQ(replay(db, url).status, 0);
  }
  fs::remove_all(origin_dir);
  TestRepo rewritten(origin_dir);  // the same URL, another history
  rewritten.commit({{"Acme/Terms.md", kV2}}, "2025-03-01");
  const IndexState before = state_of(db);
  const Replay run = replay(db, url);
  EXPECT_EQ(run.status, 2) << run.log;
  EXPECT_TRUE(contains(run.log, url + ": the history of HEAD no longer contains commit " + before.last_commit))
      << "the error names the URL, not its copy: " << run.log;
  EXPECT_TRUE(state_of(db) == before);
}

TEST(HistoryRemote, UrlsAreToldFromLocalPaths) {
  for (const std::string url : {"https://github.com/OpenTermsArchive/pga-versions", "http://example.org/r.git",
                                "ssh://git@example.org/r.git", "git://example.org/r", "file:///srv/r",
                                "git@github.com:OpenTermsArchive/pga-versions.git"}) {
    EXPECT_TRUE(is_git_url(url)) << url;
  }
  for (const std::string path : {"/tmp/ota-history", "ota-history", "./a:b", "../x/y", "C:", "dir/user@host:x"}) {
    EXPECT_FALSE(is_git_url(path)) << path;
  }
}

TEST(HistoryRemote, EachUrlHasItsOwnCopyNamedReadablyBesideTheIndex) {
  const std::string a = "https://github.com/OpenTermsArchive/pga-versions.git";
  const fs::path copy = mirror_dir("/data/index", a);
  EXPECT_EQ(copy.parent_path(), fs::path("/data/index.history-cache"));
  EXPECT_EQ(copy.filename().string().rfind("pga-versions-", 0), 0u) << copy;
  EXPECT_EQ(mirror_dir("/data/index/", a), copy) << "a trailing slash names the same index";
  EXPECT_NE(mirror_dir("/data/index", "https://example.org/pga-versions.git"), copy);
  EXPECT_NE(mirror_dir("/data/other", a), copy) << "each index has its own copies";
}

}  // namespace
}  // namespace clause
