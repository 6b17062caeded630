// The query language of /v1/search: a user's `q` parsed into a Xapian query
// (fields, phrases, wildcards, stems), with a spelling correction when one
// is useful.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>

#include "schema/result.h"

namespace clause::search {

// The query of `q` (wildcards as search/wildcards.h rewrites them), its
// words stemmed in `lang` (a code of schema/language.h), and a spelling
// correction when one is useful (set in `corrected`). The spelling data and
// the synonyms (spelling variants) are English: for another language
// neither correction nor synonyms apply. A malformed query is
// invalid_argument naming the parameter `q`.
Result<Xapian::Query> parse_text(const Xapian::Database& db, const std::string& q,
                                 const std::string& lang, std::optional<std::string>& corrected);

}  // namespace clause::search
