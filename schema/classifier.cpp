#include "schema/classifier.h"

#include <algorithm>
#include <cctype>
#include <numeric>

#include "schema/slug.h"

namespace clause {
namespace {

bool matches(const std::string& token, const std::string& word, bool prefix) {
  return prefix ? token.size() >= word.size() && token.compare(0, word.size(), word) == 0
                : token == word;
}

}  // namespace

std::vector<std::string> classifier_tokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string cur;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c)) {
      cur.push_back(static_cast<char>(std::tolower(c)));
    } else if (c == '\'') {
      // dropped inside a word: "don't" -> "dont"
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0x98 ||
                static_cast<unsigned char>(text[i + 2]) == 0x99)) {
      i += 2;  // typographic apostrophes, likewise
    } else if (c >= 0x80 && c != 0xE2 && c != 0xC2) {
      cur.push_back(static_cast<char>(c));  // letters of other scripts stay in the word
    } else {
      if (!cur.empty()) tokens.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(std::move(cur));
  return tokens;
}

int Classifier::compile_phrase(const std::string& phrase) {
  if (auto it = phrase_ids_.find(phrase); it != phrase_ids_.end()) return it->second;
  std::vector<WordSlot> words;
  std::size_t start = 0;
  while (start < phrase.size()) {
    std::size_t end = phrase.find(' ', start);
    if (end == std::string::npos) end = phrase.size();
    WordSlot slot;
    std::size_t a = start;
    while (a < end) {
      std::size_t b = phrase.find('|', a);
      if (b == std::string::npos || b > end) b = end;
      std::string alt = phrase.substr(a, b - a);
      const bool prefix = !alt.empty() && alt.back() == '*';
      if (prefix) alt.pop_back();
      // The alternative is tokenised like text, so "third-party" in a rule
      // would be two words; rules are validated to be plain words.
      const auto toks = classifier_tokens(alt);
      if (!toks.empty()) slot.push_back({toks.front(), prefix});
      a = b + 1;
    }
    if (!slot.empty()) words.push_back(std::move(slot));
    start = end + 1;
  }
  const int id = static_cast<int>(phrases_.size());
  if (!words.empty()) {
    for (const auto& alt : words.front()) {
      if (alt.prefix) by_prefix3_[alt.word.substr(0, 3)].push_back(id);
      else by_word_[alt.word].push_back(id);
    }
  }
  phrases_.push_back(std::move(words));
  phrase_ids_.emplace(phrase, id);
  return id;
}

Classifier::CompiledHints Classifier::compile_hints(const SeverityHints& hints) {
  CompiledHints h;
  for (const auto& p : hints.raise) h.raise.push_back(compile_phrase(p));
  for (const auto& p : hints.lower) h.lower.push_back(compile_phrase(p));
  return h;
}

Classifier::Classifier(const Taxonomy& taxonomy) : taxonomy_(taxonomy) {
  global_hints_ = compile_hints(taxonomy_.hints);
  for (const auto& c : taxonomy_.categories) {
    CompiledCategory cc;
    cc.threshold = c.threshold.value_or(taxonomy_.threshold);
    for (const auto& r : c.rules) {
      CompiledRule rule;
      rule.weight = r.weight;
      for (const auto& p : r.any) rule.any.push_back(compile_phrase(p));
      for (const auto& group : r.all) {
        std::vector<int> ids;
        for (const auto& p : group) ids.push_back(compile_phrase(p));
        rule.all.push_back(std::move(ids));
      }
      cc.rules.push_back(std::move(rule));
    }
    cc.hints = compile_hints(c.hints);
    categories_.push_back(std::move(cc));
  }
}

std::vector<char> Classifier::find_phrases(const std::vector<std::string>& tokens) const {
  std::vector<char> found(phrases_.size(), 0);
  auto try_phrase = [&](int id, std::size_t at) {
    if (found[id]) return;
    const auto& words = phrases_[id];
    if (at + words.size() > tokens.size()) return;
    for (std::size_t k = 1; k < words.size(); ++k) {
      const auto& slot = words[k];
      const bool ok = std::any_of(slot.begin(), slot.end(), [&](const Alternative& a) {
        return matches(tokens[at + k], a.word, a.prefix);
      });
      if (!ok) return;
    }
    // The first word: exact candidates matched by lookup, prefix ones need a check.
    const auto& first = words.front();
    if (std::any_of(first.begin(), first.end(), [&](const Alternative& a) {
          return matches(tokens[at], a.word, a.prefix);
        })) {
      found[id] = 1;
    }
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (auto it = by_word_.find(tokens[i]); it != by_word_.end()) {
      for (int id : it->second) try_phrase(id, i);
    }
    if (tokens[i].size() >= 3) {
      if (auto it = by_prefix3_.find(tokens[i].substr(0, 3)); it != by_prefix3_.end()) {
        for (int id : it->second) try_phrase(id, i);
      }
    }
  }
  return found;
}

int Classifier::severity_steps(const std::vector<char>& found, const CompiledHints& h) const {
  auto count = [&](const std::vector<int>& ids) {
    return static_cast<int>(std::count_if(ids.begin(), ids.end(), [&](int id) { return found[id]; }));
  };
  return count(h.raise) - count(h.lower);
}

Severity Classifier::category_severity(const std::vector<char>& found, std::string_view name) const {
  int base = severity_rank(Severity::medium);
  int steps = severity_steps(found, global_hints_);
  const std::string slug = slugify(name);
  for (std::size_t i = 0; i < categories_.size(); ++i) {
    if (slugify(taxonomy_.categories[i].name) != slug) continue;
    base = severity_rank(taxonomy_.categories[i].severity);
    steps += severity_steps(found, categories_[i].hints);
    break;
  }
  steps = std::clamp(steps, -kMaxSeveritySteps, kMaxSeveritySteps);
  return static_cast<Severity>(std::clamp(base + steps, 1, 4));
}

Classification Classifier::classify(std::string_view text) const {
  const auto tokens = classifier_tokens(text);
  if (tokens.size() < taxonomy_.min_words) return {};
  const auto found = find_phrases(tokens);
  std::vector<std::pair<double, std::size_t>> hits;
  for (std::size_t i = 0; i < categories_.size(); ++i) {
    double score = 0;
    for (const auto& r : categories_[i].rules) {
      const bool any = r.any.empty() ||
                       std::any_of(r.any.begin(), r.any.end(), [&](int id) { return found[id]; });
      const bool all = std::all_of(r.all.begin(), r.all.end(), [&](const std::vector<int>& g) {
        return std::any_of(g.begin(), g.end(), [&](int id) { return found[id]; });
      });
      if (any && all) score += r.weight;
    }
    if (score >= categories_[i].threshold && score > 0) hits.emplace_back(score, i);
  }
  // Best first; equal scores keep taxonomy order, so results are deterministic.
  std::stable_sort(hits.begin(), hits.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  if (hits.size() > taxonomy_.max_categories) hits.resize(taxonomy_.max_categories);
  Classification out;
  for (const auto& [score, i] : hits) {
    out.categories.push_back(taxonomy_.categories[i].name);
    out.scores.push_back(score);
    const Severity s = category_severity(found, taxonomy_.categories[i].name);
    if (!out.severity || severity_rank(s) > severity_rank(*out.severity)) out.severity = s;
  }
  return out;
}

std::optional<Severity> Classifier::severity(std::string_view text,
                                             const std::vector<std::string>& categories) const {
  if (categories.empty()) return std::nullopt;
  const auto found = find_phrases(classifier_tokens(text));
  std::optional<Severity> worst;
  for (const auto& c : categories) {
    const Severity s = category_severity(found, c);
    if (!worst || severity_rank(s) > severity_rank(*worst)) worst = s;
  }
  return worst;
}

void Classifier::apply(ClauseRecord& record) const {
  if (record.categories.empty()) {
    Classification c = classify(record.text);
    record.categories = std::move(c.categories);
    if (!record.severity) record.severity = c.severity;
    return;
  }
  if (!record.severity) record.severity = severity(record.text, record.categories);
}

}  // namespace clause
