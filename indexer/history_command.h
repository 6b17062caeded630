// clause-indexer --history REPO and --docs TREE --as-of DATE: document
// versions into the index through one VersionRecorder (version_recorder.h).
//
// --history replays the first-parent commits of REPO oldest first (read and
// prepared on a thread of its own, replay_reader.h), commits
// the index every kCommitsPerIndexCommit commits or kSecondsPerIndexCommit
// (whichever comes first) together with the id of the last commit it
// recorded (metadata), each batch one unflushed Xapian transaction so that
// nothing else is ever committed: a killed run and a re-run give what one
// run gives (tests/replay_kill_test.cpp). --docs --as-of records its
// snapshot in one transaction. A re-run continues after that commit, and refuses a
// repository whose history no longer holds it. A file outside
// <Platform>/<Document>.md or not valid UTF-8 is an error naming the commit
// and the file; the other files are recorded.
#pragma once

#include <atomic>
#include <chrono>
#include <ostream>

#include "indexer/indexer_options.h"
#include "indexer/version_recorder.h"

namespace clause {

// Small batches, measured (docs/benchmarks.md): the blocks a commit frees are
// reused only after it, so replaying 600 commits 200 a batch grew the index
// by 14 MB, 50 a batch by 7 MB and 10 a batch by nothing, for the same CPU
// time; one commit per git commit paid a sync each (3x the system time, 1.7x
// the wall time). A killed run loses at most one batch.
inline constexpr std::size_t kCommitsPerIndexCommit = 50;
inline constexpr std::chrono::seconds kSecondsPerIndexCommit{10};

// Exit status as clause-indexer's: 0 all recorded (files that are no
// <Platform>/<Document>.md skipped with a note), 1 some documents refused,
// 2 usage (not a repository, rewritten history), 3 the index failed, 130
// interrupted. Progress (on a terminal) and the summary go to diag.
int run_history(const IndexerOptions& options, const VersionRecorder::Enrich& enrich, std::ostream& diag,
                const std::atomic<bool>& stop);

int run_snapshot(const IndexerOptions& options, const VersionRecorder::Enrich& enrich, std::ostream& diag,
                 const std::atomic<bool>& stop);

}  // namespace clause
