// The browsing side of the search layer: categories, platforms and the
// comparison rows of one category across platforms. SearchService answers
// these through a Catalog on its database pool; the contract of each answer
// is in search/search_service.h.
#pragma once

#include <vector>

#include "schema/result.h"
#include "search/requests.h"
#include "search/results.h"

namespace clause::search {

class DbPool;

class Catalog {
 public:
  // `pool` outlives the catalog.
  explicit Catalog(const DbPool& pool) : pool_(pool) {}

  Result<std::vector<NamedCount>> categories() const;
  Result<ClausePage> category(const CategoryRequest& request) const;
  Result<std::vector<NamedCount>> platforms() const;
  Result<PlatformSummary> platform(const PlatformRequest& request) const;
  Result<CompareResult> compare(const CompareRequest& request) const;

 private:
  const DbPool& pool_;
};

}  // namespace clause::search
