// A clause's history: every version of its provision, oldest first (GET
// /v1/clauses/{id}/history, issue 18). The versions are those the indexer
// keeps in the metadata `clause:provision:<provision id>` once a provision
// changed (indexer/version_recorder.h, docs/index-layout.md "Versions"); a
// clause that never changed is its own single version.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>

#include "schema/result.h"
#include "search/history_results.h"

namespace clause::search {

// The history of the clause or provision `id`, found as:
//   1. a clause of the index: its provision's history (its own data when the
//      provision never changed);
//   2. a provision id (the id of the clause that first held the provision),
//      also once the provision was removed;
//   3. the id any version of a provision had (a reworded or removed
//      clause's old id), looked for among the provisions of the document the
//      id names (segmenter ids start with "<platform>--<document>--").
// not_found otherwise. Reads metadata, which Xapian takes from the first
// database of a stub only (docs/scaling.md). Throws Xapian errors.
Result<ProvisionHistory> provision_history(const Xapian::Database& db, const std::string& id);

// The document that keeps a removed provision's last clause
// (schema/index_layout.h, kRemovedKindTerm), found by the provision's id or
// (its first version's clause id) or by its last version's clause id;
// nullopt for any other id (a live clause, a middle version's id, which only
// the history answers, an unknown id).
// Throws Xapian errors.
std::optional<Xapian::docid> removed_clause_docid(const Xapian::Database& db, const std::string& id);

}  // namespace clause::search
