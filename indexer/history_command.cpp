#include "indexer/history_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "indexer/compact_in_place.h"
#include "indexer/document_tree.h"
#include "indexer/git_history.h"
#include "indexer/git_mirror.h"
#include "indexer/replay_reader.h"
#include "schema/index_layout.h"

namespace clause {
namespace {

using Clock = std::chrono::steady_clock;

struct HistoryTotals {
  std::size_t commits = 0, versions = 0, formatting_only = 0, change_records = 0, refused = 0, skipped = 0;
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
                "files refused, %zu skipped\n",
                t.commits, t.versions, seconds, t.versions / std::max(seconds, 1e-9), t.change_records,
                t.formatting_only, t.added, t.modified, t.removed, t.refused, t.skipped);
  return line;
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
    // The batch's spelling words belong in its transaction, with its records.
    writer_.flush_spelling();
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

// "12.3 MiB", "4.0 KiB", "512 B".
std::string human_bytes(std::size_t bytes) {
  char out[32];
  if (bytes >= 1024 * 1024) std::snprintf(out, sizeof out, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else if (bytes >= 1024) std::snprintf(out, sizeof out, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  else std::snprintf(out, sizeof out, "%zu B", bytes);
  return out;
}

// The local copy of a --history URL, cloned or fetched up to date first
// (git_mirror.h): objects and bytes on a terminal as they arrive, then one
// summary line. Ctrl-C cancels the transfer.
Result<std::string> fetch_history(const IndexerOptions& options, std::ostream& diag, const std::atomic<bool>& stop) {
  const std::string& url = options.history_repo;
  const std::filesystem::path dir = mirror_dir(options.db_path, url);
  const bool terminal = !options.quiet && isatty(STDERR_FILENO) != 0;
  auto last_progress = Clock::now();
  bool printed = false;
  const OnTransfer on_transfer = [&](const TransferProgress& p) {
    const auto now = Clock::now();
    if (terminal && now - last_progress > std::chrono::seconds(1)) {
      last_progress = now;
      printed = true;
      diag << "\rclause-indexer: fetching " << url << ": objects " << p.received_objects << "/" << p.total_objects
           << ", " << human_bytes(p.received_bytes) << ", deltas " << p.indexed_deltas << "/" << p.total_deltas
           << "   " << std::flush;
    }
    return !stop;
  };
  auto update = update_mirror(url, dir, on_transfer);
  if (printed) diag << "\n";
  if (!update) return update.error();
  const TransferProgress& t = update->transfer;
  const std::string figures = std::to_string(t.received_objects) + " objects, " + human_bytes(t.received_bytes);
  if (update->cloned) {
    diag << "clause-indexer: cloned " << url << " into " << dir.string() << ": " << figures << "\n";
  } else if (t.received_objects == 0) {
    diag << "clause-indexer: fetched " << url << " into " << dir.string() << ": nothing new\n";
  } else {
    diag << "clause-indexer: fetched " << url << " into " << dir.string() << ": " << figures << " new\n";
  }
  return dir.string();
}

// Commits a --docs --as-of snapshot, begun as one Xapian transaction, with
// the schema version and statistics. Outside a transaction Xapian commits a
// writer's changes on its own past XAPIAN_FLUSH_THRESHOLD (10,000 by
// default) changes: a kill -9 after such a flush left part of a version, or
// an index without its schema version (which a re-run refused). Within one
// it never does. The replay commits in batches the same way (ReplayBatches).
void commit_snapshot(Xapian::WritableDatabase& db) {
  IndexWriter::stamp(db);
  db.commit_transaction();
}

// Compacts a replay's new index while `writer` still holds its lock, then
// closes it and drops the index as written (indexer/compact_in_place.h). A
// failure leaves the index as written, with a warning: nothing is lost.
void compact_new_index(const IndexerOptions& options, IndexWriter& writer, bool terminal, std::ostream& diag) {
  if (terminal) diag << "clause-indexer: compacting the new index..." << std::flush;
  auto sizes = compact_and_exchange(options.db_path);
  if (terminal) diag << "\n";
  writer.database().close();
  remove_stale_compaction(options.db_path);
  if (!sizes) {
    diag << "clause-indexer: warning: " << sizes.error().message << "\n";
    return;
  }
  diag << "clause-indexer: compacted the new index: " << human_bytes(sizes->before) << " -> "
       << human_bytes(sizes->after) << "\n";
}

}  // namespace

int run_history(const IndexerOptions& options, const VersionRecorder::Enrich& enrich, std::ostream& diag,
                const std::atomic<bool>& stop) {
  // A URL is replayed from its local copy, brought up to date before the
  // index is opened: a failed fetch leaves the index as it was.
  std::string local = options.history_repo;
  if (is_git_url(options.history_repo)) {
    auto fetched = fetch_history(options, diag, stop);
    if (!fetched) {
      diag << "clause-indexer: error: --history " << fetched.error().message << "; the index is unchanged\n";
      if (stop) return 130;
      return fetched.error().kind == ErrorKind::invalid_argument ? 2 : 1;
    }
    local = *fetched;
  }
  auto history = GitHistory::open(local, options.history_repo);
  if (!history) {
    diag << "clause-indexer: error: --history " << history.error().message << "\n";
    return 2;
  }
  // Before the index is opened: opening it would create an empty one.
  if (!history->has_commits()) {
    diag << "clause-indexer: error: --history " << options.history_repo
         << ": has no commits: nothing to replay; the index is unchanged\n";
    return 2;
  }
  auto writer = open_writer(options);
  if (!writer) {
    diag << "clause-indexer: error: " << writer.error().message << "\n";
    return 3;
  }
  Xapian::WritableDatabase& db = (*writer)->database();
  const std::string last = db.get_metadata(std::string(layout::kHistoryCommitKey));
  // A replay into a new index ends compacted (indexer/compact_in_place.h).
  const bool fresh = last.empty() && db.get_doccount() == 0;
  remove_stale_compaction(options.db_path);
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
  // The batch left open by an error: the WritableDatabase's destructor cancels it.
  const bool terminal = !options.quiet && isatty(STDERR_FILENO) != 0;
  // Commits are read and their versions prepared on another thread
  // (replay_reader.h) while this one aligns and writes.
  ReplayReader reader(*history, *commits, {options.history_repo, options.since, fresh}, enrich);
  // Ctrl-C stops between commits, never inside one: a commit's files go
  // into the index together with its id, or not at all.
  bool inside_commit = false;
  while (inside_commit || !stop) {
    auto item = reader.next();
    if (!item) break;
    inside_commit = item->is_file;
    if (item->is_file) {
      if (!item->skipped.empty()) {
        diag << item->skipped << "\n";
        ++totals.skipped;
      } else if (!item->refused.empty()) {
        diag << item->refused << "\n";
        ++totals.refused;
      } else {
        if (!item->warning.empty()) diag << item->warning << "\n";
        count(totals, recorder.apply_prepared(std::move(item->version)));
      }
      continue;
    }
    if (!item->error.empty()) {
      diag << "clause-indexer: error: " << item->error << "\n";
      ++totals.refused;
      continue;
    }
    ++totals.commits;
    batches.recorded(item->commit_id);
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
  if (fresh && totals.versions > 0) compact_new_index(options, **writer, terminal, diag);
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
  // One transaction: a snapshot is recorded whole or not at all (see commit_snapshot).
  Xapian::WritableDatabase& db = (*writer)->database();
  db.begin_transaction();
  for (const auto& dir : options.doc_dirs) {
    auto tree = list_document_tree(dir);
    if (!tree) {
      diag << "clause-indexer: error: --docs " << tree.error().message << "\n";
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
      PreparedVersion prepared =
          prepare_version({source.platform, source.document, *text, options.as_of, "snapshot", false});
      if (!prepared.warning.empty()) diag << source.path.string() << ":1: warning: " << prepared.warning << "\n";
      // As --docs (Ingest::ingest_markdown): a crawler's empty or truncated
      // file is no evidence that the document lost every clause. A commit of
      // --history is: the archive recorded that version on purpose.
      if (prepared.clauses.empty()) {
        diag << source.path.string() << ": error: no clauses found in this document; not recorded, its "
             << "clauses are kept\n";
        ++totals.refused;
        continue;
      }
      count(totals, recorder.apply_prepared(std::move(prepared)));
    }
  }
  commit_snapshot(db);
  diag << format_totals(totals, std::chrono::duration<double>(Clock::now() - start).count());
  if (stop) return 130;
  return totals.refused > 0 ? 1 : 0;
}

}  // namespace clause
