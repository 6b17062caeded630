#include "server/conditional.h"

#include <algorithm>
#include <cstdio>

#include "schema/fnv1a.h"
#include "server/header_text.h"

namespace clause::server {
namespace {

constexpr std::string_view kGzipSuffix = "-gzip";

// The opaque part of a tag, without W/ and the quotes; empty when it is
// not a quoted tag.
std::string_view opaque(std::string_view tag) {
  tag = trim_spaces(tag);
  if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
  if (tag.size() < 2 || tag.front() != '"' || tag.back() != '"') return {};
  return tag.substr(1, tag.size() - 2);
}

}  // namespace

std::string entity_tag(std::string_view bytes) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(bytes)));
  return "\"" + std::string(hex) + "\"";
}

std::string gzipped_tag(std::string_view etag) {
  const std::string_view inner = opaque(etag);
  if (inner.empty()) return std::string(etag);
  const bool weak = trim_spaces(etag).substr(0, 2) == "W/";
  return std::string(weak ? "W/\"" : "\"") + std::string(inner) + std::string(kGzipSuffix) + "\"";
}

bool none_match_names(std::string_view if_none_match, std::string_view etag) {
  const std::string_view mine = opaque(etag);
  if (mine.empty()) return false;
  return any_list_element(if_none_match, [&](std::string_view element) {
    if (element == "*") return true;
    std::string_view theirs = opaque(element);
    const bool gzipped = theirs.size() > kGzipSuffix.size() &&
                         theirs.substr(theirs.size() - kGzipSuffix.size()) == kGzipSuffix;
    if (gzipped) theirs.remove_suffix(kGzipSuffix.size());
    return !theirs.empty() && theirs == mine;
  });
}

bool answer_not_modified(ApiResponse& response, std::string_view method, std::string_view if_none_match) {
  if (response.status != 200 || (method != "GET" && method != "HEAD") || if_none_match.empty()) return false;
  const std::string* etag = find_header(response.headers, "ETag");
  if (etag == nullptr || !none_match_names(if_none_match, *etag)) return false;
  // The headers stay (the tag, caching, CORS, the request id); the body and
  // what describes it go (the transport sends neither type nor length).
  response.status = 304;
  response.body.clear();
  return true;
}

}  // namespace clause::server
