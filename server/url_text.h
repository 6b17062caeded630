// Text for URLs the server writes itself (feed links, redirects): RFC 3986
// percent-encoding and query strings of decoded parameters; and the decoding
// of the query strings it reads.
#pragma once

#include <string>
#include <string_view>

#include "server/search_params.h"

namespace clause::server {

// Every byte but the unreserved characters (ALPHA / DIGIT / - . _ ~) as %XX.
std::string percent_encoded(const std::string& s);

// "?name=value&..." of `params` in their map's order (empty for none),
// without limit and offset when `skip_paging`.
std::string query_string(const ParamMap& params, bool skip_paging);

// A path segment decoded: %XX sequences; anything else (a lone '%', '+')
// kept as sent.
std::string percent_decoded(std::string_view s);
// A query-string name or value decoded: %XX sequences, and '+' as a space;
// anything else (a lone '%') kept as sent.
std::string form_decoded(std::string_view s);

}  // namespace clause::server
