// The clause types of an index (GET /v1/types, /v1/types/{slug}): each type
// with its exact counts, and one type's platforms with the best clause of
// each ("see all platforms with this clause type"). Catalog caches the
// answers per index revision (search/catalog.h).
//
// Confidence: a predicted type's calibrated confidence, 1 for a given one
// (schema/index_layout.h, kTypeConfidenceSlot). A minimum confidence keeps
// only the typed clauses at or above it, in every count and every page.
#pragma once

#include <xapian.h>

#include <vector>

#include "schema/result.h"
#include "search/requests.h"
#include "search/results.h"

namespace clause::search {

// Clauses whose type confidence is at least `min` (typed clauses only).
Xapian::Query min_type_confidence_query(double min);

// Every type with at least one clause (under the minimum confidence), most
// platforms first, then most clauses, then by slug.
std::vector<TypeCount> list_types(const Xapian::Database& db, const TypesRequest& request);

// One type's platforms; not_found for a type the index does not hold.
Result<TypePage> type_page(const Xapian::Database& db, const TypeRequest& request);

}  // namespace clause::search
