// The query language of /v1/search: a user's `q` parsed into a Xapian query
// (fields, phrases, wildcards, stems), with a spelling correction when one
// is useful.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>

#include "schema/result.h"

namespace clause::search {

// The query of `q` (wildcards as search/wildcards.h rewrites them), and a
// spelling correction when one is useful (set in `corrected`). A malformed
// query is invalid_argument naming the parameter `q`.
Result<Xapian::Query> parse_text(const Xapian::Database& db, const std::string& q,
                                 std::optional<std::string>& corrected);

}  // namespace clause::search
