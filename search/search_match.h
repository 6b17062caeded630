// One keyword search's match: the page of hits, the exact total and the
// facets a SearchRequest asks for, from a parsed query (search_service.cpp
// parses it and answers corrections; this file matches). Split from
// search_service.cpp to keep each file readable at once.
#pragma once

#include <xapian.h>

#include <atomic>
#include <optional>

#include "schema/result.h"
#include "search/facet_columns.h"
#include "search/requests.h"
#include "search/results.h"

namespace clause::search {

// What searches share across requests: whether the index has shown a
// remote shard (local spies cannot be sent to one), and the facet columns
// of the current revision.
struct SearchState {
  SearchState();
  std::atomic<bool> remote{false};
  FacetColumnCache columns;
};

// A filter value the index has never seen is a 400 naming the parameter (the
// facet's name): a typo must not look like "no results". Severities are
// checked at parsing.
std::optional<Error> check_filters(const Xapian::Database& db, const Filters& filters, bool include_removed);

// The page, total and facets of `shown` (the parsed query, as snippets mark
// it) into `result`, under the request's filters, sort and collapse.
void run_match(const Xapian::Database& db, const SearchRequest& req, const Xapian::Query& shown,
               SearchState& state, SearchResult& result);

}  // namespace clause::search
