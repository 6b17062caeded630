// The search page and the comparison widget: static files from server/web/,
// compiled into the binary (no files are read at run time, so no request
// path can reach the file system).
//
// Each file is served at "/" + its name; index.html also at "/". Responses
// carry a Content-Security-Policy that allows only the server's own scripts,
// styles and API (no inline script, no outside resource), and forbids
// framing, except widget.html, which the allow-listed origins may frame.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clause::server {

struct WebAsset {
  std::string path;          // the URL path, e.g. "/app.js"
  std::string content_type;  // from the file extension, with charset for text
  std::string_view body;     // the embedded bytes (static storage)
  std::string etag;          // entity_tag of body (server/conditional.h)
};

// Every servable path, "/" included. Built once; safe from any thread.
const std::vector<WebAsset>& web_assets();

// The Content-Type for a file name, by extension (application/octet-stream
// for unknown ones).
std::string content_type_for(std::string_view name);

// Security headers for an asset: CSP (frame-ancestors from frame_origins for
// the widget page, 'none' for everything else), nosniff, no referrer.
std::vector<std::pair<std::string, std::string>> web_headers(
    const WebAsset& asset, const std::vector<std::string>& frame_origins);

}  // namespace clause::server
