// The Date header every answer carries (RFC 9110 6.6.1: an origin server
// with a clock must send it; caches reckon an answer's age from it).
#pragma once

#include <ctime>
#include <string>

namespace clause::server {

// `t` in the IMF-fixdate form: "Sun, 06 Nov 1994 08:49:37 GMT" (English
// names whatever the locale).
std::string http_date(std::time_t t);

// Now, as http_date gives it; made once a second per thread.
const std::string& current_http_date();

}  // namespace clause::server
