// The query language of /v1/search: a user's `q` parsed into a Xapian query
// (fields, phrases, wildcards, stems), with a spelling correction when one
// is useful.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

#include "schema/index_layout.h"
#include "schema/result.h"

namespace clause::search {

// The query of `q` (wildcards as search/wildcards.h rewrites them), its
// words stemmed in `lang` (a code of schema/language.h), and a spelling
// correction when one is useful (set in `corrected`). The spelling data and
// the synonyms (spelling variants) are English: for another language
// neither correction nor synonyms apply. A malformed query is
// invalid_argument naming the parameter `q`.
// With include_removed, the facet fields (`platform:acme`) also match
// removed provisions' kept clauses (facet_value_query).
Result<Xapian::Query> parse_text(const Xapian::Database& db, const std::string& q,
                                 const std::string& lang, std::optional<std::string>& corrected,
                                 bool include_removed = false);

// `query` with each phrase and NEAR as an AND of its words, for documents
// indexed without positions (change records, docs/index-layout.md), on which
// a phrase would match nothing. The other operators are kept as they are.
Xapian::Query phrases_as_and(const Xapian::Query& query);

// The query of one facet value (a name or slug): its boolean term; with
// include_removed, that term or its form in a removed provision's kept
// clause (schema/index_layout.h, removed_term).
Xapian::Query facet_value_query(layout::Facet facet, std::string_view name_or_slug, bool include_removed);

}  // namespace clause::search
