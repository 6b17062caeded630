// Checks that a database was written with a layout this program can read.
#pragma once

#include <xapian.h>

#include <string>

#include "schema/result.h"

namespace clause::layout {

struct Unit {};

// ok for an index of this major version, and for an empty database (no
// documents, no version yet: a fresh index). An index of another major
// version, or one with documents but no version, is refused with a message
// that says what to do.
Result<Unit> check_schema_version(const Xapian::Database& db);

// Writes this program's version into a writable database's metadata.
void stamp_schema_version(Xapian::WritableDatabase& db);

// The key of a database's state, "uuid:revision", for what is cached per
// revision (records, facet columns, similarity snapshots). For a stub of
// local shards opened by OpenedIndex, inside its RevisionScope, the shards'
// keys (schema/index_open.h). Empty otherwise for a database of several
// shards, and for a remote one: they have no revision to read (nothing is
// cached for them).
std::string revision_key(const Xapian::Database& db);

// "uuid:revision" of one database as Xapian gives it, scopes aside; empty
// for several databases or a remote one.
std::string database_revision_key(const Xapian::Database& db);

}  // namespace clause::layout
