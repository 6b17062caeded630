// Conditional GET (RFC 9110 8.8.3, 13.1.2): an answer that carries an ETag
// is answered 304 Not Modified, without its body, when the request's
// If-None-Match names that tag. The page's files carry one (the hash of
// their bytes), so a browser revalidating them under `Cache-Control:
// no-cache` downloads them again only when the server's binary changed.
#pragma once

#include <string>
#include <string_view>

#include "server/http_api.h"

namespace clause::server {

// A strong entity tag for `bytes`: a quoted hash of them.
std::string entity_tag(std::string_view bytes);

// Whether If-None-Match (a list of entity tags, or "*") names `etag` by the
// weak comparison the header uses: W/"x" and "x" are the same tag. A tag
// given with the gzip suffix (see gzipped_tag) names the answer too.
bool none_match_names(std::string_view if_none_match, std::string_view etag);

// The tag of the gzip form of an answer tagged `etag`: other bytes, so
// another strong tag ("abc" -> "abc-gzip").
std::string gzipped_tag(std::string_view etag);

// Turns a 200 answer to GET or HEAD whose ETag If-None-Match names into a
// 304 without a body (its other headers kept). Returns whether it did.
bool answer_not_modified(ApiResponse& response, std::string_view method, std::string_view if_none_match);

}  // namespace clause::server
