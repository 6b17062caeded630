// Word pairs: what lets a common two-word phrase match without positions.
//
// A phrase of two words ("third party") is matched by Xapian through the
// position lists of both words, two B-tree lookups for every clause that
// holds both: for common words, thousands per query, the slowest searches of
// the benchmark (docs/benchmarks.md, issue 21). For adjacent words whose
// stems are both on a fixed list of frequent stems, the index also holds a
// pair term (layout::pair_term: XW, then the two stems), without positions and
// with wdf 0, so that document lengths and every weight stay as they were.
// The document holds the pair term exactly when its text holds the two
// stems at adjacent positions, which is what the phrase asks: a search then
// matches the pair term instead of checking positions (search/phrase_pairs.h).
//
// The list: data/pair-words.txt, the stems in at least 2% of the clauses of
// the shipped demo corpus (scripts/make-pair-words.sh makes it), compiled
// in. A new index records the list it is written with in its metadata
// (layout::kPairWordsKey); every later writer uses the recorded list, and
// searches use it, so a changed list never mismatches an index. An index
// without the key (written before word pairs) holds no pair terms and is
// searched with positions as before.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace clause {

class PairWords {
 public:
  PairWords() = default;
  // One stem a line (as the index holds it, without the stem prefix); `#`
  // starts a comment; blank lines are skipped.
  static PairWords parse(std::string_view text);

  bool empty() const { return stems_.empty(); }
  bool contains(std::string_view stem) const { return stems_.count(std::string(stem)) > 0; }
  // The list as kPairWordsKey holds it: one stem a line, sorted.
  std::string to_metadata() const;

  // The pair terms of a document's free text (every two unprefixed text
  // stems of the list at adjacent positions, added with wdf 0), from one
  // run of its stems at consecutive positions: a term generator's pass with
  // STEM_ALL_Z gives one stem a position, so the indexer takes each pass's
  // stems as they are made instead of reading the document back (issue 21;
  // tests/phrase_pairs_test.cpp compares the two).
  void add_run_pair_terms(const std::vector<std::string_view>& run, Xapian::Document& doc) const;

 private:
  std::unordered_set<std::string> stems_;
};

// The stem of an unprefixed free-text term ("Zparti" -> "parti"); empty for
// any other term (a field's stem such as "ZSparti", a boolean term).
std::string_view text_stem(std::string_view term);

// The compiled-in list (data/pair-words.txt).
std::string_view default_pair_words_text();

}  // namespace clause
