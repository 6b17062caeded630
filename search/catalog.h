// The browsing side of the search layer: categories, platforms and the
// comparison rows of one category across platforms. SearchService answers
// these through a Catalog on its database pool; the contract of each answer
// is in search/search_service.h. Answers are cached per index revision
// (search/catalog_cache.h): the first request after a commit computes them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "schema/result.h"
#include "search/catalog_cache.h"
#include "search/requests.h"
#include "search/results.h"

namespace clause::search {

class DbPool;

class Catalog {
 public:
  // `pool` outlives the catalog.
  explicit Catalog(const DbPool& pool) : pool_(pool), cache_(std::make_unique<CatalogCache>()) {}

  Result<std::vector<NamedCount>> categories() const;
  Result<ClausePage> category(const CategoryRequest& request) const;
  Result<std::vector<NamedCount>> platforms() const;
  Result<PlatformSummary> platform(const PlatformRequest& request) const;
  Result<CompareResult> compare(const CompareRequest& request) const;
  Result<std::vector<TypeCount>> types(const TypesRequest& request) const;
  Result<TypePage> type(const TypeRequest& request) const;

  CatalogCache::Stats cache_stats() const { return cache_->stats(); }

 private:
  // compute(db) on a database of the pool, or its answer cached at the
  // database's revision under `key`.
  template <class T, class Compute>
  Result<T> cached(const std::string& key, Compute compute) const;

  const DbPool& pool_;
  std::unique_ptr<CatalogCache> cache_;
};

}  // namespace clause::search
