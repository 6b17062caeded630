// A new index replayed from versions is compacted when the replay ends
// (issue 18): a replay rewrites its B-trees in place for thousands of
// commits and leaves their blocks part full (the tables as written were
// 1.94x their compacted size on a year of versions), while the parallel
// build of a new index from files already ends compacted
// (ShardedBuilder::merge_and_publish).
//
// Safe against kill -9 at any point: the compacted copy is written beside
// the index (DB.compacting) and the two directories are exchanged in one
// step (renameat2 RENAME_EXCHANGE), so DB is always a whole index, the one
// as written or the compacted one; a leftover DB.compacting is removed by
// the next run. The caller keeps its writer open until the exchange, so no
// other writer (a server taking writes) can change the index meanwhile. A
// reader that reopens DB afterwards reads the new directory (Xapian reopens
// its table files when the version file changed).
#pragma once

#include <cstdint>
#include <string>

#include "schema/result.h"

namespace clause {

// Where the compacted copy is written, and where the index as written ends.
std::string compaction_staging_path(const std::string& db_path);

// Removes what an interrupted compaction left beside db_path, if anything.
void remove_stale_compaction(const std::string& db_path);

// Compacts the index at db_path into the staging path and exchanges the two;
// then the staging path holds the index as written, for the caller to remove
// once its writer is closed (remove_stale_compaction). An error (a file
// system without RENAME_EXCHANGE, no space) leaves db_path as it was and
// nothing beside it. Returns the bytes of the index before and after.
struct CompactedSizes {
  std::uintmax_t before = 0, after = 0;
};
Result<CompactedSizes> compact_and_exchange(const std::string& db_path);

}  // namespace clause
