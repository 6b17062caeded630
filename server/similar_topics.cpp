#include "server/similar_topics.h"

#include <algorithm>

#include "schema/classifier.h"
#include "schema/taxonomy.h"

namespace clause::similar {
namespace {

const Classifier& classifier() {
  static const Classifier instance(default_taxonomy());
  return instance;
}

// The text's categories, sorted.
std::vector<std::string> topics(const std::string& text) {
  auto categories = classifier().classify(text).categories;
  std::sort(categories.begin(), categories.end());
  return categories;
}

}  // namespace

TopicScorer::TopicScorer(const std::string& query_text) : query_(topics(query_text)) {}

int TopicScorer::agreement(const std::string& candidate_text) const {
  if (query_.empty()) return 0;
  const auto other = topics(candidate_text);
  if (other.empty()) return 0;
  for (const auto& c : other) {
    if (std::binary_search(query_.begin(), query_.end(), c)) return 1;
  }
  return -1;
}

}  // namespace clause::similar
