#include "server/change_render.h"


#include <array>
#include <cctype>
#include <cstdio>

#include "schema/plain_text.h"
#include "schema/sha256.h"
#include "schema/utf8.h"
#include "server/url_text.h"

namespace clause::server {
namespace {

using nlohmann::json;
using search::ChangeFacet;

// Clauses shown in one entry's content; the rest are a count and the link.
constexpr std::size_t kFeedClausesPerEntry = 20;

json entries_json(const search::FacetList& list) {
  json out = json::array();
  for (const auto& e : list.entries) out.push_back({{"value", e.value}, {"slug", e.slug}, {"count", e.count}});
  return out;
}

// Text for an XML document: & < > " escaped, and what XML 1.0 cannot hold
// (control characters but tab and newlines, U+FFFE/U+FFFF, invalid UTF-8)
// replaced by U+FFFD, so that a stray byte in a document never makes the
// whole feed unreadable.
std::string xml_text(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t cp = utf8::next(text, pos);
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) cp = 0xFFFD;
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: utf8::append(out, cp);
    }
  }
  return out;
}

// The same escaping for HTML that becomes the text of a type="html" element.
std::string html_text(const std::string& text) { return xml_text(text); }

std::string string_field(const json& record, const char* name) {
  const auto it = record.find(name);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "Clause changes" and what the feed is filtered by: "Clause changes:
// platform=Acme, severity=high".
std::string feed_title(const ParamMap& params) {
  std::string filters;
  for (const auto& [name, value] : params) {
    if (name == search::param::kLimit || name == search::param::kOffset) continue;
    filters += (filters.empty() ? ": " : ", ") + name + "=" + value;
  }
  return "Clause changes" + filters;
}

// "Acme, Terms of Service: 1 modified, 2 added, 1 removed".
std::string entry_title(const json& record) {
  std::string counts;
  const json c = record.value("counts", json::object());
  for (const char* kind : {"modified", "added", "removed"}) {
    const auto n = c.value(kind, 0);
    if (n > 0) counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + kind;
  }
  return string_field(record, "platform") + ", " + string_field(record, "document") + ": " +
         (counts.empty() ? "changed" : counts);
}

// The clauses' word diffs as HTML (the diffs are HTML already: escaped text
// with <del>/<ins>), the first kFeedClausesPerEntry of them.
std::string entry_html(const json& record, const std::string& record_url) {
  std::string html = "<p>" + html_text(string_field(record, "summary")) + "</p>";
  const json clauses = record.value("clauses", json::array());
  std::size_t shown = 0;
  for (const auto& c : clauses) {
    if (shown++ == kFeedClausesPerEntry) break;
    std::string heading = string_field(c, "change");
    if (!heading.empty()) heading[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(heading[0])));
    // The record keeps the source's heading as it was, markup included.
    const std::string title = plain_text(string_field(c, "title"));
    if (!title.empty()) heading += ": " + html_text(title);
    html += "<h3>" + heading + "</h3><p>" + string_field(c, "diff") + "</p>";
  }
  if (clauses.size() > kFeedClausesPerEntry) {
    html += "<p><a href=\"" + html_text(record_url) + "\">" + std::to_string(clauses.size() - kFeedClausesPerEntry) +
            " more clauses</a></p>";
  }
  return html;
}

// Two alternates of one thing (RFC 4287 4.2.7.2 allows one per type): the
// page's view first, which a feed reader opens, then the JSON.
std::string alternate_links(const std::string& indent, const std::string& page_url, const std::string& json_url) {
  return indent + "<link rel=\"alternate\" type=\"text/html\" href=\"" + xml_text(page_url) + "\"/>\n" + indent +
         "<link rel=\"alternate\" type=\"application/json\" href=\"" + xml_text(json_url) + "\"/>\n";
}

std::string atom_entry(const json& record, const std::string& public_url) {
  const std::string id = string_field(record, "id");
  const std::string url = public_url + "/v1/changes/" + percent_encoded(id);
  const std::string page_url = public_url + "/#/change/" + percent_encoded(id);
  std::string out = "  <entry>\n";
  out += "    <id>" + xml_text(change_entry_id(id)) + "</id>\n";
  out += "    <title>" + xml_text(entry_title(record)) + "</title>\n";
  out += "    <updated>" + xml_text(rfc3339(string_field(record, "date"))) + "</updated>\n";
  out += alternate_links("    ", page_url, url);
  for (const auto& category : record.value("categories", json::array())) {
    if (category.is_string()) out += "    <category term=\"" + xml_text(category.get<std::string>()) + "\"/>\n";
  }
  out += "    <summary type=\"text\">" + xml_text(string_field(record, "summary")) + "</summary>\n";
  out += "    <content type=\"html\">" + xml_text(entry_html(record, page_url)) + "</content>\n";
  out += "  </entry>\n";
  return out;
}

bool digits(const std::string& s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

json changes_json(const search::ChangePage& page) {
  json results = json::array();
  for (const auto& record : page.items) {
    json item = record;
    if (item.is_object()) item.erase("clauses");
    results.push_back(std::move(item));
  }
  json facets = json::object(), info = json::object();
  for (const auto f : search::kChangeFacets) {
    const std::string name(search::change_facet_name(f));
    facets[name] = entries_json(page.facet(f));
    info[name] = {{"distinct", page.facet(f).distinct}, {"truncated", page.facet(f).truncated}};
  }
  return {{"total", page.total}, {"offset", page.offset}, {"limit", page.limit}, {"results", std::move(results)},
          {"facets", std::move(facets)}, {"facet_info", std::move(info)}, {"took_ms", page.took_ms}};
}

std::string rfc3339(const std::string& date) {
  const std::string day = date.substr(0, 10);
  // HH:MM[:SS[.fraction]] after 'T' or ' ', then Z, +HH:MM or -HH:MM.
  std::size_t at = 11;
  if (date.size() <= at || (date[10] != 'T' && date[10] != ' ') || !digits(date, at, 2) || date[at + 2] != ':' ||
      !digits(date, at + 3, 2)) {
    return day + "T00:00:00Z";
  }
  std::string time = date.substr(at, 5);
  at += 5;
  if (at < date.size() && date[at] == ':' && digits(date, at + 1, 2)) {
    time += date.substr(at, 3);
    at += 3;
    if (at < date.size() && date[at] == '.' && digits(date, at + 1, 1)) {
      const std::size_t from = at++;
      while (digits(date, at, 1)) ++at;
      time += date.substr(from, at - from);
    }
  } else {
    time += ":00";
  }
  std::string zone = "Z";
  if (at < date.size() && (date[at] == '+' || date[at] == '-') && digits(date, at + 1, 2) &&
      at + 3 < date.size() && date[at + 3] == ':' && digits(date, at + 4, 2)) {
    zone = date.substr(at, 6);
  }
  return day + "T" + time + zone;
}

std::string change_entry_id(const std::string& change_id) {
  const std::string name = "clause-change:" + change_id;
  Sha256Digest digest = sha256(name);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x80);  // version 8
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // variant 10
  std::string out = "urn:uuid:";
  char hex[3];
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(hex, sizeof hex, "%02x", digest[i]);
    out += hex;
  }
  return out;
}

std::string changes_atom(const search::ChangePage& page, const FeedLinks& links) {
  const std::string base = links.public_url + links.path;
  const std::string self = base + query_string(links.params, false);
  const std::string list_path = links.path.substr(0, links.path.rfind(".atom"));
  const std::string alternate = links.public_url + list_path + query_string(links.params, false);
  const std::string updated =
      page.items.empty() ? "1970-01-01T00:00:00Z" : rfc3339(string_field(page.items.front(), "date"));
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <id>" + xml_text(base + query_string(links.params, true)) + "</id>\n";
  out += "  <title>" + xml_text(feed_title(links.params)) + "</title>\n";
  out += "  <updated>" + updated + "</updated>\n";
  out += "  <author><name>clause-server</name></author>\n";
  out += "  <generator>clause-server</generator>\n";
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml_text(self) + "\"/>\n";
  out += alternate_links("  ", links.public_url + "/#" + list_path.substr(3) + query_string(links.params, false),
                         alternate);
  for (const auto& record : page.items) out += atom_entry(record, links.public_url);
  out += "</feed>\n";
  return out;
}

}  // namespace clause::server
