// The typed requests of the search layer: what a search, a catalog view or a
// similar request asks, already validated, and the limits that bound them.
// Free of HTTP and of Xapian: server/search_params.h parses query strings and
// bodies into these, and search/search_service.h answers them.
//
// The field names in `param` are the API's parameter names; the search layer
// uses them too, to name the parameter an error is about (Error::field).
#pragma once

#include <array>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/index_layout.h"
#include "schema/language.h"

namespace clause::search {

namespace param {
inline constexpr std::string_view kQuery = "q";
inline constexpr std::string_view kCategory = "category";
inline constexpr std::string_view kSeverity = "severity";
inline constexpr std::string_view kPlatform = "platform";
inline constexpr std::string_view kDocument = "document";
inline constexpr std::string_view kClauseType = "clause_type";
inline constexpr std::string_view kTypeSource = "type_source";  // given|predicted (a facet)
inline constexpr std::string_view kMinTypeConfidence = "min_type_confidence";  // 0..1
inline constexpr std::string_view kLanguage = "language";  // filter: records in these languages
inline constexpr std::string_view kLang = "lang";          // the query's language (its stemmer)
inline constexpr std::string_view kSort = "sort";
inline constexpr std::string_view kLimit = "limit";
inline constexpr std::string_view kOffset = "offset";
inline constexpr std::string_view kFacetLimit = "facet_limit";
inline constexpr std::string_view kFacets = "facets";
inline constexpr std::string_view kUpdatedAfter = "updated_after";
inline constexpr std::string_view kUpdatedBefore = "updated_before";
inline constexpr std::string_view kAutocorrect = "autocorrect";
// GET /v1/search: also the clauses of removed provisions (issue 18).
inline constexpr std::string_view kIncludeRemoved = "include_removed";
inline constexpr std::string_view kPlatforms = "platforms";
inline constexpr std::string_view kPerPlatform = "per_platform";
inline constexpr std::string_view kSameCategory = "same_category";
inline constexpr std::string_view kText = "text";  // POST /v1/similar body field
inline constexpr std::string_view kCollapse = "collapse";
// The day change counts are relative to (GET /v1/clauses/{id}, /v1/platforms/{slug}).
inline constexpr std::string_view kAsOf = "as_of";
}  // namespace param

namespace limits {
inline constexpr std::size_t kDefaultLimit = 10;
inline constexpr std::size_t kMaxLimit = 100;
inline constexpr std::size_t kMaxOffset = 10000;
inline constexpr std::size_t kDefaultFacetLimit = 25;
inline constexpr std::size_t kMaxFacetLimit = 1000;
inline constexpr std::size_t kMaxQueryBytes = 2048;
// Query shape caps: each Xapian subquery costs posting-list work, so a query
// of thousands of words, brackets or wildcards is refused before it runs.
inline constexpr std::size_t kMaxQueryTerms = 64;     // words
inline constexpr std::size_t kMaxQueryDepth = 8;      // nested brackets
inline constexpr std::size_t kMaxQueryWildcards = 4;  // words ending in '*'
inline constexpr std::size_t kMaxFilterValues = 100;  // per filter parameter
inline constexpr std::size_t kDefaultPerPlatform = 5;
inline constexpr std::size_t kMaxPerPlatform = 50;
}  // namespace limits

enum class SortOrder { relevance, severity, platform, updated };

// collapse=platform: one hit per platform, its best clause in the sort order.
enum class Collapse { none, platform };

// Filter values as slugs (a name and its slug select the same value).
// Severity values are checked against the severity names at parse time.
// One list per facet of the layout (schema/index_layout.h, kFacets), so a
// facet added there is a filter here without another list to keep in step.
// The parameter of a facet's filter is the facet's name.
struct Filters {
  std::array<std::vector<std::string>, std::size(layout::kFacets)> by_facet;
  std::vector<std::string>& operator[](layout::Facet f) { return by_facet[static_cast<std::size_t>(f)]; }
  const std::vector<std::string>& operator[](layout::Facet f) const {
    return by_facet[static_cast<std::size_t>(f)];
  }
  bool empty() const {
    for (const auto& values : by_facet) {
      if (!values.empty()) return false;
    }
    return true;
  }
};

// The facets /v1/search counts when `facets` is not given (or is `true`).
inline constexpr layout::Facet kDefaultFacets[] = {layout::Facet::category, layout::Facet::severity,
                                                   layout::Facet::platform};

// An inclusive range of `updated` dates, as ISO dates YYYY-MM-DD (checked at
// parsing, after <= before); an empty bound is open. A clause without an
// `updated` date is outside every range that has a bound.
struct DateRange {
  std::string after, before;
  bool empty() const { return after.empty() && before.empty(); }
};

struct Page {
  std::size_t limit = limits::kDefaultLimit;
  std::size_t offset = 0;
};

struct SearchRequest {
  std::string q;  // trimmed; empty means "browse"
  // The language q is written in: its words are stemmed with this
  // language's stemmer (schema/language.h). Not a filter (see `language`).
  std::string lang{kDefaultLanguage};
  Filters filters;
  SortOrder sort = SortOrder::relevance;
  Page page;
  DateRange updated;
  std::size_t facet_limit = limits::kDefaultFacetLimit;
  // The facets to count, in the order asked. Empty (facets=false): exact
  // total and hits only, the cheaper query for a client that shows no facets.
  std::vector<layout::Facet> facets{std::begin(kDefaultFacets), std::end(kDefaultFacets)};
  // platform: the page holds the best clause of each platform (Xapian's
  // collapse on the platform slot) and pages over platforms; total and
  // facets still count clauses.
  Collapse collapse = Collapse::none;
  // Only typed clauses whose type confidence is at least this (a given type
  // counts as 1): the hits, the total and every facet's counts.
  std::optional<double> min_type_confidence;
  // true: a q without hits is answered with its spelling correction's hits
  // when those exist (SearchResult::showing_results_for); false: q as typed.
  bool autocorrect = true;
  // true: the last clause of each removed provision (a version of its
  // document dropped it) is searched too, with its removed_at, in the hits,
  // total and facets; every live hit then says removed_at: null. false:
  // live clauses only, as every other route (catalog views, similar, counts).
  bool include_removed = false;
};

struct CategoryRequest {
  std::string slug;
  std::vector<std::string> severity;
  Page page;
};

struct PlatformRequest {
  std::string slug;
  Page page;
};

struct CompareRequest {
  std::string category;                // slug
  std::vector<std::string> platforms;  // slugs in the order given; empty = all
  Page page;                           // pages over platforms when none are given
  std::size_t per_platform = limits::kDefaultPerPlatform;
};

// GET /v1/clauses/{id}/similar?limit=&offset=&same_category=true|false
// offset pages over the ranked platforms (one clause each).
struct SimilarRequest {
  std::string id;
  std::size_t limit = limits::kDefaultLimit;
  std::size_t offset = 0;
  bool same_category = false;
};
// POST /v1/similar {"text": "...", "limit": 10, "offset": 0, "platform": "..."}.
struct SimilarTextRequest {
  std::string text;
  std::size_t limit = limits::kDefaultLimit;
  std::size_t offset = 0;
  std::string platform;  // optional: the platform the text comes from (name or slug)
};
// GET /v1/types?min_type_confidence=
struct TypesRequest {
  std::optional<double> min_type_confidence;
};

// GET /v1/types/{slug}?min_type_confidence=&limit=&offset=: offset pages over
// the platforms that have the type.
struct TypeRequest {
  std::string slug;
  std::optional<double> min_type_confidence;
  Page page;
};
}  // namespace clause::search
