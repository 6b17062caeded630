// clause-indexer --history REPO and --docs TREE --as-of DATE: document
// versions into the index through one VersionRecorder (version_recorder.h).
//
// --history replays the first-parent commits of REPO oldest first, commits
// the index every kCommitsPerIndexCommit commits together with the id of the
// last commit it recorded (metadata), each time as one Xapian transaction so
// that nothing else is ever committed, so a killed run and a re-run give
// what one run gives (tests/replay_kill_test.cpp); --docs --as-of records its
// snapshot in one transaction; a re-run continues after that commit, and refuses a
// repository whose history no longer holds it. A file outside
// <Platform>/<Document>.md or not valid UTF-8 is an error naming the commit
// and the file; the other files are recorded.
#pragma once

#include <atomic>
#include <ostream>

#include "indexer/indexer_options.h"
#include "indexer/version_recorder.h"

namespace clause {

inline constexpr std::size_t kCommitsPerIndexCommit = 200;

// Exit status as clause-indexer's: 0 all recorded, 1 some files refused,
// 2 usage (not a repository, rewritten history), 3 the index failed, 130
// interrupted. Progress (on a terminal) and the summary go to diag.
int run_history(const IndexerOptions& options, const VersionRecorder::Enrich& enrich, std::ostream& diag,
                const std::atomic<bool>& stop);

int run_snapshot(const IndexerOptions& options, const VersionRecorder::Enrich& enrich, std::ostream& diag,
                 const std::atomic<bool>& stop);

}  // namespace clause
