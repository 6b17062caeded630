// Request parameters: every query parameter of the API parsed into a typed,
// validated request struct of the search layer (search/requests.h, which
// also holds the parameter names and limits). A parse error names the parameter (Error::field) and says what was
// expected; unknown parameters are rejected, since a silently ignored typo
// (`categroy=`) would return wrong results that look right.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "schema/result.h"
#include "search/requests.h"

namespace clause::server {

// Decoded query parameters, in order; a name may repeat.
using ParamMap = std::multimap<std::string, std::string>;

// The request structs and limits are the search layer's (search/requests.h).
using search::CategoryRequest;
using search::Collapse;
using search::CompareRequest;
using search::DateRange;
using search::kDefaultFacets;
using search::Filters;
using search::Page;
using search::PlatformRequest;
using search::SearchRequest;
using search::SimilarRequest;
using search::SimilarTextRequest;
using search::SortOrder;
using search::TypeRequest;
using search::TypesRequest;
namespace param = search::param;
namespace limits = search::limits;

Result<SearchRequest> parse_search(const ParamMap& params);
// path_slug is the {slug} of the path, as decoded by the router.
Result<CategoryRequest> parse_category(std::string_view path_slug, const ParamMap& params);
Result<PlatformRequest> parse_platform(std::string_view path_slug, const ParamMap& params);
Result<CompareRequest> parse_compare(const ParamMap& params);
// GET /v1/types?min_type_confidence= and /v1/types/{slug}?min_type_confidence=&limit=&offset=
Result<TypesRequest> parse_types(const ParamMap& params);
Result<TypeRequest> parse_type(std::string_view path_slug, const ParamMap& params);
// `as_of` (YYYY-MM-DD) of the change counts, today in UTC when absent; an
// error names the parameter. Does not check the other parameters' names.
Result<std::string> parse_as_of(const ParamMap& params);
// GET /v1/clauses/{id}: `as_of` only.
Result<std::string> parse_clause_params(const ParamMap& params);

// For endpoints without parameters: any parameter is an error.
Result<bool> parse_no_params(const ParamMap& params);

Result<SimilarRequest> parse_similar(std::string_view raw_id, const ParamMap& params);

// POST /v1/similar with a JSON body (server/similar_body.cpp) {"text": "...", "limit": 10}. null for an
// optional field (limit, platform) is the field left out. A body that
// is not a JSON object, an unknown field or a wrong type is invalid_argument
// naming the field ("body" when the JSON itself is bad; the message then says
// where: "not valid JSON at byte N (line L, column C): ...").
Result<SimilarTextRequest> parse_similar_text(const std::string& body);

}  // namespace clause::server
