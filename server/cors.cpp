#include "server/cors.h"

#include <algorithm>

#include "server/header_text.h"

namespace clause::server {

// scheme://host[:port] where host is letters, digits, '.', '-' or a
// bracketed IPv6 literal, and port is 1..5 digits.
bool is_origin(std::string_view s) {
  std::string_view rest;
  if (s.rfind("http://", 0) == 0) {
    rest = s.substr(7);
  } else if (s.rfind("https://", 0) == 0) {
    rest = s.substr(8);
  } else {
    return false;
  }
  std::string_view host = rest, port;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return false;
    host = rest.substr(0, close + 1);
    const auto after = rest.substr(close + 1);
    if (!after.empty() && after.front() != ':') return false;
    if (!after.empty()) port = after.substr(1);
    if (!after.empty() && port.empty()) return false;
  } else if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (port.empty()) return false;
  }
  if (host.empty()) return false;
  const bool bracketed = host.front() == '[';
  if (bracketed && host.size() < 3) return false;
  for (const char c : bracketed ? host.substr(1, host.size() - 2) : host) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    const bool ok = bracketed ? hex || c == ':' || c == '.'
                              : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                    c == '.' || c == '-';
    if (!ok) return false;
  }
  if (port.size() > 5) return false;
  return std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool CorsPolicy::allows(std::string_view origin) const {
  return !origin.empty() && std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

std::vector<std::pair<std::string, std::string>> CorsPolicy::response_headers(
    std::string_view origin) const {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!enabled()) return headers;
  headers.emplace_back("Vary", "Origin");
  if (allows(origin)) headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
  return headers;
}

std::vector<std::pair<std::string, std::string>> CorsPolicy::preflight_headers(
    std::string_view origin, const std::string& methods) const {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!allows(origin)) return headers;
  headers.emplace_back("Access-Control-Allow-Methods", methods);
  // The API key headers too: a page sending its search key preflights them.
  headers.emplace_back("Access-Control-Allow-Headers", "Content-Type, Authorization, X-API-Key");
  headers.emplace_back("Access-Control-Max-Age", "600");
  return headers;
}

Result<std::vector<std::string>> parse_origins(const std::string& where, const std::string& text) {
  std::vector<std::string> origins;
  std::string bad;
  any_list_element(text, [&](std::string_view item) {
    if (!is_origin(item)) bad = item;
    else origins.emplace_back(item);
    return !bad.empty();
  });
  if (!bad.empty()) {
    return Error::invalid(where, where + ": '" + bad +
                                     "' is not an origin (scheme://host[:port], no path or trailing slash)");
  }
  return origins;
}

}  // namespace clause::server
