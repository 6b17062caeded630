// The typed request and the answer of the change-record routes (issue 18):
// GET /v1/changes, /v1/changes.atom and /v1/changes/{id}. Free of HTTP and
// of Xapian, like search/requests.h and search/results.h; the records are
// the JSON the indexer stored (indexer/change_record.h).
#pragma once

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "search/requests.h"
#include "search/results.h"

namespace clause::search {

namespace param {
inline constexpr std::string_view kType = "type";    // a change's clause type (XHT)
inline constexpr std::string_view kSince = "since";  // YYYY-MM-DD, inclusive
inline constexpr std::string_view kUntil = "until";  // YYYY-MM-DD, inclusive
inline constexpr std::string_view kMonth = "month";  // YYYY-MM, the month facet's values
}  // namespace param

// The facets of a change list, counted from the change records' own
// boolean terms (XHP, XHC, XHS, XHM of schema/index_layout.h), never from a
// clause's. `month` is YYYY-MM of the change's date.
enum class ChangeFacet { platform, category, severity, month };
inline constexpr ChangeFacet kChangeFacets[] = {ChangeFacet::platform, ChangeFacet::category,
                                                ChangeFacet::severity, ChangeFacet::month};
inline constexpr std::string_view change_facet_name(ChangeFacet f) {
  switch (f) {
    case ChangeFacet::platform: return "platform";
    case ChangeFacet::category: return "category";
    case ChangeFacet::severity: return "severity";
    case ChangeFacet::month: break;
  }
  return "month";
}

// Filters OR within a parameter and AND across parameters, as /v1/search's.
// Values are slugs. severity is exact (severity=high is high only; ask
// severity=high,critical for "high or above"), so that a severity facet
// entry's count is what its filter returns. since/until bound the change's
// date, both days included; empty is open.
struct ChangesRequest {
  std::string q;  // trimmed; empty lists every change the filters keep
  std::vector<std::string> platform, document, category, severity, type;
  std::vector<std::string> month;  // YYYY-MM, the month facet's values
  std::string since, until;
  Page page;
  std::size_t facet_limit = limits::kDefaultFacetLimit;
  bool facets = true;  // false (the Atom feed): the page and total only
  bool diffs = false;  // true (the Atom feed): the items' clauses with their diffs rebuilt
};

// A page of change records, newest first, with the exact total and facets.
struct ChangePage {
  std::size_t total = 0;
  std::size_t offset = 0;
  std::size_t limit = 0;
  // The whole stored records, with their clauses: the JSON list leaves the
  // clauses out; the Atom feed shows them, their diffs rebuilt (`diffs`).
  std::vector<nlohmann::json> items;
  // One list per ChangeFacet, in kChangeFacets' order; each counted with q
  // and every filter but its own (the date range always applies).
  std::array<FacetList, std::size(kChangeFacets)> facets;
  double took_ms = 0;

  const FacetList& facet(ChangeFacet f) const { return facets[static_cast<std::size_t>(f)]; }
  FacetList& facet(ChangeFacet f) { return facets[static_cast<std::size_t>(f)]; }
};

}  // namespace clause::search
