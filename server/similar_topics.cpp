#include "server/similar_topics.h"

#include <algorithm>
#include <map>

#include "schema/classifier.h"
#include "schema/taxonomy.h"

namespace clause::similar {
namespace {

const Classifier& classifier() {
  static const Classifier instance(default_taxonomy());
  return instance;
}

}  // namespace

std::vector<std::string> TopicScorer::topics(const std::string& text) {
  auto categories = classifier().classify(text).categories;
  std::sort(categories.begin(), categories.end());
  return categories;
}

int TopicScorer::agreement(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  for (const auto& c : b) {
    if (std::binary_search(a.begin(), a.end(), c)) return 1;
  }
  return -1;
}

std::vector<std::string> TopicScorer::consensus(const std::vector<const std::vector<std::string>*>& sets) {
  std::map<std::string, std::size_t> count;
  for (const auto* s : sets) {
    for (const auto& c : *s) ++count[c];
  }
  std::vector<std::string> out;
  for (const auto& [c, n] : count) {
    if (2 * n > sets.size()) out.push_back(c);
  }
  return out;  // sorted: map order
}

TopicScorer::TopicScorer(const std::string& query_text) : query_(topics(query_text)) {}

int TopicScorer::agreement(const std::string& candidate_text) const {
  if (query_.empty()) return 0;
  return agreement(query_, topics(candidate_text));
}

}  // namespace clause::similar
