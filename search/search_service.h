// SearchService: the search layer's face to the HTTP layer, which knows no
// Xapian. It answers typed requests (search/requests.h) with plain result
// structs (search/results.h): keyword search here, the catalog views through
// search/catalog.h, similar clauses through the similarity engine (similar/).
//
// Thread safety: every method is const and may be called from many threads
// at once; each call leases a database of its own from a pool and reopens it
// first, so a commit by the indexer is seen by the next request.
//
// Errors (Result): invalid_argument for the caller's mistakes (a malformed
// query, a filter value the index does not know; Error::field names the
// parameter), not_found for an unknown id or slug, unavailable when the index
// cannot be opened. An unexpected Xapian failure throws std::runtime_error.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "schema/result.h"
#include "schema/type_model.h"
#include "search/change_requests.h"
#include "search/history_results.h"
#include "search/results.h"
#include "search/requests.h"
#include "similar/types.h"

namespace clause::similar {
class SnapshotCache;
class IdfCache;
}  // namespace clause::similar

namespace clause::search {

class Catalog;
class ChangeColumnCache;
class ChangeCountCache;
class DbPool;
class RecordCache;
class IndexTypeModels;
struct SearchState;

class SearchService {
 public:
  // Opens any path Xapian::Database accepts (a directory, a stub file
  // listing shards) and checks its schema version.
  // `similarity` holds the similarity engine's settings (the bar, ...).
  static Result<std::unique_ptr<SearchService>> open(const std::string& path,
                                                     const SimilarityOptions& similarity = {});
  ~SearchService();
  SearchService(const SearchService&) = delete;
  SearchService& operator=(const SearchService&) = delete;

  // Full-text search (or browse when q is empty) with filters, exact facet
  // counts and exact totals. Each facet is counted with the query and every
  // filter except its own, so a user sees the alternatives to a choice.
  Result<SearchResult> search(const SearchRequest& request) const;

  // The stored record of a clause.
  Result<nlohmann::json> clause(const std::string& id) const;
  // The same record as the JSON text the index stores (what GET
  // /v1/clauses/{id} answers, byte for byte: no parse and dump). Records are
  // cached per index revision (search/record_cache.h).
  Result<std::string> clause_text(const std::string& id) const;

  // The history of a clause or provision (search/provision_history.h says
  // which ids are found); not_found for an unknown id.
  Result<ProvisionHistory> history(const std::string& id) const;
  // clause_text(id) and the change counts of the clause's document up to
  // as_of, read at one revision (one database lease for the hot route; the
  // counts are cached per revision and clause).
  struct ClauseWithChanges {
    std::string record;
    ChangeCounts changes;
    // The index revision the record was read at (layout::revision_key;
    // empty when the database has none): for caches of what is made of it.
    std::string revision;
  };
  Result<ClauseWithChanges> clause_with_changes(const std::string& id, const std::string& as_of) const;
  // How often a platform, or one of its documents, changed up to as_of
  // (search/change_counts.h); zeros on an index without change records.
  Result<ChangeCounts> changes(const ChangeCountRequest& request) const;

  // Every category with its clause and platform counts, by name.
  Result<std::vector<NamedCount>> categories() const;
  // One category's clauses across platforms, worst severity first.
  Result<ClausePage> category(const CategoryRequest& request) const;
  // Every platform with its clause count, by name.
  Result<std::vector<NamedCount>> platforms() const;
  // One platform's clauses summarised by category, severity and document.
  Result<PlatformSummary> platform(const PlatformRequest& request) const;
  // Rows per platform for one category. An unknown category or platform is
  // not_found; a known platform without clauses in the category gets a row
  // with 0 clauses.
  Result<CompareResult> compare(const CompareRequest& request) const;

  // Every clause type with its counts; one type's platforms with the best
  // clause of each (search/type_catalog.h). An unknown type is not_found.
  Result<std::vector<TypeCount>> types(const TypesRequest& request) const;
  Result<TypePage> type(const TypeRequest& request) const;

  // Change records (issue 18; search/changes.cpp): a page of them, newest
  // first, with the exact total and facets; and one record as the JSON text
  // the index stores (not_found for an unknown id).
  Result<ChangePage> changes(const ChangesRequest& request) const;
  Result<std::string> change_text(const std::string& id) const;

  // The best clause of each other platform for an indexed clause, and for
  // free text (similar/engine.h has the contract).
  Result<SimilarResult> similar(const SimilarRequest& request) const;
  Result<SimilarResult> similar_text(const SimilarTextRequest& request) const;

  // Index statistics for the health check.
  Result<IndexInfo> info() const;

  // Waits until the similarity snapshot of the index's current revision is
  // built (or refused); false on timeout. For tests and benchmarks: the
  // server answers meanwhile, from the index.
  bool wait_for_similar_snapshot(double seconds) const;

 private:
  SearchService(std::unique_ptr<DbPool> pool, const SimilarityOptions& similarity);
  std::unique_ptr<DbPool> pool_;
  SimilarityOptions similarity_;
  // Term statistics shared by the similarity requests (thread-safe).
  std::unique_ptr<similar::IdfCache> idf_cache_;
  // The similarity snapshot of the current revision, built in the background.
  std::unique_ptr<similar::SnapshotCache> snapshots_;
  std::unique_ptr<RecordCache> records_;
  // The change counts of the current revision (search/change_count_cache.h).
  std::unique_ptr<ChangeCountCache> change_counts_;
  // Shared by searches: whether the index has a remote shard, the facet
  // columns of the current revision (search/search_match.h).
  std::unique_ptr<SearchState> state_;
  // The browsing views (categories, platforms, compare) on the same pool.
  std::unique_ptr<Catalog> catalog_;
  // The change facet values of the current revision (search/change_facets.h).
  std::unique_ptr<ChangeColumnCache> change_columns_;
  // Change records with their diffs rebuilt (search/changes.cpp), per revision.
  std::unique_ptr<RecordCache> change_records_;
  // The shipped clause-type models: they type free text for /similar when
  // the index was typed with them (search/index_type_models.h).
  std::unique_ptr<IndexTypeModels> type_models_;
};

}  // namespace clause::search
