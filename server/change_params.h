// The query string of GET /v1/changes and /v1/changes.atom parsed into a
// search::ChangesRequest: platform, document, category, severity, type
// (filters, repeated or comma lists), q, since, until (YYYY-MM-DD), limit,
// offset, and facet_limit for the JSON list (a feed has no facets, and
// counts none). Unknown parameters and bad values are errors naming the
// parameter, as for /v1/search.
#pragma once

#include "schema/result.h"
#include "search/change_requests.h"
#include "server/search_params.h"

namespace clause::server {

// The feed's API key (GET /v1/changes.atom?key=...): a feed reader sends no
// headers. Taken by Api::authorize (search keys only), ignored here.
inline constexpr std::string_view kFeedKey = "key";

enum class ChangeAnswer { list, feed };
Result<search::ChangesRequest> parse_changes(const ParamMap& params, ChangeAnswer answer);

}  // namespace clause::server
