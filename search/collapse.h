// collapse=platform, "one result per platform": the page's match keeps the
// best clause of each platform (Xapian's collapse on the platform slot), and
// the counts come from a platform spy over every matching clause, since
// Xapian's own collapse counts are lower bounds (pruned documents are not
// counted) and are lost on a remote shard.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <map>
#include <string>

#include "search/results.h"

namespace clause::search {

// Sets the collapse key of the page's match.
void collapse_by_platform(Xapian::Enquire& enquire);

// Fills the totals of a collapsed search and each hit's more_from_platform
// from the matching clauses per platform slug (every filter applied).
// `mset` is the page the hits were made from, in the same order.
void count_collapsed(const Xapian::MSet& mset, const std::map<std::string, std::size_t>& clauses_per_platform,
                     SearchResult& result);

}  // namespace clause::search
