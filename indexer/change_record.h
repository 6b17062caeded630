// A change record: one per document version that added, removed or modified
// at least one clause (formatting-only edits are not changes). Stored as its
// own kind of document in the clause index (schema/index_layout.h, "change
// records"); its data is the JSON below, returned by the API as is:
//   {"id", "platform", "document", "date", "source",
//    "counts": {"added", "removed", "modified", "formatting"},
//    "clauses": [{"change": "added|removed|modified", "provision_id",
//                 "clause_id", "title", "diff", "categories", "clause_types",
//                 "severity"}],
//    "categories", "clause_types", "severity" (the highest), "summary"}
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "schema/clause_record.h"

namespace clause {

struct ChangedClause {
  std::string change;  // added, removed, modified
  std::string provision_id;
  const ClauseRecord* record = nullptr;  // the new clause (the old one when removed)
  std::string diff;                      // word diff, HTML with <del>/<ins>
};

struct ChangeInput {
  std::string platform, document, date, source, language;
  std::size_t formatting = 0;  // clauses whose edit was formatting only
  std::vector<ChangedClause> clauses;
};

// The record's id: "chg-" and 16 hex digits of the SHA-256 of platform,
// document, date and source, so that a replay gives the same ids each time.
std::string change_id(const ChangeInput& input);

nlohmann::json change_record_json(const ChangeInput& input);

// "1 clause modified (Dispute resolution); 2 added (Data sharing); 1 removed",
// then the opening of the most severe changed clause.
std::string change_summary(const ChangeInput& input);

// The Xapian document of a change record (its JSON as data).
Xapian::Document change_document(const nlohmann::json& record, const std::string& language);

}  // namespace clause
