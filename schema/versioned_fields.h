// The fields of a versioned clause that are not in the clause's stored
// data: its last_seen, the date of its document's last recorded version,
// kept once per document (schema/index_layout.h, kDocumentLastSeenPrefix),
// and its content_sha256, the SHA-256 of its text (computed; stored by
// indexes before schema 4.1). Every place that hands out a clause's stored
// JSON passes it through here, so an answer carries them as if they were
// stored.
//
// A clause without provision_id (not indexed from versions) is returned as
// it is; a removed provision's kept clause (with removed_at; its last_seen
// is stored) gains its content_sha256 only. Reads metadata only; thread safety as the Database's.
#pragma once

#include <xapian.h>

#include <nlohmann/json.hpp>
#include <string>

namespace clause::layout {

// The record with its last_seen added (when it is versioned and its
// document has a last version).
void add_document_fields(const Xapian::Database& db, nlohmann::json& record);

// The same for a record as stored (JSON text); unversioned text is returned
// untouched without being parsed.
std::string with_document_fields(const Xapian::Database& db, std::string record_json);

}  // namespace clause::layout
