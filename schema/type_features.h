// The features a clause-type model sees in a clause's text: the text's stems
// as the indexer makes them (Xapian's English stemmer over the TermGenerator's
// words), the pairs of adjacent stems, and the stems that follow a negation
// ("not", "never", "no", "don't", ...) marked as negated, so "we do not sell
// your data" and "we may sell your data" differ in more than one word.
//
// Each feature is hashed (FNV-1a, 32 bits) into one of `buckets` buckets: a
// model stores weights per bucket, never the words themselves.
//
// Tokenising and stemming is the costly part, and it does not depend on the
// model: type_feature_hashes() does it once for a text, and each model buckets
// the hashes with its own bucket count (issue 17: indexing speed).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace clause {

// The feature scheme's name, recorded in a model file: a model is only used
// with the scheme it was trained with.
inline constexpr std::string_view kTypeFeatureScheme = "stems+pairs+negated/v1";

// Words after a negation that are marked negated.
inline constexpr int kNegationScope = 3;

// The text's features as full 32-bit hashes, in text order, repeats kept.
// Thread-safe (each thread keeps its own term generator).
std::vector<std::uint32_t> type_feature_hashes(std::string_view text);

// Sorted, distinct bucket numbers (each < buckets) of those hashes.
std::vector<std::uint32_t> type_feature_buckets(const std::vector<std::uint32_t>& hashes,
                                                std::uint32_t buckets);

// Both at once: the sorted, distinct bucket numbers of the text's features.
std::vector<std::uint32_t> type_features(std::string_view text, std::uint32_t buckets);

}  // namespace clause
