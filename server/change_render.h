// The answers of the change-record routes (issue 18): the JSON list of
// GET /v1/changes and its Atom 1.0 form (RFC 4287) for GET
// /v1/changes.atom. Pure functions of their input; no Xapian, no HTTP.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "search/change_requests.h"
#include "server/search_params.h"

namespace clause::server {

// {total, offset, limit, results: [change record without `clauses`],
//  facets: {platform, category, severity, month}, facet_info, took_ms}.
// The per-clause diffs stay in GET /v1/changes/{id}: a version that added
// two hundred clauses would otherwise make one page megabytes long.
nlohmann::json changes_json(const search::ChangePage& page);

inline constexpr const char* kAtomContentType = "application/atom+xml; charset=utf-8";

// Where the feed lives: `public_url` is the server's base URL (no trailing
// slash), `path` the feed's path, `params` the request's decoded query
// parameters (rel="self" is the feed's own URL with them; the feed's id the
// same without limit and offset, so paging does not change it).
struct FeedLinks {
  std::string public_url;
  std::string path;
  ParamMap params;
};

// The Atom feed of a page of changes, newest first: each entry's id is a
// urn:uuid derived from the change id (the same on every server and every
// replay), its alternate links the page's view of the record (/#/change/{id},
// what a feed reader opens) and the JSON record (GET /v1/changes/{id}); the
// feed's, the page's Changes view and GET /v1/changes with the same
// filters. An entry's summary is the
// record's, its content the clauses' word diffs as escaped HTML
// (type="html"). The feed's updated is its newest entry's date (1970-01-01
// for an empty feed: nothing has happened).
std::string changes_atom(const search::ChangePage& page, const FeedLinks& links);

// A stored date ("2025-02-20", "2025-02-20T12:00:00Z", "2025-02-20 12:00")
// as an RFC 3339 date-time, UTC when it names no offset.
std::string rfc3339(const std::string& date);

// "urn:uuid:..." (RFC 9562 version 8, from the SHA-256 of the change id).
std::string change_entry_id(const std::string& change_id);

}  // namespace clause::server
