// Spelling variants ("licence" and "license") as Xapian synonyms: the list
// shipped in data/spelling-variants.txt (compiled in) and lists of the same
// format that a user adds (clause-indexer --synonyms FILE). The indexer
// records them in the index; the query parser expands a word to its
// variants (search/query_text.cpp). Format: data/spelling-variants.txt.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/result.h"

namespace clause {

// One synonym entry as the index holds it: both sides are stemmed terms with
// the stem prefix (schema/index_layout.h), so "licence" covers "licences".
struct SynonymPair {
  std::string term;
  std::string synonym;
};

// Parses a variants list; `source` names it in errors ("FILE:LINE: ...").
// Each group links every word's stem to every other's, both ways; pairs of
// equal stems are dropped and duplicates removed (sorted).
Result<std::vector<SynonymPair>> parse_spelling_variants(std::string_view text, const std::string& source);

// The compiled-in list (data/spelling-variants.txt), parsed.
const std::vector<SynonymPair>& default_spelling_variants();
std::string_view default_spelling_variants_text();

// Reads and parses a list from a file; errors name the file (and line).
Result<std::vector<SynonymPair>> load_spelling_variants(const std::string& path);

}  // namespace clause
