// Snippets of clause text with the matches of a query in <mark>: what a hit
// shows under its heading (docs/API.md, `snippet`).
//
// Why not Xapian's MSet::snippet: in Xapian 1.4 a phrase of the query is
// never highlighted on an index of stems only (STEM_ALL_Z, as ours:
// `"at any time"` gave no <mark> at all), and every word of the query is
// marked alone, the small ones too (`<mark>to</mark>`). Post-processing its
// output cannot add the phrase runs it left out, so the marks are built here
// from the parsed query: its phrases (matched as runs of adjacent words, as
// Xapian matched them) and its words, stems compared as the index compares
// them.
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace clause::search {

// A stemmer whose answers are shared by every search: the Snowball stemmer
// was three tenths of a snippet's time (perf on search_bench, issue 21), and
// the words of clause texts repeat ("data", "third", "party", "the"). Terms
// are kept per stemming algorithm (Xapian::Stem::get_description), at most
// kMaxWords each, in a table of the process behind a shared lock taken twice
// per text. A stem is the same every time, so the snippets are too.
class MemoStem {
 public:
  explicit MemoStem(const Xapian::Stem& stem);
  // Each lower-cased word of `words` replaced by its text term ("Z" + stem).
  void to_terms(std::vector<std::string>& words);
  // Whether a word's term always starts with the word's own first byte
  // (after the stem prefix): true of English and of no stemming.
  bool keeps_first_byte() const { return keeps_first_byte_; }

  static constexpr std::size_t kMaxWords = 1 << 15;  // then a table starts afresh
  struct Table;

 private:
  Xapian::Stem stem_;
  Table* table_;
  bool keeps_first_byte_ = false;
};

// Which first bytes (after the stem prefix) the terms of a query have.
using FirstBytes = std::array<bool, 256>;

class Highlighter {
 public:
  // The marks of `query` (a query of search/query_text.h; an empty query
  // marks nothing). Words behind NOT and filter terms are not marked; a stop
  // word is marked only inside a phrase, or when the query has nothing but
  // stop words. `mset`, when given, weighs the terms (rare ones first) to
  // pick the passage of a long text.
  Highlighter(const Xapian::Query& query, const Xapian::Stem& stem, const Xapian::MSet* mset = nullptr);

  // A passage of `plain` (clause text already reduced by plain_text) of at
  // most about `bytes` bytes, cut at words ("…" where text was cut), holding
  // the best matches: HTML-escaped, with <mark> around each matched phrase
  // (one run) and each matched word. The start of the text when nothing
  // matches.
  std::string snippet(const std::string& plain, std::size_t bytes) const { return snippet(plain, bytes, stem_); }
  // The same for a text of another language than the query's: its words are
  // stemmed with `text_stem` (the record's language), as the indexer
  // stemmed them, before they are compared with the query's terms.
  std::string snippet(const std::string& plain, std::size_t bytes, const Xapian::Stem& text_stem) const;
  // The same with the shared memo of `text_stem`'s stems.
  std::string snippet(const std::string& plain, std::size_t bytes, MemoStem& text_stem) const;

  // A phrase of the query: its terms in order, and how much a match counts
  // when a passage is chosen.
  struct Phrase {
    std::vector<std::string> terms;
    double weight = 0;
  };
  // The text terms ("Z" + stem) marked alone, each with its weight.
  const std::unordered_map<std::string, double>& words() const { return words_; }
  const std::vector<Phrase>& phrases() const { return phrases_; }
  const Xapian::Stem& stem() const { return stem_; }

 private:
  Xapian::Stem stem_;
  std::unordered_map<std::string, double> words_;
  std::vector<Phrase> phrases_;
  FirstBytes first_bytes_{};  // of words_ and of every phrase's terms
};

// The terms ("Z" + stem) of a text's words in order, as the indexer's
// Xapian::TermGenerator makes them: what phrases are matched against.
std::vector<std::string> text_terms(const std::string& plain, const Xapian::Stem& stem);

// `text` with & < > " ' as HTML entities.
std::string html_escape(const std::string& text);

// Whether a query term (an indexed stem, "Z" + stem) is the stem of an
// English stop word ("the", "to", "your", "any", ...).
bool is_stop_term(const std::string& term);

}  // namespace clause::search
