// The OpenSearch description (/opensearch.xml), which lets a browser add the
// search page as a search engine, and the server's public base URL that its
// search template points at (--public-url).
#pragma once

#include <string>

#include "schema/result.h"

namespace clause::server {

// The content type browsers look for in <link rel="search">.
inline constexpr const char* kOpenSearchContentType = "application/opensearchdescription+xml";

// Parses a public base URL: http(s)://host[:port], one trailing '/' allowed
// (and dropped); no path, query or fragment, because the page and the API
// are served at the root. `where` names the flag or variable in errors.
Result<std::string> parse_public_url(const std::string& where, const std::string& text);

// The base URL of a server bound to host:port when no public URL is set
// (an IPv6 address in brackets).
std::string listen_url(bool tls, const std::string& host, int port);

// The description document: the page's search URL template
// (public_url + "/?q={searchTerms}") and the JSON API's.
std::string opensearch_xml(const std::string& public_url);

}  // namespace clause::server
