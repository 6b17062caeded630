#include "search/search_service.h"

#include "schema/clause_typing.h"

#include "similar/engine.h"
#include "similar/snapshot_cache.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "schema/index_terms.h"
#include "schema/schema_version.h"
#include "schema/versioned_fields.h"
#include "search/catalog.h"
#include "search/change_facets.h"
#include "search/change_count_cache.h"
#include "search/change_counts.h"
#include "search/collapse.h"
#include "search/db_pool.h"
#include "search/facet_columns.h"
#include "search/facet_counters.h"
#include "search/hits.h"
#include "search/index_type_models.h"
#include "search/provision_history.h"
#include "search/phrase_pairs.h"
#include "search/query_text.h"
#include "search/record_cache.h"
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

// What searches share across requests (see run_search).
struct SearchState {
  std::atomic<bool> remote{false};
  FacetColumnCache columns{facet_slots()};
};

namespace {

using layout::Facet;

// A filter value the index has never seen is a 400 naming the parameter (the
// facet's name): a typo must not look like "no results". Severities are
// checked at parsing.
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

// A query without hits whose spelling correction has some is answered with
// the correction's hits, total and facets (as Typesense and Meilisearch do),
// unless the request said autocorrect=false; `corrected_query` stays either
// way. A correction without hits leaves the answer as it was.
void run_correction(const Xapian::Database& db, const SearchRequest& req, SearchState& state,
                    SearchResult& result) {
  if (!req.autocorrect || result.total > 0 || !result.corrected_query) return;
  std::optional<std::string> unused;
  auto corrected = parse_text(db, *result.corrected_query, req.lang, unused, req.include_removed);
  if (!corrected) return;
  SearchResult instead = result;
  run_match(db, req, *corrected, state, instead);
  if (instead.total == 0) return;
  instead.showing_results_for = result.corrected_query;
  instead.original_query = req.q;
  result = std::move(instead);
}

Result<SearchResult> run_search(const Xapian::Database& db, const SearchRequest& req,
                                SearchState& state) {
  if (auto err = check_filters(db, req.filters, req.include_removed)) return *err;
  SearchResult result;
  result.offset = req.page.offset;
  result.limit = req.page.limit;
  // A match-all of this request's own, never a copy of Xapian::Query::MatchAll:
  // that is one object shared by every thread, whose reference count is not
  // atomic, so 64 readers copying it at once freed it under each other (a
  // crash in Query::get_length, found by bench/run_write_reliability.sh).
  Xapian::Query query{std::string()};
  if (!req.q.empty()) {
    auto parsed = parse_text(db, req.q, req.lang, result.corrected_query, req.include_removed);
    if (!parsed) return parsed.error();
    query = std::move(*parsed);
  }
  // Change records (issue 18) share the database but are not clauses; the
  // kept clauses of removed provisions are, when the request asks for them.
  std::vector<Xapian::Query> not_clauses;
  for (const std::string_view kind : {layout::kChangeKindTerm, layout::kRemovedKindTerm}) {
    if (kind == layout::kRemovedKindTerm && req.include_removed) continue;
    if (db.term_exists(std::string(kind))) not_clauses.emplace_back(std::string(kind));
  }
  if (!not_clauses.empty()) {
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                          Xapian::Query(Xapian::Query::OP_OR, not_clauses.begin(), not_clauses.end()));
  }
  run_match(db, req, query, state, result);
  run_correction(db, req, state, result);
  return result;
}

}  // namespace

SearchService::SearchService(std::unique_ptr<DbPool> pool, const SimilarityOptions& similarity)
    : pool_(std::move(pool)),
      similarity_(similarity),
      idf_cache_(std::make_unique<similar::IdfCache>()),
      snapshots_(std::make_unique<similar::SnapshotCache>(pool_->path(), similarity.snapshot_max_clauses,
                                                          similar::bm25_params(similarity),
                                                          similarity.snapshot_threads)),
      records_(std::make_unique<RecordCache>()),
      change_counts_(std::make_unique<ChangeCountCache>()),
      state_(std::make_unique<SearchState>()),
      catalog_(std::make_unique<Catalog>(*pool_)),
      change_columns_(std::make_unique<ChangeColumnCache>()),
      change_records_(std::make_unique<RecordCache>()) {
  // Unreadable built-in models cannot happen in a build that passed its
  // tests; free text then simply has no predicted type.
  auto models = default_type_models();
  type_models_ = std::make_unique<IndexTypeModels>(models ? std::move(*models) : std::vector<TypeModel>{});
}
SearchService::~SearchService() = default;

Result<std::unique_ptr<SearchService>> SearchService::open(const std::string& path,
                                                           const SimilarityOptions& similarity) {
  try {
    auto pool = std::make_unique<DbPool>(path);
    auto checked = pool->run([](Xapian::Database& db) { return layout::check_schema_version(db); });
    if (!checked) return checked.error();
    std::unique_ptr<SearchService> service(new SearchService(std::move(pool), similarity));
    service->snapshots_->warm();
    service->snapshots_->watch(1.0);
    return service;
  } catch (const Xapian::Error& e) {
    return Error::unavailable("cannot open the index at '" + path + "': " + e.get_description());
  } catch (const std::exception& e) {
    return Error::unavailable("cannot open the index at '" + path + "': " + e.what());
  }
}

namespace {

// The stored record GET /v1/clauses/{id} answers: a live clause with the
// fields kept per document (last_seen), or a removed provision's last
// clause, which carries its removal (removed_at, removed_in) and its own
// last_seen; both with the content_sha256 of their text
// (schema/versioned_fields.h).
Result<std::string> stored_clause(const Xapian::Database& db, const std::string& id) {
  if (const auto doc = layout::clause_docid(db, id)) {
    return layout::with_document_fields(db, db.get_document(*doc).get_data());
  }
  if (const auto removed = removed_clause_docid(db, id)) {
    return layout::with_document_fields(db, db.get_document(*removed).get_data());
  }
  return Error::not_found("no clause with id '" + id + "'");
}

}  // namespace

Result<SearchResult> SearchService::search(const SearchRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  auto result = pool_->run([&](Xapian::Database& db) { return run_search(db, request, *state_); });
  if (result) {
    result->took_ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start).count();
  }
  return result;
}

Result<nlohmann::json> SearchService::clause(const std::string& id) const {
  auto text = clause_text(id);
  if (!text) return text.error();
  return nlohmann::json::parse(*text);
}

Result<std::string> SearchService::clause_text(const std::string& id) const {
  return pool_->run([&](Xapian::Database& db) -> Result<std::string> {
    const std::string revision = layout::revision_key(db);
    if (!revision.empty()) {
      if (auto cached = records_->get(revision, id)) return std::move(*cached);
    }
    auto record = stored_clause(db, id);
    if (!record) return record.error();
    if (!revision.empty()) records_->put(revision, id, *record);
    return record;
  });
}

Result<ProvisionHistory> SearchService::history(const std::string& id) const {
  return pool_->run([&](Xapian::Database& db) { return provision_history(db, id); });
}

namespace {

// The counts of `request` at the database's revision, cached under `key`
// (ChangeCountCache::key of the request, or a clause's key).
ChangeCounts cached_counts(const Xapian::Database& db, ChangeCountCache& cache, const std::string& revision,
                           const ChangeCountRequest& request) {
  const std::string key = ChangeCountCache::key(request);
  if (!revision.empty()) {
    if (auto cached = cache.get(revision, key)) return std::move(*cached);
  }
  ChangeCounts counts = count_changes(db, request);
  if (!revision.empty()) cache.put(revision, key, counts);
  return counts;
}

}  // namespace

Result<ChangeCounts> SearchService::changes(const ChangeCountRequest& request) const {
  return pool_->run([&](Xapian::Database& db) -> Result<ChangeCounts> {
    return cached_counts(db, *change_counts_, layout::revision_key(db), request);
  });
}

Result<SearchService::ClauseWithChanges> SearchService::clause_with_changes(const std::string& id,
                                                                            const std::string& as_of) const {
  return pool_->run([&](Xapian::Database& db) -> Result<ClauseWithChanges> {
    const std::string revision = layout::revision_key(db);
    std::optional<std::string> record = revision.empty() ? std::nullopt : records_->get(revision, id);
    if (!record) {
      auto stored = stored_clause(db, id);
      if (!stored) return stored.error();
      record = std::move(*stored);
      if (!revision.empty()) records_->put(revision, id, *record);
    }
    // The clause's own key first: a hit needs no parse of the record.
    const std::string clause_key = ChangeCountCache::clause_key(id, as_of);
    if (!revision.empty()) {
      if (auto cached = change_counts_->get(revision, clause_key)) return ClauseWithChanges{std::move(*record), std::move(*cached)};
    }
    const auto parsed = nlohmann::json::parse(*record, nullptr, false);
    ChangeCountRequest request{parsed.is_object() ? parsed.value("platform", "") : "",
                               parsed.is_object() ? parsed.value("document", "") : "", as_of};
    ChangeCounts counts = cached_counts(db, *change_counts_, revision, request);
    if (!revision.empty()) change_counts_->put(revision, clause_key, counts);
    return ClauseWithChanges{std::move(*record), std::move(counts)};
  });
}

Result<std::vector<NamedCount>> SearchService::categories() const { return catalog_->categories(); }
Result<ClausePage> SearchService::category(const CategoryRequest& request) const {
  return catalog_->category(request);
}
Result<std::vector<NamedCount>> SearchService::platforms() const { return catalog_->platforms(); }
Result<PlatformSummary> SearchService::platform(const PlatformRequest& request) const {
  return catalog_->platform(request);
}
Result<CompareResult> SearchService::compare(const CompareRequest& request) const {
  return catalog_->compare(request);
}

Result<std::vector<TypeCount>> SearchService::types(const TypesRequest& request) const {
  return catalog_->types(request);
}
Result<TypePage> SearchService::type(const TypeRequest& request) const { return catalog_->type(request); }

Result<SimilarResult> SearchService::similar(const SimilarRequest& request) const {
  return pool_->run([&](Xapian::Database& db) {
    const auto snapshot = snapshots_->get(db);
    return SimilarityEngine(db, similarity_, idf_cache_.get(), snapshot.get(), type_models_->for_index(db))
        .similar_to_id(request.id, request.limit, request.same_category, request.offset);
  });
}

Result<SimilarResult> SearchService::similar_text(const SimilarTextRequest& request) const {
  return pool_->run([&](Xapian::Database& db) {
    const auto snapshot = snapshots_->get(db);
    return SimilarityEngine(db, similarity_, idf_cache_.get(), snapshot.get(), type_models_->for_index(db))
        .similar_to_text(request.text, request.limit, request.platform, request.offset);
  });
}

bool SearchService::wait_for_similar_snapshot(double seconds) const {
  // A request's get() starts the build of the revision it reads.
  (void)pool_->run([&](Xapian::Database& db) -> Result<bool> { return snapshots_->get(db) != nullptr; });
  return snapshots_->wait_idle(seconds);
}


Result<IndexInfo> SearchService::info() const {
  return pool_->run([&](Xapian::Database& db) -> Result<IndexInfo> {
    IndexInfo info;
    info.path = pool_->path();
    info.clauses = layout::clause_count(db);
    info.platforms = layout::count_terms(db, layout::kPlatformPrefix);
    info.categories = layout::count_terms(db, layout::kCategoryPrefix);
    info.schema_version = db.get_metadata(std::string(layout::kSchemaVersionKey));
    info.type_models = read_type_models(db);
    try {
      info.revision = db.get_revision();
    } catch (const Xapian::InvalidOperationError&) {
      // A stub of several shards has no single revision.
    }
    const auto st = snapshots_->status();
    info.similar_snapshot = {st.state, st.reason, st.clauses, st.bytes};
    const auto cached = catalog_->cache_stats();
    info.catalog_cache = {cached.answers, cached.bytes, cached.hits, cached.misses, cached.waits, cached.evictions};
    return info;
  });
}

}  // namespace clause::search
