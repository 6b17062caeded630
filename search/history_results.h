// The plain answers of issue 18's reads (no Xapian, as search/results.h):
// a document's or platform's change counts (computed by
// search/change_counts.h) and a provision's versions
// (search/provision_history.h).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace clause::search {

// What is counted: one platform's change records, or one document's of it.
// Names or slugs (a name and its slug count the same records).
struct ChangeCountRequest {
  std::string platform;
  std::optional<std::string> document;  // empty: every document of the platform
  std::string as_of;                    // YYYY-MM-DD (UTC), already validated
};

// The newest change record at or before as_of.
struct LastChange {
  std::string id;
  std::string date;
  std::string summary;
  std::optional<std::string> severity;
};

// last_30_days counts the change records dated within the 30 days that end
// with as_of (as_of - 29 days .. as_of, whole days, UTC); last_365_days the
// 365 days that end with it. Records dated after as_of count nowhere: the
// answer is what a reader would have seen on that day.
struct ChangeCounts {
  std::size_t last_30_days = 0;
  std::size_t last_365_days = 0;
  std::optional<LastChange> last_change;
  std::string as_of;
};

// A clause's history: every version of its provision, oldest first.
struct ProvisionVersion {
  std::string clause_id;
  std::string text;
  std::optional<std::string> content_sha256;  // absent for a clause indexed without versions
  std::optional<std::string> first_seen;      // when this wording appeared
  std::optional<std::string> last_seen;       // the last version that held it
  std::string change;                         // added, modified, formatting
  std::optional<std::string> change_id;       // the change record that brought it
  std::string diff;                           // word diff against the version before (<del>/<ins>)
};

struct ProvisionHistory {
  std::string provision_id;
  std::string platform;
  std::string document;
  std::optional<std::string> first_seen;
  std::optional<std::string> removed_at;         // set once the provision left the document
  std::optional<std::string> removed_in;         // the change record that removed it
  std::optional<std::string> current_clause_id;  // the clause that holds it now; absent when removed
  std::vector<ProvisionVersion> versions;        // oldest first
};

}  // namespace clause::search
