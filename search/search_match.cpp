#include "search/search_match.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "schema/index_terms.h"
#include "search/collapse.h"
#include "search/facet_counters.h"
#include "search/hits.h"
#include "search/phrase_pairs.h"
#include "search/query_text.h"
#include "search/relevance_page.h"
#include "search/type_catalog.h"

namespace clause::search {

namespace {

// Every facet of the layout can be counted (the request names which): the
// columns hold one per facet, in the layout's order.
std::vector<Xapian::valueno> facet_slots() {
  std::vector<Xapian::valueno> slots;
  for (const auto& f : layout::kFacets) slots.push_back(f.slot);
  return slots;
}

}  // namespace

SearchState::SearchState() : columns(facet_slots()) {}

namespace {

using layout::Facet;

// Clauses whose `updated` lies in the range, both ends included. Stored
// dates may carry a time ("2025-03-01T12:00"), which sorts after the day
// alone: the upper bound is the day followed by the highest byte, so every
// time of that day is in.
Xapian::Query updated_range(const DateRange& range) {
  if (range.before.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, layout::kUpdatedSlot, range.after);
  const std::string through = range.before + '\xff';
  if (range.after.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, layout::kUpdatedSlot, through);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, layout::kUpdatedSlot, range.after, through);
}

// The query restricted by the filters, the date range and the minimum type
// confidence: OR within a
// field, AND across fields. `skip` leaves one field's filter out (for that
// facet's own counts); the date range and the minimum confidence always
// apply, so the counts describe the results.
Xapian::Query filtered(const Xapian::Query& query, const SearchRequest& req,
                       std::optional<Facet> skip = std::nullopt) {
  Xapian::Query result = query;
  for (const auto& f : layout::kFacets) {
    const auto& slugs = req.filters[f.facet];
    if (slugs.empty() || (skip && *skip == f.facet)) continue;
    std::vector<Xapian::Query> terms;
    for (const auto& slug : slugs) terms.push_back(facet_value_query(f.facet, slug, req.include_removed));
    result = Xapian::Query(Xapian::Query::OP_FILTER, result,
                           Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  }
  if (!req.updated.empty()) {
    result = Xapian::Query(Xapian::Query::OP_FILTER, result, updated_range(req.updated));
  }
  if (req.min_type_confidence) {
    result = Xapian::Query(Xapian::Query::OP_FILTER, result, min_type_confidence_query(*req.min_type_confidence));
  }
  return result;
}

void apply_sort(Xapian::Enquire& enquire, SortOrder sort) {
  switch (sort) {
    // Equal scores go by platform, then by docid within the platform: the
    // same order whether the index is one database or platform-routed
    // shards (docids interleave across shards, but not within a platform).
    case SortOrder::relevance: enquire.set_sort_by_relevance_then_value(layout::kPlatformSlot, false); break;
    case SortOrder::severity: enquire.set_sort_by_value_then_relevance(layout::kSeverityRankSlot, true); break;
    case SortOrder::platform: enquire.set_sort_by_value_then_relevance(layout::kPlatformSlot, false); break;
    case SortOrder::updated: enquire.set_sort_by_value_then_relevance(layout::kUpdatedSlot, true); break;
  }
}

// The hits of the page of `req`, sorted by relevance then platform, from
// `by_weight`: the match of `query` sorted by relevance alone, fetched as
// relevance_fetch says. When more items may weigh as much as the page's last
// one than it holds, a match sorted as apply_sort asks decides (without the
// exact total: that is known). Snippets mark what `shown` asks for.
std::vector<Hit> relevance_hits(const Xapian::Database& db, const SearchRequest& req, const Xapian::Query& query,
                                const Xapian::Query& shown, const Xapian::MSet& by_weight) {
  if (auto page = relevance_then_value_page(by_weight, req.page.offset, req.page.limit, layout::kPlatformSlot)) {
    return to_hits(db, by_weight, *page, &shown);
  }
  Xapian::Enquire ordered(db);
  ordered.set_query(filtered(query, req));
  apply_sort(ordered, req.sort);
  return to_hits(db, ordered.get_mset(req.page.offset, req.page.limit), &shown);
}

// sort=severity or updated, not collapsed: true for the value sorts whose
// equal items (same value, same weight) value_then_relevance_page orders.
bool value_sorted(const SearchRequest& req) {
  return (req.sort == SortOrder::severity || req.sort == SortOrder::updated) && req.collapse != Collapse::platform;
}

// The hits of a value-sorted page (value_sorted) from `first`, the match
// fetched from 0 with relevance_fetch items; when its end is a run of equal
// items, a match of its own (no spies) fetches four times as many, again
// until the run ends or the matches do.
std::vector<Hit> value_sorted_hits(const Xapian::Database& db, const SearchRequest& req, const Xapian::Query& query,
                                   const Xapian::Query* shown, const Xapian::MSet& first) {
  const auto [offset, limit] = std::pair{req.page.offset, req.page.limit};
  Xapian::doccount fetched = relevance_fetch(offset, limit);
  if (auto page = value_then_relevance_page(first, offset, limit, fetched, layout::kPlatformSlot)) {
    return to_hits(db, first, *page, shown);
  }
  Xapian::Enquire ordered(db);
  ordered.set_query(filtered(query, req));
  apply_sort(ordered, req.sort);
  for (;;) {
    fetched *= 4;
    const Xapian::MSet mset = ordered.get_mset(0, fetched);
    if (auto page = value_then_relevance_page(mset, offset, limit, fetched, layout::kPlatformSlot)) {
      return to_hits(db, mset, *page, shown);
    }
  }
}

// The term whose documents are exactly the matches of `matched`, when there
// is one: the query's own single term, or the pair term of a lone two-word
// phrase (search/phrase_pairs.h). Its frequency is then the exact total,
// from the index's statistics (also on shards).
std::optional<std::string> term_of_every_match(const Xapian::Query& matched) {
  if (matched.get_type() == Xapian::Query::LEAF_TERM) return *matched.get_terms_begin();
  return lone_pair_term(matched);
}

// enquire's match of items [first, first + count) and its exact total. The
// total needs every match weighed, unless one term's documents are the
// matches (term_of_every_match): then the page alone is matched (in the
// plain Xapian loop a single-word query took 0.31 ms so, 0.40 ms with the
// exact check). A match with spies (`spied`) must see every document.
struct PageAndTotal {
  Xapian::MSet mset;
  Xapian::doccount total = 0;
};

PageAndTotal page_with_exact_total(Xapian::Enquire& enquire, const Xapian::Query& matched, Xapian::doccount first,
                                   Xapian::doccount count, bool spied, const Xapian::Database& db) {
  if (!spied) {
    if (const auto term = term_of_every_match(matched)) return {enquire.get_mset(first, count), db.get_termfreq(*term)};
  }
  Xapian::MSet mset = enquire.get_mset(first, count, exact(db));
  const Xapian::doccount total = mset.get_matches_estimated();
  return {std::move(mset), total};
}

// The page, the exact total and the facets the request names, counted by
// the spies make(facet) returns (a ColumnCounter, FacetCounter or
// SlotCounter). Facets without a filter of their own are counted in the
// page's own match when `in_page`, else together in a second match that
// returns no hits and has no sort (with a value sort and a page of hits,
// Xapian 1.4's remote backend can count some documents twice). A facet with
// a filter of its own is counted with the query and every other filter, in a
// match of its own without weights. Spies see every match, collapsed or not,
// so the facets of a collapsed search count clauses too. `query` is matched
// (with_pair_terms of `shown`), `shown` is what snippets mark.
template <class Make>
void page_and_facets(const Xapian::Database& db, const SearchRequest& req, const Xapian::Query& query,
                     const Xapian::Query& shown, bool in_page, Make make, SearchResult& result) {
  const auto& facets = req.facets;
  std::vector<decltype(make(Facet::category))> spies(facets.size());
  // collapse=platform needs the clauses per platform under every filter:
  // the platform facet's spy when it is one of the shared ones, else a
  // spy of its own beside them.
  const bool collapse = req.collapse == Collapse::platform;
  const auto platform_at = std::find(facets.begin(), facets.end(), Facet::platform);
  const std::size_t platform_i = static_cast<std::size_t>(platform_at - facets.begin());
  const bool platform_shared = platform_at != facets.end() && req.filters[Facet::platform].empty();
  decltype(make(Facet::category)) per_platform;
  // True when it added a spy to `enquire` (which must then see every match).
  const auto shared_spies = [&](Xapian::Enquire& enquire) {
    bool added = false;
    for (std::size_t i = 0; i < facets.size(); ++i) {
      if (!req.filters[facets[i]].empty()) continue;
      spies[i] = make(facets[i]);
      enquire.add_matchspy(spies[i].get());
      added = true;
    }
    if (collapse && !platform_shared) {
      per_platform = make(Facet::platform);
      enquire.add_matchspy(per_platform.get());
      added = true;
    }
    return added;
  };

  Xapian::Enquire enquire(db);
  const Xapian::Query matched = filtered(query, req);
  enquire.set_query(matched);
  // A text query sorted by relevance is matched by weight alone and its
  // page put in order afterwards (search/relevance_page.h). Not without
  // text: every weight is 0 there, so every page would need the value sort.
  const bool relevance_first = req.sort == SortOrder::relevance && !collapse && !req.q.empty();
  if (!relevance_first) apply_sort(enquire, req.sort);
  if (collapse) collapse_by_platform(enquire);
  const bool spied = in_page && shared_spies(enquire);
  const bool from_first = relevance_first || value_sorted(req);
  const Xapian::doccount first = from_first ? 0 : req.page.offset;
  const Xapian::doccount count = from_first ? relevance_fetch(req.page.offset, req.page.limit) : req.page.limit;
  const auto [mset, total] = page_with_exact_total(enquire, matched, first, count, spied, db);
  result.total = total;
  const Xapian::Query* marked = req.q.empty() ? nullptr : &shown;
  result.hits = relevance_first ? relevance_hits(db, req, query, shown, mset)
                : value_sorted(req) ? value_sorted_hits(db, req, query, marked, mset)
                                    : to_hits(db, mset, marked);
  // Every hit of a search with removed clauses says whether it was removed.
  if (req.include_removed) {
    for (auto& hit : result.hits) hit.record.emplace("removed_at", nullptr);
  }
  if (facets.empty() && !collapse) return;

  if (!in_page) {
    Xapian::Enquire shared_counts(db);
    shared_counts.set_query(matched);
    shared_counts.set_weighting_scheme(Xapian::BoolWeight());
    shared_spies(shared_counts);
    shared_counts.get_mset(0, 0, exact(db));
  }
  if (collapse) count_collapsed(mset, (platform_shared ? spies[platform_i] : per_platform)->counts(), result);
  result.counted = facets;
  for (std::size_t i = 0; i < facets.size(); ++i) {
    if (!spies[i]) {
      spies[i] = make(facets[i]);
      Xapian::Enquire own(db);
      own.set_query(filtered(query, req, facets[i]));
      own.set_weighting_scheme(Xapian::BoolWeight());
      own.add_matchspy(spies[i].get());
      own.get_mset(0, 0, exact(db));
    }
    result.facet(facets[i]) = to_facet(db, facets[i], spies[i]->counts(), req.facet_limit);
  }
}

}  // namespace

std::optional<Error> check_filters(const Xapian::Database& db, const Filters& filters, bool include_removed) {
  for (const auto& f : layout::kFacets) {
    // Type sources are checked at parsing: "predicted" on an index without
    // predictions is no results, not a mistake.
    if (f.facet == Facet::severity || f.facet == Facet::type_source) continue;
    for (const auto& slug : filters[f.facet]) {
      const std::string term = layout::facet_term(f.facet, slug);
      if (!db.term_exists(term) && !(include_removed && db.term_exists(layout::removed_term(term)))) {
        const std::string param(f.name);
        return Error::invalid(param, "parameter '" + param + "': no " + param + " '" + slug + "' in the index");
      }
    }
  }
  return std::nullopt;
}

// The page, total and facets of `query` into `result`. Local databases
// count in the page's match: from the facet columns of the database's
// revision when there are (a single database), else by values. `remote` is
// set once a match has shown that the index has a remote shard (neither
// local spy can be sent to one); from then on SlotCounter counts. Phrases
// are matched through pair terms when the index has them (search/phrase_pairs.h).
void run_match(const Xapian::Database& db, const SearchRequest& req, const Xapian::Query& shown,
               SearchState& state, SearchResult& result) {
  const Xapian::Query query = with_pair_terms(db, shown);
  if (!state.remote.load(std::memory_order_relaxed)) {
    try {
      if (auto columns = req.facets.empty() ? nullptr : state.columns.get(db)) {
        page_and_facets(db, req, query, shown, true, [&](Facet f) {
          return std::make_unique<ColumnCounter>(columns, static_cast<std::size_t>(f),
                                                 layout::facet_layout(f).multi_valued);
        }, result);
      } else {
        page_and_facets(db, req, query, shown, true, [&](Facet f) {
          return std::make_unique<FacetCounter>(layout::facet_layout(f).slot, layout::facet_layout(f).multi_valued);
        }, result);
      }
      return;
    } catch (const Xapian::UnimplementedError&) {
      state.remote.store(true, std::memory_order_relaxed);
    }
  }
  page_and_facets(db, req, query, shown, false, [&](Facet f) {
    return std::make_unique<SlotCounter>(layout::facet_layout(f).slot, layout::facet_layout(f).multi_valued);
  }, result);
}

}  // namespace clause::search
