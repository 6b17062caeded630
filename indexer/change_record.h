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
// Stored, a clause whose diff its provision's version texts give back holds
// a reference ("version") instead of its "diff" (schema/change_diffs.h).
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/clause_record.h"

namespace clause {

struct ChangedClause {
  std::string change;  // added, removed, modified
  std::string provision_id;
  const ClauseRecord* record = nullptr;  // the new clause (the old one when removed)
  std::string_view old_text, new_text;   // what was diffed ("" for none); they outlive the record's writing
  std::string diff;                      // word diff, HTML with <del>/<ins>
  // The provision's version the diff is rebuilt from (schema/change_diffs.h),
  // when its texts are old_text and new_text; none: the diff is stored.
  std::optional<std::size_t> version;
};

// A changed clause, its diff computed from the two texts.
ChangedClause changed_clause(std::string change, std::string provision_id, const ClauseRecord& record,
                             std::string_view old_text, std::string_view new_text);

struct ChangeInput {
  std::string platform, document, date, source, language;
  std::size_t formatting = 0;  // clauses whose edit was formatting only
  std::vector<ChangedClause> clauses;
};

// The record's id: "chg-" and 16 hex digits of the SHA-256 of platform,
// document, date and source, so that a replay gives the same ids each time.
std::string change_id(const ChangeInput& input);

// The record as served, every clause with its diff.
nlohmann::json change_record_json(const ChangeInput& input);

// The record as stored: the diff of each clause that has a `version` gives
// way to that reference.
nlohmann::json stored_change_record(nlohmann::json record, const ChangeInput& input);

// "1 clause modified (Dispute resolution); 2 added (Data sharing); 1 removed",
// then the opening of the most severe changed clause.
std::string change_summary(const ChangeInput& input);

// The Xapian document of a change record: its words from `record` (as
// served, with the diffs), its data the JSON `stored`.
Xapian::Document change_document(const nlohmann::json& record, const nlohmann::json& stored,
                                 const std::string& language);

}  // namespace clause
