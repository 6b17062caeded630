// Phrases matched through the index's pair terms (schema/pair_words.h)
// instead of position lists: the same documents, the same weights, without
// the two position lookups per candidate that made common two-word phrases
// ("third party", "personal data") the slowest searches (issue 21).
#pragma once

#include <xapian.h>

#include <optional>
#include <string>

namespace clause::search {

// `query` with each phrase of plain text words that has two adjacent words
// of the index's pair list rewritten to match the same documents faster:
// - a phrase of two such words becomes their AND filtered by their pair
//   term: a document holds the pair term exactly when it holds the two
//   stems at adjacent positions, which is what the phrase asks;
// - a longer phrase keeps its position check, filtered by the pair terms
//   of its listed neighbours (each is a condition of the phrase), so that
//   positions are read only for documents that hold them all.
// Weights are unchanged: a phrase weighs what the AND of its words does,
// and a filter weighs nothing (pair terms have wdf 0). Phrases of a field
// (title:"...") and of words off the list, NEAR and windows other than the
// phrase's own length are left as they are, as is every query of an index
// without a pair list (layout::kPairWordsKey). The rewritten query is for
// matching only: highlighting reads the phrases of the original.
Xapian::Query with_pair_terms(const Xapian::Database& db, const Xapian::Query& query);

// The pair term of `matched` when it is a two-word phrase as with_pair_terms
// rewrites it, with nothing else (no filter, no other word): the AND of the
// two words filtered by their pair term. Its matches are then exactly the
// documents holding the pair term (the pair term implies both words), so
// their number is the pair term's frequency, exact from the index's own
// statistics. Nothing for any other query.
std::optional<std::string> lone_pair_term(const Xapian::Query& matched);

}  // namespace clause::search
