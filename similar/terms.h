// The words of a clause as weighted query terms, for "similar clauses"
// (similar/engine.h). Internal to the similarity engine; separate so that
// term selection can be read and tested on its own.
//
// Terms are the ones the indexer writes for free text (schema/index_layout.h):
// every word, numbers included, stemmed as Z<stem>.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace clause::similar {

struct QueryTerm {
  std::string term;           // as indexed: Z<stem>
  Xapian::termcount wqf = 1;  // occurrences in the clause
  Xapian::doccount df = 0;    // documents in the index holding the term
  double factor = 1.0;        // multiplier on the term's BM25 weight
};

// True for a term that similarity matches on (a stemmed word or number; not
// a boolean term).
bool is_match_term(const std::string& term);

// The terms of plain text, tokenised and stemmed exactly as the indexer does,
// with their document frequencies in db; also the text's word sequence
// (unstemmed, lower-cased, in order) for bigrams. Without db, df stays 0.
struct TextTerms {
  std::vector<QueryTerm> terms;
  std::vector<std::string> words;
  // The text's length as Xapian counts it (sum of every term's wdf: one
  // stemmed term per word): the length of an untitled clause of this text.
  Xapian::termcount length = 0;
};
TextTerms terms_of_text(const Xapian::Database* db, const std::string& text);
inline TextTerms terms_of_text(const Xapian::Database& db, const std::string& text) {
  return terms_of_text(&db, text);
}

// Keeps the `k` terms of highest (1 + ln wqf) x ln(N / df) (all when k is 0
// or there are no more than k), in their original order.
void keep_most_discriminative(std::vector<QueryTerm>& terms, std::size_t k, Xapian::doccount total);

// The match terms (Z-stems) of a platform's name and slug, and the bare
// words, so that "Acme", "acme.com" and "acme-cloud" all match.
std::vector<std::string> name_words(const std::string& display_name, const std::string& slug);

// True when the match term is, or is a dotted form of, one of `words`.
bool names_any(const std::string& term, const std::vector<std::string>& words);

}  // namespace clause::similar
