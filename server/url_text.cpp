#include "server/url_text.h"

#include <cctype>
#include <cstdio>

#include "search/requests.h"

namespace clause::server {

std::string percent_encoded(const std::string& s) {
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// The query string of `params` (in their map's order), without `skip_paging`'s
// limit and offset when asked.
std::string query_string(const ParamMap& params, bool skip_paging) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (skip_paging && (name == search::param::kLimit || name == search::param::kOffset)) continue;
    out += (out.empty() ? "?" : "&") + percent_encoded(name) + "=" + percent_encoded(value);
  }
  return out;
}

}  // namespace clause::server
