// Api::authorize: the API-key check in front of every route that is not
// open (docs/API.md, "API keys"). Apart from http_api.cpp so the routes stay
// one screenful and this stays one place.
#include <strings.h>

#include "server/http_api.h"

namespace clause::server {
namespace {

constexpr char kBearer[] = "Bearer ";

ApiResponse unauthorized(const std::string& message, const std::string& parameter = {}) {
  ApiResponse r = error_response_naming(401, parameter, message);
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"clause\"");
  return r;
}

}  // namespace

std::optional<ApiResponse> Api::authorize(const ApiRequest& request, Access access,
                                          std::string& key_name) const {
  if (access == Access::write && (keys_ == nullptr || writer_ == nullptr)) {
    return error_response(403, "writes are off on this server: " +
                                   (keys_ == nullptr ? std::string("start it with --keys and use an admin key")
                                                     : writes_off_reason_));
  }
  if (keys_ == nullptr || access == Access::open) return std::nullopt;
  std::string_view presented = request.api_key;
  if (!request.authorization.empty()) {
    // The scheme is case-insensitive (RFC 9110 11.1); nothing but Bearer is taken.
    const std::size_t n = sizeof kBearer - 1;
    if (request.authorization.size() <= n ||
        strncasecmp(request.authorization.c_str(), kBearer, n) != 0) {
      return unauthorized("header 'Authorization': expected 'Bearer KEY'");
    }
    presented = std::string_view(request.authorization).substr(n);
  }
  const bool from_url = presented.empty() && access == Access::feed && request.params.count("key") != 0;
  if (from_url) presented = request.params.find("key")->second;
  if (presented.empty() && request.params.count("key") != 0) {
    // A key in the URL of another route: it is not taken (URLs are logged
    // and shared), and the answer says so rather than "a key is needed".
    return unauthorized("parameter 'key': only the Atom feed takes an API key in its URL; send it in a header: "
                        "'Authorization: Bearer KEY' or 'X-API-Key: KEY'",
                        "key");
  }
  if (presented.empty()) {
    return unauthorized(access == Access::feed
                            ? "an API key is needed: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY', "
                              "or add key=SEARCH_KEY to the feed's URL"
                            : "an API key is needed: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'");
  }
  const Admission a = keys_->admit(presented);
  key_name = a.name;
  if (a.verdict == Admission::Verdict::unknown_key) return unauthorized("unknown API key");
  if (a.verdict == Admission::Verdict::over_rate) {
    ApiResponse r = error_response(429, "API key '" + a.name + "' is over its rate limit; retry in " +
                                            std::to_string(a.retry_after_seconds) + " s");
    r.headers.emplace_back("Retry-After", std::to_string(a.retry_after_seconds));
    return r;
  }
  if (from_url && a.scope != KeyScope::search) {
    return error_response_naming(403, "key", "parameter 'key': API key '" + a.name +
                                   "' has scope admin; a key in a URL must be a search key (it is logged and "
                                   "shared with the URL)");
  }
  if (access != Access::search && access != Access::feed && a.scope != KeyScope::admin) {
    return error_response(403, "API key '" + a.name + "' has scope search; " + request.method + " " +
                                   request.path + " needs an admin key");
  }
  return std::nullopt;
}

}  // namespace clause::server
