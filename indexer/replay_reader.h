// ReplayReader: the read side of `clause-indexer --history`, on a thread of
// its own. It reads the commits through libgit2, skips the files that are
// not a usable <Platform>/<Document>.md, refuses those not in UTF-8,
// prepares each document
// version (prepare_version: front matter, clauses, language), aligns its
// clauses with the document's last version it read, and gives types and
// categories to the new and reworded ones. The replay's thread meanwhile
// records the versions before it: on two cores the halves overlap
// (docs/benchmarks.md, issue 18).
//
// What it gives is what the replay's thread would have computed itself:
// the enrichment is a function of the prepared clause alone, and the
// alignment is used only when the index holds the very texts it was made
// against (else VersionRecorder::apply aligns, and enriches what it must).
// Items come out in order, at most kItemsAhead ahead of the writer (a
// commit of a whole archive is hundreds of files: the writer starts on its
// first while the reader cuts the next).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "indexer/git_history.h"
#include "indexer/version_recorder.h"

namespace clause {

// What the reader gives, in the history's order: each recorded file of a
// commit, then the commit itself once all its files were given.
struct ReplayItem {
  bool is_file = false;
  // A file: why it is not recorded (the whole message, or empty), else its
  // version. `skipped` is a file that is no document (README.md, LICENSE,
  // Acme/notes.txt): a note, as --docs gives for a stray entry; `refused` a
  // document that cannot be read (invalid UTF-8): an error.
  std::string skipped;
  std::string refused;
  std::string warning;  // a recorded version's warning, with its place (or empty)
  PreparedVersion version;
  // The commit: its id, why it could not be read (or empty), and whether it
  // is before --since (read, but its files are not recorded).
  std::string commit_id;
  std::string error;
  bool recorded = true;
};

struct ReplayReaderOptions {
  std::string repo_name;  // in messages: the path or URL as the user gave it
  std::string since;      // YYYY-MM-DD: earlier commits are read but not recorded
  // Whether the index held nothing at the start: then a document the reader
  // has not seen yet is new, and all its clauses are enriched ahead.
  bool new_index = false;
};

class ReplayReader {
 public:
  static constexpr std::size_t kItemsAhead = 64;

  // Starts reading `ids` (oldest first) from `history`, which only this
  // reader uses until it is destroyed. `enrich` must be thread-safe.
  ReplayReader(const GitHistory& history, std::vector<std::string> ids, ReplayReaderOptions options,
               VersionRecorder::Enrich enrich);
  ~ReplayReader();
  ReplayReader(const ReplayReader&) = delete;
  ReplayReader& operator=(const ReplayReader&) = delete;

  // The next item, in order; nullopt after the last one. Rethrows what
  // the reader's thread threw.
  std::optional<ReplayItem> next();

 private:
  void run();
  void read_commit(const std::string& id);
  ReplayItem prepare_file(const std::string& commit_id, const ChangedFile& file, const std::string& date);
  void align_ahead(PreparedVersion& prepared);
  // Waits for room, then queues; false once the consumer is gone.
  bool put(ReplayItem item);

  const GitHistory& history_;
  const std::vector<std::string> ids_;
  const ReplayReaderOptions options_;
  const VersionRecorder::Enrich enrich_;
  // Reader thread only: each document's clause texts in its last version read.
  std::unordered_map<std::string, std::vector<std::string>> last_texts_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<ReplayItem> ready_;
  bool finished_ = false;  // the reader put its last item (or failed)
  bool closing_ = false;   // the consumer is gone: stop reading
  std::exception_ptr failure_;
  std::thread thread_;
};

}  // namespace clause
