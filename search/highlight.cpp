#include "search/highlight.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_set>
#include <string_view>

#include "schema/index_layout.h"

namespace clause::search {
namespace {

// English function words: marked alone they only add noise to a snippet
// (`<mark>to</mark>`), inside a phrase they are part of the match. Compared
// by stem, as query terms are stems.
constexpr std::string_view kStopWords[] = {
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "between", "but", "by", "can", "could", "did", "do", "does",
    "each", "for", "from", "had", "has", "have", "having", "he", "her", "here", "him", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "may", "me", "might", "must", "my",
    "no", "nor", "not", "of", "off", "on", "onto", "or", "our", "ours", "out", "over", "own",
    "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to",
    "too", "under", "up", "upon", "us", "very", "via", "was", "we", "were", "what", "when",
    "where", "which", "who", "whom", "whose", "why", "will", "with", "would", "you", "your",
    "yours"};

// A text term (not a title or facet term): the stem prefix followed by the
// stem itself, which is lower case, where prefixes are upper case letters.
bool is_text_term(const std::string& term) {
  const std::string_view prefix = layout::kStemPrefix;
  return term.size() > prefix.size() && term.compare(0, prefix.size(), prefix) == 0 &&
         !(term[prefix.size()] >= 'A' && term[prefix.size()] <= 'Z');
}

std::string leaf_term(const Xapian::Query& leaf) {
  const auto it = leaf.get_terms_begin();
  return it == leaf.get_terms_end() ? std::string() : *it;
}

// The terms of a phrase in order, or nothing when one of its parts is not a
// plain text term (a phrase of a field, which the text does not hold).
std::vector<std::string> phrase_terms(const Xapian::Query& phrase) {
  std::vector<std::string> terms;
  for (std::size_t i = 0; i < phrase.get_num_subqueries(); ++i) {
    const Xapian::Query part = phrase.get_subquery(i);
    if (part.get_type() != Xapian::Query::LEAF_TERM) return {};
    std::string term = leaf_term(part);
    if (!is_text_term(term)) return {};
    terms.push_back(std::move(term));
  }
  return terms;
}

// What a query asks to find in the text: its words and phrases, leaving out
// what a document must not have (NOT) and what only filters.
void collect(const Xapian::Query& query, std::vector<std::string>& words,
             std::vector<std::vector<std::string>>& phrases) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
      if (std::string term = leaf_term(query); is_text_term(term)) words.push_back(std::move(term));
      return;
    case Xapian::Query::OP_PHRASE:
      if (auto terms = phrase_terms(query); terms.size() > 1) {
        phrases.push_back(std::move(terms));
        return;
      }
      break;
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_FILTER:
      if (query.get_num_subqueries() > 0) collect(query.get_subquery(0), words, phrases);
      return;
    default:
      break;
  }
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    collect(query.get_subquery(i), words, phrases);
  }
}

// A word of a text: where it is (bytes) and the term the indexer made of it.
struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string term;
};

// A text as code points, each with its byte offset; one more entry (code
// point 0) at the end of the text, so looking one or two ahead is safe.
struct Char {
  unsigned ch = 0;
  std::size_t at = 0;
};

std::vector<Char> decode(const std::string& text) {
  const std::size_t size = text.size();
  // At most one code point a byte, and the two ends: filled in place, then
  // cut to what was read.
  std::vector<Char> chars(size + 2);
  Char* out = chars.data();
  for (std::size_t at = 0; at < size;) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80) {  // most of a clause text: one byte, one code point
      *out++ = {byte, at++};
      continue;
    }
    // Xapian decodes each character from its first byte alone (a byte that
    // starts no valid sequence is a character of its own), so decoding
    // from here reads what an iterator over the whole text would.
    Xapian::Utf8Iterator it(text.data() + at, size - at);
    *out++ = {*it, at};
    ++it;
    at = size - it.left();
  }
  *out++ = {0, size};
  *out++ = {0, size};
  chars.resize(static_cast<std::size_t>(out - chars.data()));
  return chars;
}

// What Xapian's Unicode tables say of the ASCII characters, read from them
// once: most words are ASCII, and a table look-up is much cheaper than
// Xapian's per character.
struct AsciiTable {
  bool word[128];
  bool digit[128];
  char lower[128];
  AsciiTable() {
    for (unsigned ch = 0; ch < 128; ++ch) {
      word[ch] = ch != 0 && Xapian::Unicode::is_wordchar(ch);
      digit[ch] = Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
      lower[ch] = static_cast<char>(Xapian::Unicode::tolower(ch));
    }
  }
};
const AsciiTable kAscii;

bool is_word(unsigned ch) { return ch < 128 ? kAscii.word[ch] : Xapian::Unicode::is_wordchar(ch); }
bool is_capital(unsigned ch) { return ch >= 'A' && ch <= 'Z'; }
bool is_digit(unsigned ch) {
  if (ch < 128) return kAscii.digit[ch];
  return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}
bool is_apostrophe(unsigned ch) { return ch == '\'' || ch == 0x2019 || ch == 0x201B; }
bool is_zero_width(unsigned ch) { return (ch >= 0x200B && ch <= 0x200D) || ch == 0x2060 || ch == 0xFEFF; }

// Initials ("B.V.", "U.S"): single capitals joined by dots are one word
// ("bv"), unless a word runs on from the last ("S.O.Sx", "N.Rich",
// "P.O.Box"). Returns where they end, `from` when there are none.
std::size_t read_initials(const std::vector<Char>& c, std::size_t from, std::string& word) {
  std::size_t last = from;
  while (is_capital(c[last].ch) && c[last + 1].ch == '.' && is_capital(c[last + 2].ch)) last += 2;
  const std::size_t end = last + 1;
  if (last == from || is_word(c[end].ch) || (c[end].ch == '.' && is_word(c[end + 1].ch))) return from;
  for (std::size_t i = from; i <= last; i += 2) word.push_back(static_cast<char>(c[i].ch - 'A' + 'a'));
  return end;
}

// A word from c[from] (a word character): word characters, joined by an
// apostrophe ("don't", "company’s", read as '), '&' ("AT&T") or a
// separator between digits ("1,000.50"); then up to three '+' or '#'
// ("C++", "C#"). Returns where it ends.
std::size_t read_word(const std::vector<Char>& c, std::size_t from, std::string& word) {
  std::size_t i = from;
  for (; is_word(c[i].ch) || (i > from && is_word(c[i + 1].ch)); ++i) {
    const unsigned ch = c[i].ch;
    if (is_word(ch)) {
      if (ch < 128) {
        word.push_back(kAscii.lower[ch]);
      } else {
        Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
      }
    } else if (is_apostrophe(ch)) {
      word.push_back('\'');
    } else if (ch == '&' || ch == 0xB7 || ch == 0x2027 ||
               ((ch == ',' || ch == '.' || ch == ';') && is_digit(c[i - 1].ch) && is_digit(c[i + 1].ch))) {
      Xapian::Unicode::append_utf8(word, ch);
    } else if (!is_zero_width(ch)) {
      break;
    }
  }
  std::size_t end = i;
  while (end < i + 4 && (c[end].ch == '+' || c[end].ch == '#')) ++end;
  if (end == i || end - i > 3 || is_word(c[end].ch)) return i;
  for (std::size_t k = i; k < end; ++k) word.push_back(static_cast<char>(c[k].ch));
  return end;
}

// The words of a text as Xapian's TermGenerator cuts them (read_initials,
// read_word; words over 64 bytes are left out, as it leaves them out),
// lower-cased and stemmed. With `wanted`, and a stemmer that keeps a word's
// first byte, a word whose first byte no wanted term has is left unstemmed
// (its term empty): it cannot match, and most words of a text are such.
std::vector<Token> tokenize(const std::string& text, MemoStem& stem, const FirstBytes* wanted = nullptr) {
  constexpr std::size_t kMaxWordBytes = 64;
  if (!stem.keeps_first_byte()) wanted = nullptr;
  const auto c = decode(text);
  std::vector<Token> tokens;
  std::vector<std::string> words;
  std::vector<std::size_t> stemmed;  // the token of each of `words`
  std::string word;
  for (std::size_t i = 0; i + 2 < c.size();) {
    if (!is_word(c[i].ch)) {
      ++i;
      continue;
    }
    word.clear();
    std::size_t end = read_initials(c, i, word);
    if (end == i) end = read_word(c, i, word);
    if (word.size() <= kMaxWordBytes) {
      if (wanted == nullptr || (*wanted)[static_cast<unsigned char>(word[0])]) {
        stemmed.push_back(tokens.size());
        words.push_back(word);
      }
      tokens.push_back({c[i].at, c[end].at, {}});
    }
    i = end;
  }
  stem.to_terms(words);
  for (std::size_t k = 0; k < words.size(); ++k) tokens[stemmed[k]].term = std::move(words[k]);
  return tokens;
}

// A match in a text: tokens [first, last), how much it counts, and what it
// matched (the same key for every match of one word or phrase).
struct Run {
  std::size_t first = 0;
  std::size_t last = 0;
  double weight = 0;
  const void* key = nullptr;
};

bool phrase_at(const std::vector<Token>& tokens, std::size_t at, const std::vector<std::string>& terms) {
  if (at + terms.size() > tokens.size()) return false;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (tokens[at + i].term != terms[i]) return false;
  }
  return true;
}

// Every match, left to right: at each word the longest phrase that starts
// there, else the word itself when the query has it.
std::vector<Run> find_runs(const Highlighter& marks, const std::vector<Token>& tokens) {
  std::vector<Run> runs;
  for (std::size_t i = 0; i < tokens.size();) {
    if (tokens[i].term.empty()) {  // left unstemmed: no term of the query's
      ++i;
      continue;
    }
    const Highlighter::Phrase* best = nullptr;
    for (const auto& phrase : marks.phrases()) {
      if ((!best || phrase.terms.size() > best->terms.size()) && phrase_at(tokens, i, phrase.terms)) {
        best = &phrase;
      }
    }
    if (best) {
      runs.push_back({i, i + best->terms.size(), best->weight, best});
      i += best->terms.size();
      continue;
    }
    if (const auto word = marks.words().find(tokens[i].term); word != marks.words().end()) {
      runs.push_back({i, i + 1, word->second, &*word});
    }
    ++i;
  }
  return runs;
}

// The runs [first, last) that fit in `bytes` from runs[first], and their
// score: each word or phrase counts fully once, a repeat a tenth.
struct Window {
  std::size_t first = 0;
  std::size_t last = 0;
  double score = -1;
};

Window best_window(const std::vector<Run>& runs, const std::vector<Token>& tokens, std::size_t bytes) {
  Window best;
  std::vector<const void*> seen;
  for (std::size_t first = 0; first < runs.size(); ++first) {
    const std::size_t begin = tokens[runs[first].first].begin;
    Window w{first, first, 0};
    seen.clear();
    while (w.last < runs.size() &&
           (w.last == first || tokens[runs[w.last].last - 1].end - begin <= bytes)) {
      const Run& run = runs[w.last++];
      const bool repeat = std::find(seen.begin(), seen.end(), run.key) != seen.end();
      w.score += repeat ? run.weight / 10 : run.weight;
      if (!repeat) seen.push_back(run.key);
    }
    if (w.score > best.score) best = w;
  }
  return best;
}

// Bytes [begin, end) of the passage: the chosen matches with context before
// them (from the start of the text when they are near it), cut at words,
// with the punctuation that ends the last word.
std::pair<std::size_t, std::size_t> passage(const std::string& text, const std::vector<Token>& tokens,
                                            std::size_t match_begin, std::size_t match_end,
                                            std::size_t bytes) {
  const std::size_t slack = bytes > match_end - match_begin ? bytes - (match_end - match_begin) : 0;
  std::size_t begin = match_begin <= slack ? 0 : match_begin - slack / 2;
  if (begin > 0) {
    const auto word = std::lower_bound(tokens.begin(), tokens.end(), begin,
                                       [](const Token& t, std::size_t at) { return t.begin < at; });
    begin = word == tokens.end() ? match_begin : std::min(word->begin, match_begin);
  }
  const std::size_t limit = std::max(match_end, std::min(text.size(), begin + bytes));
  if (limit == text.size()) return {begin, limit};
  std::size_t end = match_end;
  for (const auto& t : tokens) {
    if (t.begin >= begin && t.end <= limit) end = std::max(end, t.end);
  }
  if (end == begin) {  // one word longer than the passage: cut inside it
    end = limit;
    while (end > begin && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  }
  const auto punctuation = [](char c) {
    return c != ' ' && c != '\n' && c != '\t' && c != '\r' && static_cast<unsigned char>(c) < 0x80 &&
           !std::isalnum(static_cast<unsigned char>(c));
  };
  while (end < limit && punctuation(text[end])) ++end;
  return {begin, end};
}

void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
}

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

}  // namespace

struct MemoStem::Table {
  std::shared_mutex mu;
  std::unordered_map<std::string, std::string> terms;  // word -> "Z" + stem
};

MemoStem::MemoStem(const Xapian::Stem& stem) : stem_(stem) {
  // English (Porter 2: its exceptions, "dying" -> "die", keep the first
  // letter too) and no stemming never change a word's first byte; others
  // may (German takes the umlaut off: "über" -> "uber").
  const std::string description = stem.get_description();
  keeps_first_byte_ = description == "Xapian::Stem(english)" || description == "Xapian::Stem(none)";
  // One table per algorithm for the life of the process (a few languages).
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Table>> tables;
  const std::lock_guard lock(mu);
  auto& table = tables[description];
  if (!table) table = std::make_unique<Table>();
  table_ = table.get();
}

void MemoStem::to_terms(std::vector<std::string>& words) {
  std::vector<std::size_t> missed;
  {
    const std::shared_lock lock(table_->mu);
    for (std::size_t i = 0; i < words.size(); ++i) {
      const auto it = table_->terms.find(words[i]);
      if (it == table_->terms.end()) {
        missed.push_back(i);
      } else {
        words[i] = it->second;
      }
    }
  }
  if (missed.empty()) return;
  std::vector<std::pair<std::string, std::string>> learned;
  for (const std::size_t i : missed) {
    std::string term = std::string(layout::kStemPrefix) + stem_(words[i]);
    learned.emplace_back(std::move(words[i]), term);
    words[i] = std::move(term);
  }
  const std::unique_lock lock(table_->mu);
  if (table_->terms.size() + learned.size() > kMaxWords) table_->terms.clear();
  for (auto& [word, term] : learned) table_->terms.emplace(std::move(word), std::move(term));
}

std::vector<std::string> text_terms(const std::string& plain, const Xapian::Stem& stem) {
  std::vector<std::string> terms;
  MemoStem memo(stem);
  for (auto& token : tokenize(plain, memo)) terms.push_back(std::move(token.term));
  return terms;
}

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

bool is_stop_term(const std::string& term) {
  static const std::unordered_set<std::string> stems = [] {
    const Xapian::Stem stem{std::string(layout::kStemLanguage)};
    std::unordered_set<std::string> out;
    for (const auto word : kStopWords) out.insert(std::string(layout::kStemPrefix) + stem(std::string(word)));
    return out;
  }();
  return stems.count(term) > 0;
}

Highlighter::Highlighter(const Xapian::Query& query, const Xapian::Stem& stem, const Xapian::MSet* mset)
    : stem_(stem) {
  std::vector<std::string> words;
  std::vector<std::vector<std::string>> phrases;
  if (!query.empty()) collect(query, words, phrases);
  const auto weight = [&](const std::string& term) {
    // Rare words weigh more. From the exact term frequency, not from
    // Xapian's term weights: those are sums of floats whose last bits
    // depend on the shard layout, and a sharded index must pick the same
    // passage as a single one.
    Xapian::doccount frequency = 0;
    try {
      if (mset) frequency = mset->get_termfreq(term);
    } catch (const Xapian::InvalidArgumentError&) {
      // not a term of the match's own statistics
    }
    return 1.0 / std::log2(2.0 + frequency);
  };
  bool only_stop_words = true;
  for (const auto& terms : phrases) {
    Phrase phrase{terms, 0};
    for (const auto& t : terms) {
      phrase.weight += 2 * weight(t);  // a phrase beats its words apart
      only_stop_words = only_stop_words && is_stop_term(t);
    }
    phrases_.push_back(std::move(phrase));
  }
  for (const auto& t : words) only_stop_words = only_stop_words && is_stop_term(t);
  for (const auto& t : words) {
    if (only_stop_words || !is_stop_term(t)) words_.emplace(t, weight(t));
  }
  const std::size_t prefix = layout::kStemPrefix.size();
  for (const auto& [t, w] : words_) first_bytes_[static_cast<unsigned char>(t[prefix])] = true;
  for (const auto& phrase : phrases_) {
    for (const auto& t : phrase.terms) first_bytes_[static_cast<unsigned char>(t[prefix])] = true;
  }
}

std::string Highlighter::snippet(const std::string& plain, std::size_t bytes,
                                 const Xapian::Stem& text_stem) const {
  MemoStem memo(text_stem);
  return snippet(plain, bytes, memo);
}

std::string Highlighter::snippet(const std::string& plain, std::size_t bytes, MemoStem& text_stem) const {
  const auto tokens = tokenize(plain, text_stem, &first_bytes_);
  const auto runs = find_runs(*this, tokens);
  const Window window = runs.empty() ? Window{} : best_window(runs, tokens, bytes);
  const std::size_t match_begin = runs.empty() ? 0 : tokens[runs[window.first].first].begin;
  const std::size_t match_end = runs.empty() ? 0 : tokens[runs[window.last - 1].last - 1].end;
  const auto [begin, end] = passage(plain, tokens, match_begin, match_end, bytes);

  std::string out;
  out.reserve(end - begin + 64);
  if (begin > 0) out += kEllipsis;
  std::size_t at = begin;
  for (const auto& run : runs) {
    const std::size_t b = tokens[run.first].begin, e = tokens[run.last - 1].end;
    if (b < begin || e > end) continue;
    append_escaped(out, std::string_view(plain).substr(at, b - at));
    out += "<mark>";
    append_escaped(out, std::string_view(plain).substr(b, e - b));
    out += "</mark>";
    at = e;
  }
  append_escaped(out, std::string_view(plain).substr(at, end - at));
  if (plain.find_first_not_of(" \t\r\n", end) != std::string::npos) out += kEllipsis;
  return out;
}

}  // namespace clause::search
