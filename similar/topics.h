// Topic agreement for the similarity re-rank: the taxonomy's rule classifier
// (schema/classifier.h, default taxonomy) run on the query text and on a
// candidate's text (as category bits, similar/features.h). Two clauses the
// classifier puts in the same category are more likely the same kind of
// clause than their words alone say. The taxonomy is ours
// (schema/taxonomy.json), not taken from any corpus.
// Internal to the similarity engine. Thread-safe (const after construction).
#pragma once

#include <cstdint>
#include <string>

namespace clause::similar {

class TopicScorer {
 public:
  explicit TopicScorer(const std::string& query_text);

  // +1 when the texts share a category, -1 when both have categories and
  // share none, 0 when either has none.
  int agreement(std::uint64_t candidate_topics) const;
  int agreement(const std::string& candidate_text) const;
  bool query_has_topics() const { return query_ != 0; }

 private:
  std::uint64_t query_ = 0;  // category bits (topic_mask)
};

}  // namespace clause::similar
