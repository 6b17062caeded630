#include "indexer/clause_alignment.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "schema/word_diff.h"
#include "schema/utf8.h"

namespace clause {
namespace {

// How a code point takes part in a clause's wording.
enum class Role { word, invisible, separator };

// Letters and digits make words. Typographic punctuation and symbols (curly
// quotes, dashes, bullets, arrows, emoji) separate them as ASCII punctuation
// does, so that '“' against '"' or '●' against '•' is formatting. Invisible
// characters (zero-width spaces and joiners, soft hyphen, byte-order mark,
// variation selectors) are dropped: they watermark or hyphenate a word
// without changing it.
Role role(char32_t c) {
  if (c < 0x80) return std::isalnum(static_cast<int>(c)) != 0 ? Role::word : Role::separator;
  if (c == 0xAD || (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
      (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0000 && c <= 0xE007F)) {
    return Role::invisible;
  }
  const bool punctuation_or_symbol =
      (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||  // C1, Latin-1 punctuation and signs
      (c >= 0x2000 && c <= 0x2BFF) ||                        // general punctuation .. misc symbols and arrows
      (c >= 0x3000 && c <= 0x303F) ||                        // CJK punctuation
      (c >= 0xFF01 && c <= 0xFF0F) || c == 0xFFFD ||         // full-width punctuation, replacement
      (c >= 0x1F000 && c <= 0x1FAFF);                        // emoji and pictographs
  return punctuation_or_symbol ? Role::separator : Role::word;
}

// "1", "12", "iv", "a" as a first word, when the original marked it as an
// enumerator: the caller passes only words that were followed by "." or ")".
bool enumerator(std::string_view w) {
  if (w.empty() || w.size() > 4) return false;
  if (std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) return true;
  if (w.size() == 1) return true;
  return std::all_of(w.begin(), w.end(), [](char c) { return std::string_view("ivxlc").find(c) != std::string_view::npos; });
}

std::set<std::string> bigrams(std::string_view form) {
  const auto words = split_words(form);
  std::set<std::string> out;
  if (words.size() == 1) out.emplace(words[0]);
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    out.emplace(std::string(words[i]) + ' ' + std::string(words[i + 1]));
  }
  return out;
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() && b.empty()) return 1;
  std::size_t common = 0;
  for (const auto& g : a) common += b.count(g);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

double relative(std::size_t i, std::size_t n) { return n <= 1 ? 0 : static_cast<double>(i) / static_cast<double>(n - 1); }

}  // namespace

std::string wording_form(std::string_view text) {
  std::string out;
  std::string word;
  bool leading = true;       // no word kept yet: enumerators may still be dropped
  bool in_numbering = false; // the last dropped word was a number followed by "."
  const auto finish_word = [&](char32_t after) {
    if (word.empty()) return;
    const bool marked = after == '.' || after == ')';
    const bool number = std::all_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    // "1." "(a)" "iv)" lead a clause, and so do "5.4" and "17.15.": drop them.
    if (leading && ((marked && enumerator(word)) || (in_numbering && number))) {
      in_numbering = number && after == '.';
    } else {
      leading = false;
      if (!out.empty()) out += ' ';
      out += word;
    }
    word.clear();
  };
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t c = utf8::next(text, pos);
    switch (role(c)) {
      case Role::word:
        if (c < 0x80) word += static_cast<char>(std::tolower(static_cast<int>(c)));
        else utf8::append(word, c);
        break;
      case Role::invisible:
        break;
      case Role::separator:
        finish_word(c);
        break;
    }
  }
  finish_word(0);
  return out;
}

double bigram_jaccard(std::string_view form_a, std::string_view form_b) {
  return jaccard(bigrams(form_a), bigrams(form_b));
}

Alignment align_clauses(const std::vector<std::string>& old_texts,
                        const std::vector<std::string>& new_texts) {
  Alignment out;
  out.clauses.resize(new_texts.size());
  std::vector<bool> old_taken(old_texts.size(), false);
  std::vector<bool> new_taken(new_texts.size(), false);
  // 1 and 2: equal texts, then equal wordings, matched in document order.
  const auto match_equal = [&](const std::vector<std::string>& olds, const std::vector<std::string>& news,
                               AlignKind kind) {
    std::multimap<std::string_view, std::size_t> by_text;
    for (std::size_t i = 0; i < olds.size(); ++i) {
      if (!old_taken[i]) by_text.emplace(olds[i], i);
    }
    for (std::size_t j = 0; j < news.size(); ++j) {
      if (new_taken[j]) continue;
      const auto it = by_text.find(news[j]);
      if (it == by_text.end()) continue;
      out.clauses[j] = {kind, it->second, 1.0};
      old_taken[it->second] = new_taken[j] = true;
      by_text.erase(it);
    }
  };
  match_equal(old_texts, new_texts, AlignKind::unchanged);
  std::vector<std::string> old_forms, new_forms;
  for (const auto& t : old_texts) old_forms.push_back(wording_form(t));
  for (const auto& t : new_texts) new_forms.push_back(wording_form(t));
  match_equal(old_forms, new_forms, AlignKind::formatting);
  // 3: the remaining pairs by bigram similarity, best first.
  std::vector<std::set<std::string>> old_grams(old_texts.size()), new_grams(new_texts.size());
  for (std::size_t i = 0; i < old_texts.size(); ++i) {
    if (!old_taken[i]) old_grams[i] = bigrams(old_forms[i]);
  }
  struct Pair {
    double score, similarity;
    std::size_t old_index, new_index;
  };
  std::vector<Pair> pairs;
  for (std::size_t j = 0; j < new_texts.size(); ++j) {
    if (new_taken[j]) continue;
    new_grams[j] = bigrams(new_forms[j]);
    for (std::size_t i = 0; i < old_texts.size(); ++i) {
      if (old_taken[i]) continue;
      const double similarity = jaccard(old_grams[i], new_grams[j]);
      const double score =
          similarity - kPositionPenalty * std::abs(relative(i, old_texts.size()) - relative(j, new_texts.size()));
      if (score >= kModifiedThreshold) pairs.push_back({score, similarity, i, j});
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.new_index != b.new_index ? a.new_index < b.new_index : a.old_index < b.old_index;
  });
  for (const auto& p : pairs) {
    if (old_taken[p.old_index] || new_taken[p.new_index]) continue;
    out.clauses[p.new_index] = {AlignKind::modified, p.old_index, p.similarity};
    old_taken[p.old_index] = new_taken[p.new_index] = true;
  }
  for (std::size_t i = 0; i < old_texts.size(); ++i) {
    if (!old_taken[i]) out.removed.push_back(i);
  }
  return out;
}

}  // namespace clause
