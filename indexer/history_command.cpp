#include "indexer/history_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <limits>

#include "indexer/document_tree.h"
#include "indexer/git_history.h"
#include "schema/index_layout.h"
#include "schema/slug.h"
#include "schema/utf8.h"

namespace clause {
namespace {

using Clock = std::chrono::steady_clock;

struct HistoryTotals {
  std::size_t commits = 0, versions = 0, formatting_only = 0, change_records = 0, refused = 0;
  std::size_t added = 0, modified = 0, removed = 0;
};

void count(HistoryTotals& t, const VersionOutcome& o) {
  ++t.versions;
  t.added += o.added, t.modified += o.modified, t.removed += o.removed;
  if (o.change_id) ++t.change_records;
  else if (o.formatting > 0) ++t.formatting_only;
}

std::string format_totals(const HistoryTotals& t, double seconds) {
  char line[400];
  std::snprintf(line, sizeof line,
                "clause-indexer: %zu commits, %zu document versions in %.1f s (%.1f versions/s): %zu change "
                "records, %zu formatting-only versions; clauses added %zu, modified %zu, removed %zu; %zu "
                "files refused\n",
                t.commits, t.versions, seconds, t.versions / std::max(seconds, 1e-9), t.change_records,
                t.formatting_only, t.added, t.modified, t.removed, t.refused);
  return line;
}

// "<Platform>/<Document>.md" split, or why not.
Result<std::pair<std::string, std::string>> split_document_path(const std::string& path) {
  const auto slash = path.find('/');
  const bool shaped = slash != std::string::npos && path.find('/', slash + 1) == std::string::npos &&
                      path.size() > slash + 4 && path.compare(path.size() - 3, 3, ".md") == 0;
  if (!shaped) return Error::invalid("file", "not a <Platform>/<Document>.md file");
  std::string platform = path.substr(0, slash), document = path.substr(slash + 1, path.size() - slash - 4);
  if (utf8::first_invalid(path) || slugify(platform).empty() || slugify(document).empty()) {
    return Error::invalid("file", "its name is not a usable platform and document name");
  }
  return std::make_pair(platform, document);
}

// The replay's index commits: one per batch of git commits, each holding the
// batch's records with the id of its last git commit (layout::kHistoryCommitKey).
// A batch is an unflushed Xapian transaction: past Xapian's flush threshold
// (10,000 changed documents, e.g. a first commit of a whole archive) the
// changes go to the tables but are not committed, so no index commit ever
// holds part of a git commit's records.
class ReplayBatches {
 public:
  explicit ReplayBatches(IndexWriter& writer) : writer_(writer), db_(writer.database()) { db_.begin_transaction(false); }

  // Git commit `id` is recorded: commit the batch when it is full or old.
  void recorded(const std::string& id) {
    db_.set_metadata(std::string(layout::kHistoryCommitKey), id);
    if (++commits_ >= kCommitsPerIndexCommit || Clock::now() - started_ >= kSecondsPerIndexCommit) {
      commit();
      db_.begin_transaction(false);
    }
  }

  void commit() {
    db_.commit_transaction();
    writer_.commit();
    commits_ = 0, started_ = Clock::now();
  }

 private:
  IndexWriter& writer_;
  Xapian::WritableDatabase& db_;
  std::size_t commits_ = 0;
  Clock::time_point started_ = Clock::now();
};

Result<std::unique_ptr<IndexWriter>> open_writer(const IndexerOptions& options) {
  WriterOptions w;
  w.batch_size = std::numeric_limits<std::size_t>::max();  // we commit, with the last commit id
  w.spelling = options.spelling;
  return IndexWriter::open(options.db_path, w);
}

}  // namespace

int run_history(const IndexerOptions& options, const VersionRecorder::Enrich& enrich, std::ostream& diag,
                const std::atomic<bool>& stop) {
  auto history = GitHistory::open(options.history_repo);
  if (!history) {
    diag << "clause-indexer: error: --history " << history.error().message << "\n";
    return 2;
  }
  auto writer = open_writer(options);
  if (!writer) {
    diag << "clause-indexer: error: " << writer.error().message << "\n";
    return 3;
  }
  Xapian::WritableDatabase& db = (*writer)->database();
  const std::string last = db.get_metadata(std::string(layout::kHistoryCommitKey));
  auto commits = history->commits_after(last);
  if (!commits) {
    diag << "clause-indexer: error: " << commits.error().message << "\n";
    return 2;
  }
  if (!last.empty()) diag << "clause-indexer: continuing after commit " << last << "\n";
  VersionRecorder recorder(**writer, enrich);
  ReplayBatches batches(**writer);
  HistoryTotals totals;
  const auto start = Clock::now();
  auto last_progress = start;
  const bool terminal = !options.quiet && isatty(STDERR_FILENO) != 0;
  for (const std::string& id : *commits) {
    if (stop) break;
    auto commit = history->read(id);
    if (!commit) {
      diag << "clause-indexer: error: " << commit.error().message << "\n";
      ++totals.refused;
      continue;
    }
    ++totals.commits;
    if (options.since.empty() || commit->date.substr(0, 10) >= options.since) {
      for (const ChangedFile& file : commit->files) {
        const auto where = [&] { return options.history_repo + ": commit " + id + ": " + file.path + ": error: "; };
        auto names = split_document_path(file.path);
        if (!names) {
          diag << where() << names.error().message << "; skipped\n";
          ++totals.refused;
          continue;
        }
        if (const auto bad = utf8::first_invalid(file.content)) {
          diag << where() << "invalid UTF-8 at byte " << (*bad + 1) << "; this version is skipped\n";
          ++totals.refused;
          continue;
        }
        count(totals, recorder.apply({names->first, names->second, file.content, commit->date, id, file.deleted}));
      }
    }
    batches.recorded(id);
    const auto now = Clock::now();
    if (terminal && now - last_progress > std::chrono::seconds(1)) {
      last_progress = now;
      const double seconds = std::chrono::duration<double>(now - start).count();
      const double left = seconds / totals.commits * (commits->size() - totals.commits);
      diag << "\rclause-indexer: commits " << totals.commits << "/" << commits->size() << ", "
           << static_cast<int>(totals.versions / seconds) << " versions/s, about " << static_cast<int>(left)
           << " s left   " << std::flush;
    }
  }
  batches.commit();
  if (terminal) diag << "\n";
  diag << format_totals(totals, std::chrono::duration<double>(Clock::now() - start).count());
  if (stop) return 130;
  return totals.refused > 0 ? 1 : 0;
}

int run_snapshot(const IndexerOptions& options, const VersionRecorder::Enrich& enrich, std::ostream& diag,
                 const std::atomic<bool>& stop) {
  auto writer = open_writer(options);
  if (!writer) {
    diag << "clause-indexer: error: " << writer.error().message << "\n";
    return 3;
  }
  VersionRecorder recorder(**writer, enrich);
  HistoryTotals totals;
  const auto start = Clock::now();
  for (const auto& dir : options.doc_dirs) {
    auto tree = list_document_tree(dir);
    if (!tree) {
      diag << "clause-indexer: error: " << tree.error().message << "\n";
      ++totals.refused;
      continue;
    }
    for (const auto& why : tree->skipped) diag << "clause-indexer: skipped " << why << "\n";
    for (const auto& source : tree->documents) {
      if (stop) break;
      auto text = read_document(source.path);
      if (!text) {
        diag << source.path.string() << ": error: " << text.error().message << "\n";
        ++totals.refused;
        continue;
      }
      count(totals, recorder.apply({source.platform, source.document, *text, options.as_of, "snapshot", false}));
    }
  }
  (*writer)->commit();
  diag << format_totals(totals, std::chrono::duration<double>(Clock::now() - start).count());
  if (stop) return 130;
  return totals.refused > 0 ? 1 : 0;
}

}  // namespace clause
