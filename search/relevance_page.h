// The page of a search sorted by relevance, without a value per match.
//
// Equal scores go by platform, then by docid (apply_sort in
// search_match.cpp): Xapian's relevance-then-value sort reads the platform
// value of every matching document, and with the exact total (check_at_least
// = every document) that is every match of the query: a sixth of a search's
// time when only the total and the page are asked (facets=false; perf on
// search_bench, issue 21). A match sorted by relevance alone (weight, then
// docid) gives the same page when it holds every item that weighs as much
// as the page's last one: those and the ones above them are then exactly the
// first items of the relevance-then-platform order, and only items of equal
// weight need their platforms.
#pragma once

#include <xapian.h>

#include <optional>
#include <vector>

namespace clause::search {

// How many items the match by weight fetches for a page ending at `end`:
// past it, the ones that may weigh as much as its last item. Clauses copied
// word for word across platforms have equal weights: with one item more, a
// fifth of the benchmark's queries still needed the value sort, with 10 one
// in fifty, with 20 none; each item more costs every match a little (its
// heap; 100 gave back half the gain).
constexpr Xapian::doccount kTieLookahead = 20;
inline Xapian::doccount relevance_fetch(Xapian::doccount offset, Xapian::doccount limit) {
  return offset + limit + kTieLookahead;
}

// From `mset`, a match sorted by relevance alone and fetched from 0 with
// relevance_fetch(offset, limit) items: the items of [offset, offset + limit)
// in the order of weight, then the value in `slot` (ascending), then docid;
// nullopt when all the items after the page's end weigh as much as its last
// one and more may follow (then only a match sorted by relevance then value
// knows which of the equal ones come first).
std::optional<std::vector<Xapian::MSetIterator>> relevance_then_value_page(const Xapian::MSet& mset,
                                                                            Xapian::doccount offset,
                                                                            Xapian::doccount limit,
                                                                            Xapian::valueno slot);

// The page of a search sorted by a value, then relevance (sort=severity,
// updated), from `mset`: such a match fetched from 0 with `fetched` items.
// Xapian puts items of equal value and equal weight in docid order, and
// docids interleave differently in one database, in platform-routed shards
// and in an index built on several threads: those go by platform, then by
// docid, here (as relevance_then_value_page does for equal weights), so the
// page is the same on every layout. nullopt when the mset is full and its
// last item ties with the page's last one (more of them may follow: fetch
// more).
std::optional<std::vector<Xapian::MSetIterator>> value_then_relevance_page(const Xapian::MSet& mset,
                                                                            Xapian::doccount offset,
                                                                            Xapian::doccount limit,
                                                                            Xapian::doccount fetched,
                                                                            Xapian::valueno platform_slot);

}  // namespace clause::search
