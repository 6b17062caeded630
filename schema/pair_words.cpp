#include "schema/pair_words.h"

#include <algorithm>
#include <sstream>
#include <utility>
#include <vector>

#include "schema/index_layout.h"

namespace clause {

PairWords PairWords::parse(std::string_view text) {
  PairWords words;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    std::istringstream stems(line.substr(0, line.find('#')));
    for (std::string stem; stems >> stem;) words.stems_.insert(std::move(stem));
  }
  return words;
}

std::string PairWords::to_metadata() const {
  std::vector<std::string> sorted(stems_.begin(), stems_.end());
  std::sort(sorted.begin(), sorted.end());
  std::string out;
  for (const auto& stem : sorted) out += stem + "\n";
  return out;
}

std::string_view text_stem(std::string_view term) {
  const std::string_view prefix = layout::kStemPrefix;
  if (term.size() <= prefix.size() || term.substr(0, prefix.size()) != prefix) return {};
  const char first = term[prefix.size()];
  if (first >= 'A' && first <= 'Z') return {};  // a field's stem (ZS: title)
  return term.substr(prefix.size());
}

void PairWords::add_run_pair_terms(const std::vector<std::string_view>& run, Xapian::Document& doc) const {
  if (stems_.empty()) return;
  bool previous_listed = false;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const bool listed = contains(run[i]);
    if (listed && previous_listed) doc.add_boolean_term(layout::pair_term(run[i - 1], run[i]));
    previous_listed = listed;
  }
}

}  // namespace clause
