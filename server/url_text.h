// Text for URLs the server writes itself (feed links, redirects): RFC 3986
// percent-encoding and query strings of decoded parameters.
#pragma once

#include <string>

#include "server/search_params.h"

namespace clause::server {

// Every byte but the unreserved characters (ALPHA / DIGIT / - . _ ~) as %XX.
std::string percent_encoded(const std::string& s);

// "?name=value&..." of `params` in their map's order (empty for none),
// without limit and offset when `skip_paging`.
std::string query_string(const ParamMap& params, bool skip_paging);

}  // namespace clause::server
