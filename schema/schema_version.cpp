#include "schema/schema_version.h"

#include <string>

#include "schema/index_layout.h"
#include "schema/index_open.h"

namespace clause::layout {

Result<Unit> check_schema_version(const Xapian::Database& db) {
  const std::string stored = db.get_metadata(std::string(kSchemaVersionKey));
  if (stored.empty()) {
    if (db.get_doccount() == 0) return Unit{};
    return Error::unavailable(
        "the database has documents but no clause schema version: it was not written by "
        "clause-indexer; index your clauses into a new, empty directory");
  }
  const auto dot = stored.find('.');
  int major = -1, minor = 0;
  try {
    major = std::stoi(stored.substr(0, dot));
    if (dot != std::string::npos) minor = std::stoi(stored.substr(dot + 1));
  } catch (const std::exception&) {
  }
  if (major != kSchemaMajor) {
    return Error::unavailable("the index has schema version " + stored + ", this program reads " +
                              std::to_string(kSchemaMajor) +
                              ".x: rebuild the index with this version's clause-indexer "
                              "(into a new directory, or delete the old one first)");
  }
  // A newer minor version may store what this program would misread (4.1
  // keeps change records' diffs by reference and packs provision metadata),
  // and an older writer would stamp it back down: only the same or older.
  if (minor > kSchemaMinor) {
    return Error::unavailable("the index has schema version " + stored + ", written by a newer clause-indexer; " +
                              "this program reads up to " + schema_version_string() +
                              ": use a clause-indexer and clause-server of that version or newer");
  }
  return Unit{};
}

void stamp_schema_version(Xapian::WritableDatabase& db) {
  db.set_metadata(std::string(kSchemaVersionKey), schema_version_string());
}

std::string revision_key(const Xapian::Database& db) {
  if (const OpenedIndex* index = scoped_index(db)) return index->revision_key();
  return database_revision_key(db);
}

std::string database_revision_key(const Xapian::Database& db) {
  if (db.size() != 1) return {};
  try {
    return db.get_uuid() + ":" + std::to_string(db.get_revision());
  } catch (const Xapian::InvalidOperationError&) {
    return {};
  } catch (const Xapian::UnimplementedError&) {
    return {};  // a remote database has no revision to read (Xapian 1.4)
  }
}

}  // namespace clause::layout
