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

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decoded(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int hi = s[i] == '%' && i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
    const int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
    if (lo >= 0) {
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(plus_is_space && s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

}  // namespace

std::string percent_decoded(std::string_view s) { return decoded(s, false); }
std::string form_decoded(std::string_view s) { return decoded(s, true); }

}  // namespace clause::server
