// How often a document or a platform changed: the `changes` of GET
// /v1/clauses/{id} and GET /v1/platforms/{slug} (issue 18). Counted on the
// change records of the index (schema/index_layout.h, "change records"):
// their XHP/XHD terms and their date in kChangeDateSlot, exactly
// (checkatleast the whole database), so no estimate ever reaches a reader.
#pragma once

#include <xapian.h>

#include <string>

#include "search/history_results.h"

namespace clause::search {

// The counts on `db` (a single index or shards: terms and values only).
// A platform or document without change records answers zeros and no last
// change; the caller decides whether the platform itself exists. Throws
// Xapian errors (the database pool's run() handles them).
ChangeCounts count_changes(const Xapian::Database& db, const ChangeCountRequest& request);

// The day `days` before a YYYY-MM-DD date, as YYYY-MM-DD (proleptic
// Gregorian calendar); the date must be valid.
std::string days_before(const std::string& date, int days);

}  // namespace clause::search
