// A provision's history in the index metadata (issue 18), kept so that
// recording a version writes the version's text once and rewrites only the
// small list of versions, not every text and diff again:
//   layout::provision_key(id)            -> {"provision_id", "platform",
//       "document", "first_seen", "removed_at", "removed_in",
//       "current_clause_id", "versions": [{"clause_id", "content_sha256",
//       "first_seen", "last_seen", "change", "change_id"}]}
//   layout::provision_version_key(id, n) -> {"text"} of version n, written
//       once, with its "diff" only when word_diff_html does not give it back
//       from the texts (the previous version's, or the empty text when the
//       version is "added", against its own): nearly every diff is
//       recomputed on reading.
// Both values are packed (schema/packed_metadata.h: deflated JSON), and a
// version's "content_sha256" is left out of the list when it is the
// SHA-256 of its text (computed again by read()).
// An index written before keeps each version's text and diff in the list,
// unpacked; it is read as it is, and moved to this form when its provision
// next changes.
//
// Reads and writes metadata only; thread safety as the Database's. Throws
// Xapian errors; stored JSON that does not parse reads as no history.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace clause::provisions {

// The history of provision `id` with every version's "text", "diff" and
// "content_sha256"; null when the index holds none.
nlohmann::json read(const Xapian::Database& db, const std::string& id);

// The same without reading the versions' texts: the list alone (ids, dates,
// removal), for a reader that looks for a clause id or a date.
nlohmann::json read_list(const Xapian::Database& db, const std::string& id);

// A history as a writer holds it while recording a version: versions it
// appends carry their "text" and "diff"; `stored` versions are in the index
// already (the last of them with its text, for the next diff).
struct Loaded {
  nlohmann::json history;  // null: none yet
  std::size_t stored = 0;
};

Loaded read_for_update(const Xapian::Database& db, const std::string& id);

// Writes the list and the texts of the versions past `stored`.
void write(Xapian::WritableDatabase& db, const std::string& id, const Loaded& loaded);

// The text of version n of provision `id` (0 the first); nullopt when the
// index holds no such version. What a change record's clause refers to
// (schema/change_diffs.h).
std::optional<std::string> version_text(const Xapian::Database& db, const std::string& id, std::size_t n);

}  // namespace clause::provisions
