// Request parameters: every query parameter of the API parsed into a typed,
// validated request struct. Parameter names are constants here and nowhere
// else. A parse error names the parameter (Error::field) and says what was
// expected; unknown parameters are rejected, since a silently ignored typo
// (`categroy=`) would return wrong results that look right.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "schema/result.h"

namespace clause::server {

// Decoded query parameters, in order; a name may repeat.
using ParamMap = std::multimap<std::string, std::string>;

namespace param {
inline constexpr std::string_view kQuery = "q";
inline constexpr std::string_view kCategory = "category";
inline constexpr std::string_view kSeverity = "severity";
inline constexpr std::string_view kPlatform = "platform";
inline constexpr std::string_view kDocument = "document";
inline constexpr std::string_view kClauseType = "clause_type";
inline constexpr std::string_view kSort = "sort";
inline constexpr std::string_view kLimit = "limit";
inline constexpr std::string_view kOffset = "offset";
inline constexpr std::string_view kFacetLimit = "facet_limit";
inline constexpr std::string_view kFacets = "facets";
inline constexpr std::string_view kPlatforms = "platforms";
inline constexpr std::string_view kPerPlatform = "per_platform";
inline constexpr std::string_view kSameCategory = "same_category";
inline constexpr std::string_view kText = "text";  // POST /v1/similar body field
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

// Filter values as slugs (a name and its slug select the same value).
// Severity values are checked against the severity names at parse time.
struct Filters {
  std::vector<std::string> category, severity, platform, document, clause_type;
  bool empty() const {
    return category.empty() && severity.empty() && platform.empty() && document.empty() &&
           clause_type.empty();
  }
};

struct Page {
  std::size_t limit = limits::kDefaultLimit;
  std::size_t offset = 0;
};

struct SearchRequest {
  std::string q;  // trimmed; empty means "browse"
  Filters filters;
  SortOrder sort = SortOrder::relevance;
  Page page;
  std::size_t facet_limit = limits::kDefaultFacetLimit;
  // false: exact total and hits only, no facet counting (the cheaper query
  // when a client shows no facets); the result's facet lists stay empty.
  bool facets = true;
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

Result<SearchRequest> parse_search(const ParamMap& params);
// path_slug is the {slug} of the path, as decoded by the router.
Result<CategoryRequest> parse_category(std::string_view path_slug, const ParamMap& params);
Result<PlatformRequest> parse_platform(std::string_view path_slug, const ParamMap& params);
Result<CompareRequest> parse_compare(const ParamMap& params);
// For endpoints without parameters: any parameter is an error.
Result<bool> parse_no_params(const ParamMap& params);

// GET /v1/clauses/{id}/similar?limit=&same_category=true|false
struct SimilarRequest {
  std::string id;
  std::size_t limit = limits::kDefaultLimit;
  bool same_category = false;
};
Result<SimilarRequest> parse_similar(std::string_view raw_id, const ParamMap& params);

// POST /v1/similar with a JSON body {"text": "...", "limit": 10}. null for an
// optional field (limit, platform) is the field left out. A body that
// is not a JSON object, an unknown field or a wrong type is invalid_argument
// naming the field ("body" when the JSON itself is bad; the message then says
// where: "not valid JSON at byte N (line L, column C): ...").
struct SimilarTextRequest {
  std::string text;
  std::size_t limit = limits::kDefaultLimit;
  std::string platform;  // optional: the platform the text comes from (name or slug)
};
Result<SimilarTextRequest> parse_similar_text(const std::string& body);

}  // namespace clause::server
