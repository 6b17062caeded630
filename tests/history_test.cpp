// clause-indexer --history on small repositories made here with libgit2:
// change records, provision ids across an edit, a re-run that continues, a
// rewritten history refused, bad files named with their commit; and the
// same mechanism for a snapshot (--docs --as-of).
#include <git2.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "indexer/history_command.h"
#include "schema/index_layout.h"
#include "schema/packed_metadata.h"
#include "search/search_service.h"
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
    "You may cancel your subscription at any time from your settings page.\n\n"
    "Any dispute will be resolved by binding arbitration in the State of Delaware.\n\n"
    "These terms are governed by the laws of the State of New York.\n";
const std::string kV2 =  // one modified, one removed, one added, one reformatted
    "# Terms\n\n"
    "We collect the information you give us when you create an account.\n\n"
    "You may **cancel** your subscription at any time from your settings page\n\n"
    "Any dispute will be resolved by binding arbitration in the State of California.\n\n"
    "We share your personal data with advertising partners to show you relevant ads.\n";
const std::string kV3 = kV2 + "\nWe may change these terms at any time without telling you first.\n";

Replay replay(const fs::path& db, const fs::path& repo) { return replay_history(db, repo.string()); }

// Every clause as GET /v1/clauses/{id} answers it: with the fields kept per
// document (last_seen), not only what each clause stores.
std::vector<nlohmann::json> clauses(const fs::path& db_path) {
  Xapian::Database db(db_path.string());
  auto service = search::SearchService::open(db_path.string());
  EXPECT_TRUE(service) << service.error().message;
  std::vector<nlohmann::json> out;
  if (!service) return out;
  const std::string prefix(layout::kIdPrefix);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    auto answer = (*service)->clause((*t).substr(prefix.size()));
    EXPECT_TRUE(answer) << answer.error().message;
    if (answer) out.push_back(std::move(*answer));
  }
  return out;
}

// What the index stores for each clause, by id (its data as written).
std::map<std::string, std::string> stored_clauses(const fs::path& db_path) {
  Xapian::Database db(db_path.string());
  std::map<std::string, std::string> out;
  const std::string prefix(layout::kIdPrefix);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    out[(*t).substr(prefix.size())] = db.get_document(*db.postlist_begin(*t)).get_data();
  }
  return out;
}

const nlohmann::json* clause_with(const std::vector<nlohmann::json>& all, const std::string& words) {
  for (const auto& c : all) {
    if (c["text"].get<std::string>().find(words) != std::string::npos) return &c;
  }
  return nullptr;
}

TEST(History, AnEditBecomesAChangeRecordAndTheProvisionKeepsItsId) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  repo.commit({{"Acme/Terms of Service.md", kV1}}, "2025-01-10");
  const fs::path db = tmp.path() / "db";
  ASSERT_EQ(replay(db, tmp.path() / "repo").status, 0);
  const auto v1 = clauses(db);
  ASSERT_NE(clause_with(v1, "Delaware"), nullptr);
  const std::string arbitration_id = (*clause_with(v1, "Delaware"))["provision_id"];
  EXPECT_TRUE(change_records(db).empty()) << "the first version of a document starts tracking it";

  const std::string second = repo.commit({{"Acme/Terms of Service.md", kV2}}, "2025-02-20");
  const Replay run = replay(db, tmp.path() / "repo");
  EXPECT_EQ(run.status, 0) << run.log;
  const auto records = change_records(db);
  ASSERT_EQ(records.size(), 1u);
  const nlohmann::json& change = records[0];
  EXPECT_EQ(change["date"], "2025-02-20T12:00:00Z");
  EXPECT_EQ(change["source"], second);
  EXPECT_EQ(change["counts"]["added"], 1);
  EXPECT_EQ(change["counts"]["removed"], 1);
  EXPECT_EQ(change["counts"]["modified"], 1);
  EXPECT_EQ(change["counts"]["formatting"], 1);
  bool saw_diff = false;
  for (const auto& c : change["clauses"]) {
    if (c["change"] == "modified") {
      EXPECT_NE(c["diff"].get<std::string>().find("<del>Delaware.</del> <ins>California.</ins>"), std::string::npos)
          << c["diff"];
      EXPECT_EQ(c["provision_id"], arbitration_id);
      saw_diff = true;
    }
  }
  EXPECT_TRUE(saw_diff);
  const auto v2 = clauses(db);
  ASSERT_NE(clause_with(v2, "California"), nullptr);
  const nlohmann::json& arbitration = *clause_with(v2, "California");
  EXPECT_EQ(arbitration["provision_id"], arbitration_id) << "the provision keeps its id across the edit";
  EXPECT_EQ(arbitration["first_seen"], "2025-01-10T12:00:00Z");
  EXPECT_EQ(arbitration["last_seen"], "2025-02-20T12:00:00Z");
  EXPECT_EQ(arbitration["content_sha256"], sha256_hex(arbitration["text"].get<std::string>()));
  EXPECT_EQ(stored_clauses(db).at(arbitration["id"]).find("content_sha256"), std::string::npos)
      << "the hash of the text is computed when the clause is read, not stored";
  EXPECT_EQ(clause_with(v2, "New York"), nullptr) << "a removed provision leaves search";
  // ... and stays fetchable with its history.
  Xapian::Database read(db.string());
  const auto history = layout::unpack_json(read.get_metadata(layout::provision_key(arbitration_id)));
  ASSERT_EQ(history["versions"].size(), 2u);
  EXPECT_EQ(history["versions"][0]["last_seen"], "2025-01-10T12:00:00Z");
  EXPECT_EQ(history["versions"][1]["change_id"], change["id"]);
  ASSERT_NE(clause_with(v2, "settings page"), nullptr);
  const nlohmann::json& reformatted = *clause_with(v2, "settings page");
  EXPECT_EQ(reformatted["version_since"], "2025-01-10T12:00:00Z") << "formatting is not a change";
}

TEST(History, AChangeRecordStoresReferencesToProvisionTextsAndServesTheDiffs) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  repo.commit({{"Acme/Terms of Service.md", kV1}}, "2025-01-10");
  repo.commit({{"Acme/Terms of Service.md", kV2}}, "2025-02-20");
  const fs::path db = tmp.path() / "db";
  ASSERT_EQ(replay(db, tmp.path() / "repo").status, 0);
  const auto stored = change_records(db, RecordForm::stored);
  const auto served = change_records(db);
  ASSERT_EQ(stored.size(), 1u);
  ASSERT_EQ(stored[0]["clauses"].size(), 3u);
  std::set<std::string> kinds;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& kept = stored[0]["clauses"][i];
    const auto& shown = served[0]["clauses"][i];
    kinds.insert(kept["change"].get<std::string>());
    EXPECT_FALSE(kept.contains("diff")) << "the texts are the provision's: " << kept;
    EXPECT_TRUE(kept.contains("version")) << kept;
    EXPECT_FALSE(shown.contains("version")) << shown;
    ASSERT_TRUE(shown["diff"].is_string()) << shown;
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"added", "modified", "removed"}));
  for (const auto& c : served[0]["clauses"]) {
    const std::string diff = c["diff"];
    const std::string expected = c["change"] == "added"     ? "<ins>We share your personal data"
                                 : c["change"] == "removed" ? "<del>These terms are governed"
                                                            : "<del>Delaware.</del> <ins>California.</ins>";
    EXPECT_NE(diff.find(expected), std::string::npos) << diff;
  }
}

TEST(History, ClauseSearchesNeverReturnChangeRecords) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  repo.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
  repo.commit({{"Acme/Terms.md", kV2}}, "2025-02-20");
  const fs::path db = tmp.path() / "db";
  ASSERT_EQ(replay(db, tmp.path() / "repo").status, 0);
  ASSERT_EQ(change_records(db).size(), 1u);
  auto service = search::SearchService::open(db.string());
  ASSERT_TRUE(service) << service.error().message;
  search::SearchRequest browse;
  auto all = (*service)->search(browse);
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->total, clauses(db).size());
  search::SearchRequest words;
  words.q = "arbitration";  // in the change record's diff and in one clause
  auto found = (*service)->search(words);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->total, 1u);
  EXPECT_TRUE(found->hits[0].record.contains("provision_id"));
}

TEST(History, AReRunContinuesAfterTheLastRecordedCommit) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  repo.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
  repo.commit({{"Acme/Terms.md", kV2}}, "2025-02-20");
  const fs::path db = tmp.path() / "db";
  ASSERT_EQ(replay(db, tmp.path() / "repo").status, 0);
  const auto once = change_records(db);
  const Replay again = replay(db, tmp.path() / "repo");
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.log.find("0 commits"), std::string::npos) << again.log;
  EXPECT_EQ(change_records(db), once);
  repo.commit({{"Acme/Terms.md", kV3}}, "2025-03-05");
  const Replay third = replay(db, tmp.path() / "repo");
  EXPECT_NE(third.log.find("continuing after commit"), std::string::npos) << third.log;
  EXPECT_NE(third.log.find("1 commits"), std::string::npos) << third.log;
  const auto records = change_records(db);
  ASSERT_EQ(records.size(), 2u);
}

TEST(History, ARewrittenHistoryIsRefusedAndTheIndexKept) {
  TempDir tmp;
  {
    TestRepo repo(tmp.path() / "repo");
    repo.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
    repo.commit({{"Acme/Terms.md", kV2}}, "2025-02-20");
  }
  const fs::path db = tmp.path() / "db";
  ASSERT_EQ(replay(db, tmp.path() / "repo").status, 0);
  fs::remove_all(tmp.path() / "repo");
  TestRepo rewritten(tmp.path() / "repo");
  rewritten.commit({{"Acme/Terms.md", kV1}}, "2025-01-11");
  const Replay run = replay(db, tmp.path() / "repo");
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.log.find("no longer contains commit"), std::string::npos) << run.log;
  EXPECT_EQ(change_records(db).size(), 1u);
}

TEST(History, BadFilesAreNamedWithTheirCommitAndTheRestRecorded) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  repo.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
  const std::string bad = repo.commit(
      {{"README.md", "about"}, {"Acme/Privacy.md", "caf\xe9 au lait\n"}, {"Acme/Terms.md", kV2}}, "2025-02-20");
  const fs::path db = tmp.path() / "db";
  const Replay run = replay(db, tmp.path() / "repo");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.log.find("skipped " + (tmp.path() / "repo").string() + ": commit " + bad +
                         ": README.md: not a <Platform>/<Document>.md"),
            std::string::npos)
      << run.log;
  EXPECT_NE(run.log.find("commit " + bad + ": Acme/Privacy.md: error: invalid UTF-8 at byte 4"), std::string::npos)
      << run.log;
  EXPECT_EQ(change_records(db).size(), 1u) << "the good file of the same commit is recorded";
}

// A repository holds a README or a LICENSE beside its documents: each is
// skipped with a note naming its commit, as --docs skips a stray entry, and
// does not make the run fail (it made every replay of the real history exit 1).
TEST(History, FilesThatAreNoDocumentAreSkippedWithANoteAndTheRunSucceeds) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  const std::string first = repo.commit({{"Acme/Terms.md", kV1}, {"LICENSE", "CC0"}}, "2025-01-10");
  const std::string second =
      repo.commit({{"Acme/Terms.md", kV2}, {"Acme/notes.txt", "n"}, {"Acme/old/Terms.md", kV1}}, "2025-02-20");
  const fs::path db = tmp.path() / "db";
  const Replay run = replay(db, tmp.path() / "repo");
  EXPECT_EQ(run.status, 0) << run.log;
  for (const std::string& where : {"commit " + first + ": LICENSE: not a <Platform>/<Document>.md file",
                                   "commit " + second + ": Acme/notes.txt: not a",
                                   "commit " + second + ": Acme/old/Terms.md: not a"}) {
    EXPECT_NE(run.log.find("clause-indexer: skipped " + (tmp.path() / "repo").string() + ": " + where),
              std::string::npos)
        << where << "\n" << run.log;
  }
  EXPECT_EQ(run.log.find("error"), std::string::npos) << run.log;
  EXPECT_NE(run.log.find("0 files refused, 3 skipped"), std::string::npos) << run.log;
  EXPECT_EQ(change_records(db).size(), 1u);
}

// The same front matter rule as --docs: an unclosed block is warned of,
// naming the commit and file, and is not clause text.
TEST(History, AnUnclosedFrontMatterIsWarnedOfWithItsCommitAndNotRecordedAsText) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  const std::string id = repo.commit({{"Acme/Terms.md", "---\nlanguage: en\nsource: crawl\n" + kV1}}, "2025-01-10");
  const fs::path db = tmp.path() / "db";
  const Replay run = replay(db, tmp.path() / "repo");
  EXPECT_EQ(run.status, 0) << run.log;
  EXPECT_NE(run.log.find("commit " + id + ": Acme/Terms.md:1: warning: front matter opened by '---'"),
            std::string::npos)
      << run.log;
  const auto all = clauses(db);
  EXPECT_EQ(all.size(), 4u);
  EXPECT_EQ(clause_with(all, "source: crawl"), nullptr);
}

TEST(History, NotARepositoryIsAClearError) {
  TempDir tmp;
  const Replay run = replay(tmp.path() / "db", tmp.path());
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.log.find("not a git repository"), std::string::npos) << run.log;
}

// `git init` and nothing more: libgit2's raw "reference 'refs/heads/master'
// not found", and an empty index left behind.
TEST(History, ARepositoryWithoutCommitsIsAClearErrorAndCreatesNoIndex) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  const Replay run = replay(tmp.path() / "db", (tmp.path() / "repo").string());
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.log.find("error: --history " + (tmp.path() / "repo").string() + ": has no commits: nothing to replay"),
            std::string::npos)
      << run.log;
  EXPECT_FALSE(fs::exists(tmp.path() / "db"));
}

// Snapshots of one document, Acme/Terms.md, taken as a crawler would
// (--docs --as-of) into tmp/db.
struct Snapshots {
  explicit Snapshots(const TempDir& tmp) : tree(tmp.path() / "tree"), db(tmp.path() / "db") {
    fs::create_directories(tree / "Acme");
    options.db_path = db.string();
    options.doc_dirs = {tree.string()};
    options.quiet = true;
  }
  // The document as `markdown` on `date`: clause-indexer's exit status.
  int take(std::string_view markdown, const std::string& date) {
    std::ofstream(tree / "Acme" / "Terms.md") << markdown;
    options.as_of = date;
    return run_snapshot(options, [](ClauseRecord&) {}, log, stop);
  }
  fs::path tree, db;
  IndexerOptions options;
  std::atomic<bool> stop{false};
  std::ostringstream log;
};

TEST(History, ASnapshotGoesThroughTheSameMechanism) {
  TempDir tmp;
  Snapshots snapshots(tmp);
  ASSERT_EQ(snapshots.take(kV1, "2025-01-10"), 0) << snapshots.log.str();
  ASSERT_EQ(snapshots.take(kV2, "2025-02-20"), 0) << snapshots.log.str();
  const auto records = change_records(snapshots.db);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["date"], "2025-02-20");
  EXPECT_EQ(records[0]["source"], "snapshot");
  EXPECT_EQ(records[0]["counts"]["modified"], 1);
}

// A crawler's snapshot (--docs --as-of) follows --docs: an empty or blank
// file is no evidence that a document lost every clause (a truncated crawl
// would record them all removed). An error naming it; nothing recorded.
TEST(History, ASnapshotOfADocumentWithoutClausesIsAnErrorAndRecordsNothing) {
  TempDir tmp;
  Snapshots snapshots(tmp);
  ASSERT_EQ(snapshots.take(kV1, "2025-01-10"), 0) << snapshots.log.str();
  EXPECT_EQ(snapshots.take(" \n\n", "2025-02-20"), 1);
  EXPECT_NE(snapshots.log.str().find((snapshots.tree / "Acme" / "Terms.md").string() +
                                     ": error: no clauses found in this document"),
            std::string::npos)
      << snapshots.log.str();
  EXPECT_EQ(change_records(tmp.path() / "db").size(), 0u);
  EXPECT_EQ(clauses(tmp.path() / "db").size(), 4u);
}

// A commit is the archive's own record: a version emptied in git is a real
// event (the archive saw it, and git keeps what came before), recorded as
// every clause removed, and the next version revives them. Kept on purpose,
// unlike --docs (README.md "Versions").
TEST(History, AnEmptiedVersionInTheRepositoryIsRecordedAsAChange) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  repo.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
  repo.commit({{"Acme/Terms.md", " \n"}}, "2025-02-20");
  const fs::path db = tmp.path() / "db";
  const Replay run = replay(db, tmp.path() / "repo");
  EXPECT_EQ(run.status, 0) << run.log;
  const auto records = change_records(db);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["counts"]["removed"], 4);
  EXPECT_EQ(clauses(db).size(), 0u);
}

TEST(History, AVersionRewritesOnlyTheClausesItChangedAndLastSeenFollowsTheDocument) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  repo.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
  const fs::path db = tmp.path() / "db";
  ASSERT_EQ(replay(db, tmp.path() / "repo").status, 0);
  const auto before = stored_clauses(db);
  repo.commit({{"Acme/Terms.md", kV2}}, "2025-02-20");
  repo.commit({{"Acme/Terms.md", kV3}}, "2025-03-05");
  ASSERT_EQ(replay(db, tmp.path() / "repo").status, 0);
  const auto after = stored_clauses(db);
  const auto unchanged = std::find_if(before.begin(), before.end(), [](const auto& c) {
    return c.second.find("We collect the information") != std::string::npos;
  });
  ASSERT_NE(unchanged, before.end());
  ASSERT_TRUE(after.count(unchanged->first));
  EXPECT_EQ(after.at(unchanged->first), unchanged->second) << "two versions left it as it was: not rewritten";

  const auto answers = clauses(db);
  const nlohmann::json* answer = clause_with(answers, "We collect the information");
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ((*answer)["last_seen"], "2025-03-05T12:00:00Z") << "verified by the document's last version";
  EXPECT_EQ((*answer)["first_seen"], "2025-01-10T12:00:00Z");
  auto service = search::SearchService::open(db.string());
  ASSERT_TRUE(service) << service.error().message;
  search::SearchRequest words;
  words.q = "information account";
  auto found = (*service)->search(words);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_GE(found->total, 1u);
  EXPECT_EQ(found->hits[0].record["last_seen"], "2025-03-05T12:00:00Z") << "search hits carry it too";

  // The provision's previous version ends where its document was last seen.
  const nlohmann::json* arbitration = clause_with(answers, "California");
  ASSERT_NE(arbitration, nullptr);
  Xapian::Database read(db.string());
  const auto history = layout::unpack_json(read.get_metadata(layout::provision_key((*arbitration)["provision_id"].get<std::string>())));
  EXPECT_EQ(history["versions"][0]["last_seen"], "2025-01-10T12:00:00Z");
}

// An unchanged wording is not handed to the writer again, unless something
// around it changed: a new heading over it is its new title.
TEST(History, AnUnchangedClauseUnderANewHeadingTakesTheHeading) {
  TempDir tmp;
  TestRepo repo(tmp.path() / "repo");
  repo.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
  std::string renamed = kV1;
  renamed.replace(0, std::string("# Terms").size(), "# Conditions of use");
  repo.commit({{"Acme/Terms.md", renamed}}, "2025-02-20");
  const fs::path db = tmp.path() / "db";
  ASSERT_EQ(replay(db, tmp.path() / "repo").status, 0);
  const auto answers = clauses(db);
  ASSERT_EQ(answers.size(), 4u);
  for (const auto& answer : answers) {
    EXPECT_EQ(answer["title"], "Conditions of use") << answer["text"];
    EXPECT_EQ(answer["first_seen"], "2025-01-10T12:00:00Z") << "the same provision";
  }
}

TEST(History, ReplayingCommitByCommitGivesWhatOneRunGives) {
  TempDir tmp;
  TestRepo whole(tmp.path() / "whole");
  TestRepo steps(tmp.path() / "steps");
  const fs::path one_run = tmp.path() / "one", step_runs = tmp.path() / "steps-db";
  const std::vector<std::pair<std::map<std::string, std::string>, std::string>> versions = {
      {{{"Acme/Terms.md", kV1}}, "2025-01-10"},
      {{{"Acme/Terms.md", kV2}, {"Acme/Privacy.md", kV1}}, "2025-02-20"},
      {{{"Acme/Terms.md", kV3}}, "2025-03-05"},
      {{{"Acme/Privacy.md", kV3}, {"Acme/Terms.md", kV1}}, "2025-04-01"}};
  for (const auto& [files, date] : versions) {
    whole.commit(files, date);
    steps.commit(files, date);
    ASSERT_LE(replay(step_runs, tmp.path() / "steps").status, 1);
  }
  ASSERT_LE(replay(one_run, tmp.path() / "whole").status, 1);
  auto sorted = [](std::vector<nlohmann::json> v) {
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a["id"] < b["id"]; });
    return v;
  };
  EXPECT_EQ(sorted(change_records(step_runs)).size(), 4u);
  // The commit ids differ between the two repositories (their trees are the
  // same): compare all but the source.
  auto without_source = [&](std::vector<nlohmann::json> v) {
    for (auto& r : v) r.erase("source"), r.erase("id");
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.dump() < b.dump(); });
    return v;
  };
  EXPECT_EQ(without_source(change_records(step_runs)), without_source(change_records(one_run)));
  EXPECT_EQ(sorted(clauses(step_runs)), sorted(clauses(one_run)));
  EXPECT_EQ(stored_clauses(step_runs), stored_clauses(one_run));
}

}  // namespace
}  // namespace clause
