#include "indexer/clause_alignment.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "indexer/word_diff.h"

namespace clause {
namespace {

bool word_byte(unsigned char c) { return std::isalnum(c) != 0 || c >= 0x80; }

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
  std::size_t i = 0;
  bool first = true;
  while (i < text.size()) {
    while (i < text.size() && !word_byte(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) break;
    std::string word(text.substr(start, i - start));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool marked = i < text.size() && (text[i] == '.' || text[i] == ')');
    if (first && marked && enumerator(word)) continue;  // "1." "(a)" "iv)" lead the clause
    first = false;
    if (!out.empty()) out += ' ';
    out += word;
  }
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
