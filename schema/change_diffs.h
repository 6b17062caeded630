// A change record's word diffs, kept out of its stored JSON (issue 18; the
// layout is docs/index-layout.md "Versions"). A diff repeats the whole text
// of an added or removed clause, which the provision's version texts hold
// already (schema/provision_store.h): stored diffs were most of the change
// records' bytes. So a changed clause is stored with a reference instead of
// its "diff":
//   {"change", "provision_id", ..., "version": n}
// and its diff is rebuilt from version n of its provision when the record is
// served (GET /v1/changes/{id}, the Atom feed):
//   added     the empty text against version n
//   modified  version n-1 against version n
//   removed   version n against the empty text
// The indexer stores the reference only when those texts are the ones it
// diffed; otherwise (and in records written before) the "diff" stays.
//
// Reads metadata only; thread safety as the Database's. Throws Xapian errors.
#pragma once

#include <xapian.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace clause::changes {

// The key of a stored clause's reference to its provision's version.
inline constexpr const char* kVersionRef = "version";

// The word diff of one changed clause from its old text ("" when added) and
// its new one ("" when removed): the same diff the indexer wrote.
std::string clause_diff(std::string_view old_text, std::string_view new_text);

// The record as served: each clause's "version" reference replaced by its
// "diff" (a version the index lacks gives an empty diff).
void restore_diffs(const Xapian::Database& db, nlohmann::json& record);

// The same for a record as stored (JSON text); a record without references
// is returned untouched.
std::string restored_record(const Xapian::Database& db, std::string record_json);

}  // namespace clause::changes
