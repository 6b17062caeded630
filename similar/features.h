// What the similarity re-rank compares of a clause's text, computed once per
// text: its stemmed word pairs (shingles, as 64-bit hashes), its word count,
// whether it holds a negation, and the taxonomy classifier's categories.
// Kept apart from the scorers (similar/rerank.h, similar/topics.h) so that a
// snapshot of the index (similar/snapshot.h) can hold them per clause, and
// the engine compares them per request without tokenising, stemming or
// classifying a candidate again. Both paths use these functions, so they
// give the same scores.
// Internal to the similarity engine. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace clause::similar {

struct TextFeatures {
  std::vector<std::uint64_t> pairs;  // hashes of "stem stem" of adjacent words, sorted, unique
  std::uint32_t words = 0;           // words in the text
  bool negated = false;              // holds "not", "never", "...n't" (has_negation)
  std::uint64_t topics = 0;          // bit i: category i of the default taxonomy (topic_mask)
};

// The features of plain text (title and text of a record, as record_text()
// gives them), tokenised as the indexer does. Topics only when asked (the
// classifier is the costly part).
TextFeatures text_features(const std::string& text, bool with_topics);

// The same pairs from words already tokenised (lower-cased, unstemmed, in order).
std::vector<std::uint64_t> word_pairs(const std::vector<std::string>& words);

// True when the words (lower-cased, unstemmed) hold a negation.
bool has_negation(const std::vector<std::string>& words);

// The default taxonomy's categories of a text, as bits (a taxonomy of more
// than 64 categories keeps the first 64).
std::uint64_t topic_mask(const std::string& text);

// The plain title and text of a stored record, as the indexer reads them:
// the text the features above are computed from. Empty when the record is
// not a JSON object.
std::string record_text(const std::string& record_json);

// |a ∩ b| for two sorted, unique lists.
std::size_t shared_count(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b);

}  // namespace clause::similar
