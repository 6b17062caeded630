// The replay's read side on its own thread (indexer/replay_reader.h) and the
// documents the recorder keeps between versions (VersionRecorder::take_held)
// change nothing a replay records: a replay gives, document for document and
// key for key, what applying each version alone to the index gives. And the
// reader aligns ahead only what it may: documents it has read, or any in a
// new index.
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <functional>
#include <iostream>
#include <sstream>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "indexer/git_history.h"
#include "indexer/history_command.h"
#include "indexer/index_writer.h"
#include "indexer/replay_reader.h"
#include "indexer/version_recorder.h"
#include "schema/index_layout.h"
#include "tests/generated_history.h"
#include "tests/history_support.h"
#include "tests/test_support.h"

namespace clause {
namespace {

using testing::TempDir;

// Types and categories that depend on the clause's text alone, as the
// shipped models' do; the threads it ran on are noted.
class TextEnrichment {
 public:
  VersionRecorder::Enrich function() {
    return [this](ClauseRecord& r) {
      const std::size_t h = std::hash<std::string>{}(r.text);
      r.clause_type = "Type " + std::to_string(h % 5);
      r.type_source = "predicted";
      r.type_confidence = 0.5 + static_cast<double>(h % 40) / 100.0;
      r.type_band = "medium";
      r.categories = {h % 2 == 0 ? "Data sale & sharing" : "Tracking & cookies"};
      std::lock_guard lock(mutex_);
      threads_.insert(std::this_thread::get_id());
      ++calls_;
    };
  }
  std::set<std::thread::id> threads() {
    std::lock_guard lock(mutex_);
    return threads_;
  }
  std::size_t calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  std::set<std::thread::id> threads_;
  std::size_t calls_ = 0;
};

// Each version applied alone: a recorder of its own (nothing kept from the
// version before), read and aligned on this thread, in one transaction per
// commit with the commit's id, as the replay records it.
void apply_each_version_alone(const std::filesystem::path& db_path, const std::filesystem::path& repo,
                              const VersionRecorder::Enrich& enrich) {
  WriterOptions options;
  options.batch_size = std::numeric_limits<std::size_t>::max();
  auto writer = IndexWriter::open(db_path.string(), options);
  ASSERT_TRUE(writer) << writer.error().message;
  auto history = GitHistory::open(repo.string());
  ASSERT_TRUE(history) << history.error().message;
  auto ids = history->commits_after("");
  ASSERT_TRUE(ids);
  Xapian::WritableDatabase& db = (*writer)->database();
  for (const std::string& id : *ids) {
    auto commit = history->read(id);
    ASSERT_TRUE(commit) << commit.error().message;
    db.begin_transaction(false);
    for (const ChangedFile& file : commit->files) {
      const auto slash = file.path.find('/');
      const std::string platform = file.path.substr(0, slash);
      const std::string document = file.path.substr(slash + 1, file.path.size() - slash - 4);
      VersionRecorder(**writer, enrich).apply({platform, document, file.content, commit->date, id, file.deleted});
    }
    db.set_metadata(std::string(layout::kHistoryCommitKey), id);
    db.commit_transaction();
    (*writer)->commit();
  }
}

TEST(ReplayPipeline, RecordsWhatEachVersionAppliedAloneRecords) {
  TempDir dir;
  generated::make_repository(dir.path() / "repo", 300, /*alias_names=*/true);
  TextEnrichment replay_enrichment, alone_enrichment;
  const Replay replay = replay_history(dir.path() / "replayed", (dir.path() / "repo").string(),
                                       replay_enrichment.function());
  ASSERT_EQ(replay.status, 0) << replay.log;
  apply_each_version_alone(dir.path() / "alone", dir.path() / "repo", alone_enrichment.function());

  const auto replayed = generated::read_index(dir.path() / "replayed");
  const auto alone = generated::read_index(dir.path() / "alone");
  EXPECT_GT(generated::count_prefixed(replayed.documents, layout::kChangeIdPrefix), 150u);
  EXPECT_TRUE(replayed.documents == alone.documents)
      << "documents differ:\n" << generated::differences(alone.documents, replayed.documents);
  EXPECT_TRUE(replayed.metadata == alone.metadata)
      << "metadata differ:\n" << generated::differences(alone.metadata, replayed.metadata);
  // In a new index the reader aligns every version ahead, so the writer's
  // thread enriches nothing, and nothing is enriched twice.
  EXPECT_EQ(replay_enrichment.threads().count(std::this_thread::get_id()), 0u);
  EXPECT_EQ(replay_enrichment.threads().size(), 1u);
  EXPECT_EQ(replay_enrichment.calls(), alone_enrichment.calls());
}

// Ctrl-C (the stop flag) during a commit's files ends the replay after
// that commit or before it, never inside it: the index holds all of the
// commit's documents with its id, or none of them.
TEST(ReplayPipeline, AStopInsideACommitRecordsTheWholeCommitOrNone) {
  TempDir dir;
  const std::string text = "We may share your personal data with advertisers for marketing purposes.\n";
  std::string first;
  {
    TestRepo repo(dir.path() / "repo");
    std::map<std::string, std::string> files;
    for (int i = 0; i < 40; ++i) files["P" + std::to_string(i) + "/Terms.md"] = "# Terms\n\n" + text;
    first = repo.commit(files, "2024-01-01");
    repo.commit({{"Late/Terms.md", "# Terms\n\n" + text}}, "2024-01-02");
  }
  std::atomic<bool> stop{false};
  // Set while the reader prepares the first commit's twentieth document.
  const VersionRecorder::Enrich enrich = [&stop](ClauseRecord& r) {
    if (r.platform == "P28") stop = true;  // path order: P0, P1, P10.. P19, P2, P20..
  };
  IndexerOptions options;
  options.db_path = (dir.path() / "db").string();
  options.history_repo = (dir.path() / "repo").string();
  options.quiet = true;
  std::ostringstream log;
  EXPECT_EQ(run_history(options, enrich, log, stop), 130) << log.str();
  std::size_t documents = 0;
  std::string recorded;
  if (std::filesystem::exists(dir.path() / "db")) {
    Xapian::Database db((dir.path() / "db").string());
    documents = db.get_doccount();
    recorded = db.get_metadata(std::string(layout::kHistoryCommitKey));
  }
  std::cout << "[ ReplayPipeline ] stopped with " << documents << " documents recorded\n";
  if (documents == 0) {
    EXPECT_TRUE(recorded.empty());
  } else {
    EXPECT_EQ(documents, 40u) << "all of the first commit, nothing of the second";
    EXPECT_EQ(recorded, first);
  }
}

// Three clauses long enough to be clauses, the second one reworded or not.
std::string terms(bool reworded) {
  return "# Terms\n\nWe may share your personal data with advertisers for marketing purposes.\n\n"
         "We keep your messages for " +
         std::string(reworded ? "ninety days" : "thirty days") +
         " after you close your account.\n\n"
         "You may delete your contacts at any time from the settings page.\n";
}

std::vector<ReplayItem> read_all(const std::filesystem::path& repo, bool new_index, const VersionRecorder::Enrich& enrich) {
  auto history = GitHistory::open(repo.string());
  EXPECT_TRUE(history);
  auto ids = history->commits_after("");
  EXPECT_TRUE(ids);
  ReplayReader reader(*history, *ids, {"REPO", "", new_index}, enrich);
  std::vector<ReplayItem> items;
  while (auto item = reader.next()) items.push_back(std::move(*item));
  return items;
}

std::vector<std::string> texts_of(const PreparedVersion& v) {
  std::vector<std::string> out;
  for (const auto& r : v.clauses) out.push_back(r.text);
  return out;
}

class ReplayReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TestRepo repo(dir_.path() / "repo");
    first_ = repo.commit({{"Acme/Terms.md", terms(false)}}, "2024-01-01");
    second_ = repo.commit({{"Acme/Terms.md", terms(true)}, {"Bolt/Terms.md", terms(false)}}, "2024-01-02");
    third_ = repo.commit({{"README.md", "An archive of terms.\n"}, {"ACME/Terms.md", terms(false)}}, "2024-01-03");
  }
  TempDir dir_;
  std::string first_, second_, third_;
  TextEnrichment enrichment_;
};

TEST_F(ReplayReaderTest, GivesFilesThenTheirCommitInOrderAndNamesWhatItSkips) {
  const auto items = read_all(dir_.path() / "repo", false, enrichment_.function());
  ASSERT_EQ(items.size(), 8u);
  const std::vector<std::pair<bool, std::string>> expected = {
      {true, first_}, {false, first_}, {true, second_}, {true, second_},
      {false, second_}, {true, third_}, {true, third_}, {false, third_}};
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i].is_file, expected[i].first) << i;
    EXPECT_EQ(items[i].commit_id, expected[i].second) << i;
  }
  EXPECT_EQ(items[2].version.version.platform, "Acme");
  EXPECT_EQ(items[3].version.version.platform, "Bolt");
  EXPECT_EQ(items[5].version.version.platform, "ACME");
  // Not a document: skipped with a note, as --docs skips a stray entry.
  EXPECT_EQ(items[6].skipped,
            "clause-indexer: skipped REPO: commit " + third_ + ": README.md: not a <Platform>/<Document>.md file");
  EXPECT_EQ(items[6].refused, "");
  EXPECT_EQ(items[2].version.clauses.size(), 3u);
  EXPECT_EQ(items[2].version.language, "en");
}

TEST_F(ReplayReaderTest, InAnIndexItHeldBeforeAlignsOnlyDocumentsItHasRead) {
  const auto items = read_all(dir_.path() / "repo", false, enrichment_.function());
  ASSERT_EQ(items.size(), 8u);
  const PreparedVersion& acme_first = items[0].version;
  EXPECT_FALSE(acme_first.alignment) << "the index may hold an older version of it";
  EXPECT_EQ(acme_first.enriched, std::vector<char>(3, 0));

  const PreparedVersion& acme_second = items[2].version;
  ASSERT_TRUE(acme_second.alignment);
  EXPECT_EQ(acme_second.aligned_with, texts_of(acme_first));
  ASSERT_EQ(acme_second.alignment->clauses.size(), 3u);
  EXPECT_EQ(acme_second.alignment->clauses[0].kind, AlignKind::unchanged);
  EXPECT_EQ(acme_second.alignment->clauses[1].kind, AlignKind::modified);
  EXPECT_EQ(acme_second.alignment->clauses[2].kind, AlignKind::unchanged);
  EXPECT_EQ(acme_second.enriched, (std::vector<char>{0, 1, 0})) << "only the reworded clause";
  EXPECT_EQ(acme_second.clauses[1].clause_type.rfind("Type ", 0), 0u);
  EXPECT_TRUE(acme_second.clauses[0].clause_type.empty());

  EXPECT_FALSE(items[3].version.alignment) << "Bolt was not read before";
  // Names that slug alike are one document, as in the index: ACME is
  // aligned with Acme's last version.
  const PreparedVersion& acme_alias = items[5].version;
  ASSERT_TRUE(acme_alias.alignment);
  EXPECT_EQ(acme_alias.aligned_with, texts_of(acme_second));
  EXPECT_EQ(acme_alias.enriched, (std::vector<char>{0, 1, 0}));
}

TEST_F(ReplayReaderTest, InANewIndexEveryDocumentIsAlignedAndItsFirstVersionEnrichedWhole) {
  const auto items = read_all(dir_.path() / "repo", true, enrichment_.function());
  ASSERT_EQ(items.size(), 8u);
  for (const std::size_t i : {0u, 3u}) {
    const PreparedVersion& v = items[i].version;
    ASSERT_TRUE(v.alignment) << i;
    EXPECT_TRUE(v.aligned_with.empty()) << i;
    for (const auto& a : v.alignment->clauses) EXPECT_EQ(a.kind, AlignKind::added) << i;
    EXPECT_EQ(v.enriched, std::vector<char>(3, 1)) << i;
  }
}

TEST(ReplayReader, StopsReadingWhenItsConsumerIsGoneBeforeTheEnd) {
  TempDir dir;
  constexpr std::size_t kDocuments = 4 * ReplayReader::kItemsAhead;
  {
    TestRepo repo(dir.path() / "repo");
    std::map<std::string, std::string> files;
    for (std::size_t i = 0; i < kDocuments; ++i) files["P" + std::to_string(i) + "/Terms.md"] = terms(false);
    repo.commit(files, "2024-01-01");
  }
  auto history = GitHistory::open((dir.path() / "repo").string());
  ASSERT_TRUE(history);
  auto ids = history->commits_after("");
  ASSERT_TRUE(ids);
  TextEnrichment enrichment;
  {
    ReplayReader reader(*history, *ids, {"REPO", "", true}, enrichment.function());
    ASSERT_TRUE(reader.next());
  }  // destroyed with most items unread: its thread stops and is joined
  EXPECT_LE(enrichment.calls(), 3 * (ReplayReader::kItemsAhead + 2));
}

}  // namespace
}  // namespace clause
