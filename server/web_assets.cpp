#include "server/web_assets.h"

#include "server/conditional.h"
#include "server/web_assets_data.h"

namespace clause::server {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Only the server's own files; connect-src 'self' is the API. No inline
// script or style, so injected markup cannot run even if escaping failed.
std::string csp(const std::string& frame_ancestors) {
  return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
         "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors " +
         frame_ancestors;
}

}  // namespace

std::string content_type_for(std::string_view name) {
  if (ends_with(name, ".html")) return "text/html; charset=utf-8";
  if (ends_with(name, ".js") || ends_with(name, ".mjs")) return "text/javascript; charset=utf-8";
  if (ends_with(name, ".css")) return "text/css; charset=utf-8";
  if (ends_with(name, ".svg")) return "image/svg+xml";
  if (ends_with(name, ".json")) return "application/json";
  return "application/octet-stream";
}

const std::vector<WebAsset>& web_assets() {
  static const std::vector<WebAsset> assets = [] {
    std::vector<WebAsset> all;
    for (std::size_t i = 0; i < generated::kEmbeddedFileCount; ++i) {
      const auto& f = generated::kEmbeddedFiles[i];
      const std::string_view body(reinterpret_cast<const char*>(f.data), f.size);
      all.push_back({std::string("/") + f.name, content_type_for(f.name), body, entity_tag(body)});
      if (std::string_view(f.name) == "index.html") {
        WebAsset root = all.back();
        root.path = "/";
        all.push_back(std::move(root));
      }
    }
    return all;
  }();
  return assets;
}

std::vector<std::pair<std::string, std::string>> web_headers(
    const WebAsset& asset, const std::vector<std::string>& frame_origins) {
  std::string ancestors = "'none'";
  if (asset.path == "/widget.html") {
    ancestors = "'self'";
    for (const auto& origin : frame_origins) ancestors += " " + origin;
  }
  return {{"Content-Security-Policy", csp(ancestors)},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          // Assets change with the binary: revalidate rather than go stale;
          // the tag makes a revalidation of an unchanged file a 304.
          {"Cache-Control", "no-cache"},
          {"ETag", asset.etag}};
}

}  // namespace clause::server
