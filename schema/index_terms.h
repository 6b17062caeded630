// Reading the layout's terms back: the lookups that the indexer, the search
// layer and the similarity engine all make, written once.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace clause::layout {

// How many distinct terms start with `prefix` (exact: one walk of the term
// list), e.g. the platforms of an index with kPlatformPrefix.
std::size_t count_terms(const Xapian::Database& db, std::string_view prefix);

// How many clauses the index holds: its documents but the change records and
// the removed provisions' documents (their kind terms), which share the
// database and are no clauses (exact).
Xapian::doccount clause_count(const Xapian::Database& db);

// The value of kTypeConfidenceSlot for a confidence in 0..1 (sortable, so a
// minimum confidence is an OP_VALUE_GE on it).
std::string type_confidence_value(double confidence);
// The confidence a kTypeConfidenceSlot value holds; 0 for no value (no type).
double type_confidence_of_value(const std::string& value);

// The document of the clause with this id (its unique id term), if any.
std::optional<Xapian::docid> clause_docid(const Xapian::Database& db, std::string_view id);
// The document that keeps a removed provision's last clause, by the
// provision's id or its last clause's id (both carried in the removed form
// of the id term, index_layout.h kRemovedKindTerm), if any: the first when
// two removed provisions last had the same wording.
std::optional<Xapian::docid> removed_docid(const Xapian::Database& db, std::string_view id);

}  // namespace clause::layout
