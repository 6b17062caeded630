#include "similar/topics.h"

#include "similar/features.h"

namespace clause::similar {

TopicScorer::TopicScorer(const std::string& query_text) : query_(topic_mask(query_text)) {}

int TopicScorer::agreement(std::uint64_t candidate_topics) const {
  if (query_ == 0 || candidate_topics == 0) return 0;
  return (query_ & candidate_topics) != 0 ? 1 : -1;
}

int TopicScorer::agreement(const std::string& candidate_text) const {
  return query_ == 0 ? 0 : agreement(topic_mask(candidate_text));
}

}  // namespace clause::similar
