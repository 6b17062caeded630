// The dates the programs take, checked in one place: a record's `updated`
// field and a document version's date (JSONL, PUT, batch, POST
// /v1/documents), the indexer's --since and --as-of, and the server's date
// parameters (updated_after, updated_before, as_of, since, until).
//
// A calendar date is YYYY-MM-DD naming a day of the proleptic Gregorian
// calendar: months of their length, 29 February in leap years only
// (2024-02-29 yes, 2025-02-29 and 2025-04-31 no).
//
// An ISO date is a calendar date alone, or followed by 'T' or one space
// and a time HH:MM, HH:MM:SS or HH:MM:SS.fraction (1 to 9 digits; hours
// 00-23, minutes 00-59, seconds 00-60, 60 being a leap second as RFC 3339
// allows), then optionally an offset: 'Z' or +HH:MM / -HH:MM. Every RFC
// 3339 date-time is one ("2025-01-10T12:00:00Z"), and so are the shorter
// forms records carry ("2024-05-02 08:00"). Nothing else may follow.
// The time is kept as given; searches compare the date part.
#pragma once

#include <string_view>

namespace clause {

bool is_calendar_date(std::string_view s);
bool is_iso_date(std::string_view s);

}  // namespace clause
