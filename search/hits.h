// What a stored document becomes in an answer: hits with snippets, and the
// display names of facet values.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "schema/index_layout.h"
#include "search/results.h"

namespace clause::search {

// Display name of a slug from the index metadata; the slug when none.
std::string display_name(const Xapian::Database& db, layout::Facet facet, const std::string& slug);

// Severity name for a stored rank ("0".."4"); nullopt for 0 or garbage.
std::optional<std::string> severity_of_rank(const std::string& rank);

// The hits of an MSet: stored records, and snippets of the text
// (HTML-escaped, the matches of `text_query` in <mark>, search/highlight.h);
// weights when a text query was given (nullptr: browsing, scores are 0 and
// snippets the start of each text). A versioned record gets the fields kept
// per document (schema/versioned_fields.h) from db, the MSet's database.
std::vector<Hit> to_hits(const Xapian::Database& db, const Xapian::MSet& mset, const Xapian::Query* text_query);
// The same for `page`, items of `mset` in the order to show them.
std::vector<Hit> to_hits(const Xapian::Database& db, const Xapian::MSet& mset,
                         const std::vector<Xapian::MSetIterator>& page, const Xapian::Query* text_query);

}  // namespace clause::search
