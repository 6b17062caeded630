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
#include "search/db_pool.h"
#include "search/index_type_models.h"
#include "search/provision_history.h"
#include "search/query_text.h"
#include "search/record_cache.h"
#include "search/search_match.h"
#include "search/type_catalog.h"

namespace clause::search {

namespace {

// `query` without the documents that are not clauses: change records
// (issue 18) share the database but are not clauses; the kept clauses of
// removed provisions are, when the request asks for them.
Xapian::Query clauses_only(const Xapian::Database& db, const SearchRequest& req, Xapian::Query query) {
  std::vector<Xapian::Query> not_clauses;
  for (const std::string_view kind : {layout::kChangeKindTerm, layout::kRemovedKindTerm}) {
    if (kind == layout::kRemovedKindTerm && req.include_removed) continue;
    if (db.term_exists(std::string(kind))) not_clauses.emplace_back(std::string(kind));
  }
  if (not_clauses.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                       Xapian::Query(Xapian::Query::OP_OR, not_clauses.begin(), not_clauses.end()));
}

// A query without hits whose spelling correction has some is answered with
// the correction's hits, total and facets (as Typesense and Meilisearch do),
// unless the request said autocorrect=false; `corrected_query` stays either
// way. A correction without hits leaves the answer as it was, and is not
// offered: "Did you mean X?" of an X that finds nothing only costs a click.
void run_correction(const Xapian::Database& db, const SearchRequest& req, SearchState& state,
                    SearchResult& result) {
  if (!req.autocorrect || result.total > 0 || !result.corrected_query) return;
  std::optional<std::string> unused;
  auto corrected = parse_text(db, *result.corrected_query, req.lang, unused, req.include_removed);
  if (!corrected) return;
  SearchResult instead = result;
  run_match(db, req, clauses_only(db, req, *corrected), state, instead);
  if (instead.total == 0) {
    result.corrected_query.reset();
    return;
  }
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
  run_match(db, req, clauses_only(db, req, std::move(query)), state, result);
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
  return Error::not_found("id", "no clause with id '" + id + "'");
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
      if (auto cached = change_counts_->get(revision, clause_key)) {
        return ClauseWithChanges{std::move(*record), std::move(*cached), revision};
      }
    }
    const auto parsed = nlohmann::json::parse(*record, nullptr, false);
    ChangeCountRequest request{parsed.is_object() ? parsed.value("platform", "") : "",
                               parsed.is_object() ? parsed.value("document", "") : "", as_of};
    ChangeCounts counts = cached_counts(db, *change_counts_, revision, request);
    if (!revision.empty()) change_counts_->put(revision, clause_key, counts);
    return ClauseWithChanges{std::move(*record), std::move(counts), revision};
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
