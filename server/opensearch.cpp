#include "server/opensearch.h"

#include "search/highlight.h"
#include "server/cors.h"

namespace clause::server {

Result<std::string> parse_public_url(const std::string& where, const std::string& text) {
  std::string url = text;
  if (!url.empty() && url.back() == '/') url.pop_back();
  if (!is_origin(url)) {
    return Error::invalid(where, where + ": '" + text +
                                     "' is not a public base URL: expected http(s)://host[:port], "
                                     "e.g. https://clauses.example.org, with no path, query or fragment "
                                     "(the page and the API are served at /)");
  }
  return url;
}

std::string listen_url(bool tls, const std::string& host, int port) {
  const bool ipv6 = host.find(':') != std::string::npos && host.front() != '[';
  return std::string(tls ? "https" : "http") + "://" + (ipv6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

std::string opensearch_xml(const std::string& public_url) {
  // Escaped for XML attributes (the HTML entities of html_escape are XML
  // ones too) although parse_public_url lets none of them through.
  const std::string base = search::html_escape(public_url);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
         "  <ShortName>Clause search</ShortName>\n"
         "  <Description>Search the clauses of terms of service and privacy policies</Description>\n"
         "  <InputEncoding>UTF-8</InputEncoding>\n"
         "  <Url type=\"text/html\" method=\"get\" template=\"" + base + "/?q={searchTerms}\"/>\n"
         "  <Url type=\"application/json\" method=\"get\" template=\"" + base +
         "/v1/search?q={searchTerms}\"/>\n"
         "  <Url type=\"" + kOpenSearchContentType + "\" rel=\"self\" template=\"" + base +
         "/opensearch.xml\"/>\n"
         "</OpenSearchDescription>\n";
}

}  // namespace clause::server
