#include "indexer/compact_in_place.h"

#include <fcntl.h>
#include <stdio.h>
#include <xapian.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace clause {
namespace {

namespace fs = std::filesystem;

std::uintmax_t directory_bytes(const std::string& dir) {
  std::uintmax_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
  }
  return bytes;
}

}  // namespace

std::string compaction_staging_path(const std::string& db_path) { return db_path + ".compacting"; }

void remove_stale_compaction(const std::string& db_path) {
  std::error_code ignored;
  fs::remove_all(compaction_staging_path(db_path), ignored);
}

Result<CompactedSizes> compact_and_exchange(const std::string& db_path) {
  const std::string staging = compaction_staging_path(db_path);
  remove_stale_compaction(db_path);
  CompactedSizes sizes{directory_bytes(db_path), 0};
  try {
    // The same document ids: change records and caches name none, but a
    // renumbered index would differ from its replay for no reason.
    Xapian::Database(db_path).compact(staging, Xapian::DBCOMPACT_NO_RENUMBER);
  } catch (const Xapian::Error& e) {
    remove_stale_compaction(db_path);
    return Error::unavailable("cannot compact " + db_path + ": " + e.get_description() + "; the index is left as written");
  }
  sizes.after = directory_bytes(staging);
  if (renameat2(AT_FDCWD, db_path.c_str(), AT_FDCWD, staging.c_str(), RENAME_EXCHANGE) != 0) {
    const std::string why = std::strerror(errno);
    remove_stale_compaction(db_path);
    return Error::unavailable("cannot swap the compacted index into " + db_path + " (" + why +
                              "); the index is left as written");
  }
  return sizes;
}

}  // namespace clause
