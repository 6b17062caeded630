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
#include "tests/test_repo.h"
#include "tests/test_support.h"

namespace clause {
namespace {

using testing::TempDir;

// Clauses made of four choices: one word changed is a modified clause, a
// new combination an added one.
const std::vector<std::string> kVerbs = {"share", "sell", "keep", "delete", "review", "publish"};
const std::vector<std::string> kObjects = {"personal data", "messages", "location history", "payment details",
                                           "contacts", "photos"};
const std::vector<std::string> kParties = {"advertisers", "our affiliates", "law enforcement", "research partners",
                                           "service providers", "other users"};
const std::vector<std::string> kWhen = {"when required by law", "for marketing purposes", "to improve our services",
                                        "after you close your account", "unless you opt out", "at any time"};

struct Clause {
  std::size_t verb, object, party, when;
  std::string text() const {
    return "We may " + kVerbs[verb] + " your " + kObjects[object] + " with " + kParties[party] + " " + kWhen[when] +
           ".";
  }
};

// A small deterministic generator (the same repository on every run).
class Lcg {
 public:
  std::size_t next(std::size_t n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state_ >> 33) % n);
  }

 private:
  unsigned long long state_ = 42;
};

std::string day(int offset) {
  std::time_t t = 1672574400 + static_cast<std::time_t>(offset) * 86400;  // 2023-01-01 noon UTC
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
  return out;
}

// Each commit edits one to three documents: a word changed, a clause added
// or removed, a formatting-only edit, now and then a document deleted.
// Returns the id of the last commit.
std::string make_repository(const std::filesystem::path& dir, int commits) {
  TestRepo repo(dir);
  Lcg rng;
  std::map<std::string, std::vector<Clause>> docs;
  std::map<std::string, bool> spaced;  // formatting: a blank line more between clauses
  const auto random_clause = [&] { return Clause{rng.next(6), rng.next(6), rng.next(6), rng.next(6)}; };
  const auto render = [&](const std::string& path) {
    std::string md = "# Terms\n\n";
    for (const auto& c : docs[path]) md += c.text() + (spaced[path] ? "\n\n\n" : "\n\n");
    return md;
  };
  std::string last;
  std::map<std::string, std::string> files;
  for (const std::string platform : {"Acme", "Bolt", "Cirrus", "Delta", "Echo"}) {
    for (const std::string document : {"Terms", "Privacy"}) {
      const std::string path = platform + "/" + document + ".md";
      for (int i = 0; i < 6; ++i) docs[path].push_back(random_clause());
      files[path] = render(path);
    }
  }
  last = repo.commit(files, day(0));
  std::vector<std::string> paths;
  for (const auto& [path, unused] : docs) paths.push_back(path);
  for (int i = 1; i < commits; ++i) {
    files.clear();
    const std::size_t edits = 1 + rng.next(3);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::string& path = paths[rng.next(paths.size())];
      auto& clauses = docs[path];
      switch (clauses.empty() ? 1 : rng.next(12)) {
        case 0: case 1: case 2: clauses.insert(clauses.begin() + rng.next(clauses.size() + 1), random_clause()); break;
        case 3: case 4: clauses.erase(clauses.begin() + rng.next(clauses.size())); break;
        case 5: spaced[path] = !spaced[path]; break;
        case 6:
          if (rng.next(4) == 0) {  // the document leaves the archive, to come back later
            clauses.clear();
            files[path] = "";
            continue;
          }
          [[fallthrough]];
        default: {
          Clause& c = clauses[rng.next(clauses.size())];
          switch (rng.next(4)) {
            case 0: c.verb = (c.verb + 1) % 6; break;
            case 1: c.object = (c.object + 1) % 6; break;
            case 2: c.party = (c.party + 1) % 6; break;
            default: c.when = (c.when + 1) % 6; break;
          }
        }
      }
      files[path] = render(path);
    }
    last = repo.commit(files, day(i));
  }
  return last;
}

// Everything a replay leaves in an index: each document's data by its
// unique term (clauses, change records, removed provisions' clauses) and
// every metadata key (provisions' histories, documents' dates and order,
// the last commit, statistics, display names).
struct IndexContents {
  std::map<std::string, std::string> documents;
  std::map<std::string, std::string> metadata;
};

// A removed provision's document also carries its last clause's id in the
// removed form, which another removed provision may have had: its key is
// the one of its provision id.
std::string unique_term(const Xapian::Document& doc) {
  const std::string removed_kind(layout::kRemovedKindTerm);
  auto t = doc.termlist_begin();
  t.skip_to(removed_kind);
  if (t != doc.termlist_end() && *t == removed_kind) {
    const auto record = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (!record.is_object() || !record.contains("provision_id")) return {};
    return layout::removed_term(layout::id_term(record["provision_id"].get<std::string>()));
  }
  for (t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    for (const std::string_view prefix : {layout::kIdPrefix, layout::kChangeIdPrefix}) {
      if (term.rfind(prefix, 0) == 0) return term;
    }
  }
  return {};
}

IndexContents read_index(const std::filesystem::path& path) {
  Xapian::Database db(path.string());
  IndexContents out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    const std::string key = unique_term(doc);
    EXPECT_FALSE(key.empty()) << "document " << *it << " has no unique term";
    EXPECT_TRUE(out.documents.emplace(key, doc.get_data()).second) << "two documents with " << key;
  }
  for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key) {
    out.metadata.emplace(*key, db.get_metadata(*key));
  }
  return out;
}

std::size_t count_prefixed(const std::map<std::string, std::string>& map, std::string_view prefix) {
  std::size_t n = 0;
  for (const auto& [key, unused] : map) n += key.rfind(prefix, 0) == 0 ? 1 : 0;
  return n;
}

// The entries of `a` and `b` that differ (at most a few, for the message).
std::string differences(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  std::string out;
  int shown = 0;
  for (const auto& [key, value] : a) {
    const auto other = b.find(key);
    if (other != b.end() && other->second == value) continue;
    if (++shown > 5) break;
    out += "  " + key + ":\n    uninterrupted: " + value.substr(0, 300) + "\n    killed, re-run: " +
           (other == b.end() ? std::string("(absent)") : other->second.substr(0, 300)) + "\n";
  }
  for (const auto& [key, value] : b) {
    if (!a.count(key) && ++shown <= 5) out += "  " + key + ": only after the kill: " + value.substr(0, 300) + "\n";
  }
  return out;
}

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
