// Cross-origin access: which web origins may call the API from a browser.
//
// The allow-list is exact origins ("https://example.org", "http://127.0.0.1:8081"):
// scheme, host and optional port, nothing else. Only a request whose Origin
// header is on the list gets Access-Control-Allow-Origin (echoing that
// origin); everything else gets no CORS headers, so browsers keep the
// response from the other page's scripts. Empty list (the default): no
// origin but the server's own may read its responses.
//
// The same list says which sites may frame the widget page (CSP
// frame-ancestors), so one setting governs both ways of embedding it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schema/result.h"

namespace clause::server {

class CorsPolicy {
 public:
  CorsPolicy() = default;
  explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  bool enabled() const { return !origins_.empty(); }
  // Exact, case-sensitive match: browsers send origins in canonical form.
  bool allows(std::string_view origin) const;
  const std::vector<std::string>& origins() const { return origins_; }

  // Headers for a response to a request carrying `origin` (may be empty).
  // Adds Vary: Origin whenever the list is non-empty, so caches never give
  // one origin's answer to another.
  std::vector<std::pair<std::string, std::string>> response_headers(std::string_view origin) const;
  // Extra headers for a preflight (OPTIONS) answer when the origin is allowed:
  // the methods the path accepts, Content-Type as a request header, a max age.
  std::vector<std::pair<std::string, std::string>> preflight_headers(std::string_view origin,
                                                                     const std::string& methods) const;

 private:
  std::vector<std::string> origins_;
};

// An origin: http(s)://host[:port], host being letters, digits, '.', '-' or
// a bracketed IPv6 literal; no path, query or trailing slash.
bool is_origin(std::string_view s);

// Parses a comma-separated list of origins (spaces around commas allowed,
// empty items ignored). Each must be http(s)://host[:port] with no path,
// query or trailing slash; `where` names the flag or variable in errors.
Result<std::vector<std::string>> parse_origins(const std::string& where, const std::string& text);

}  // namespace clause::server
