// The features a clause-type model sees in a clause's text: the text's stems
// as the indexer makes them (Xapian's English stemmer over the TermGenerator's
// words), the pairs of adjacent stems, and the stems that follow a negation
// ("not", "never", "no", "don't", ...) marked as negated, so "we do not sell
// your data" and "we may sell your data" differ in more than one word; and,
// as a TypeFeatureScheme says, the n-grams of each stem and pairs of stems
// one word apart.
//
// Each feature is hashed (FNV-1a, 32 bits) into one of `buckets` buckets: a
// model stores weights per bucket, never the words themselves.
//
// Tokenising and stemming is the costly part, and it does not depend on the
// model: type_feature_hashes() does it once for a text, and each model buckets
// the hashes with its own bucket count (issue 17: indexing speed).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clause {

// The first feature scheme's name (binary values, no extra features).
inline constexpr std::string_view kTypeFeatureScheme = "stems+pairs+negated/v1";

// Words after a negation that are marked negated.
inline constexpr int kNegationScope = 3;

// The value a feature has in a clause's vector (the vector always has unit
// length): binary (1 for each distinct feature), sublinear term frequency
// (1 + ln tf), or that times the feature's inverse document frequency in the
// training clauses (the model then stores the idf of its features).
enum class TypeFeatureWeighting { binary, log_tf, log_tf_idf };

// Which features a clause has and what they weigh. Its name() is recorded in
// a model file: a model is only used with the scheme it was trained with.
struct TypeFeatureScheme {
  bool skip_pairs = false;        // also pairs of stems one word apart
  std::size_t stem_ngrams = 0;    // also the byte n-grams of each stem, marked at both ends (0: none)
  TypeFeatureWeighting weighting = TypeFeatureWeighting::binary;

  std::string name() const;
  // The scheme of a name(); nothing for a name this program does not make.
  static std::optional<TypeFeatureScheme> parse(std::string_view name);
  bool operator==(const TypeFeatureScheme&) const = default;
  // The same feature hashes (the weighting aside): one tokenisation serves both.
  bool same_hashes(const TypeFeatureScheme& o) const {
    return skip_pairs == o.skip_pairs && stem_ngrams == o.stem_ngrams;
  }
};

// The inverse document frequency of a model's features: ln((1 + N) / (1 +
// df)) + 1 over its N training clauses, in thousandths (as the file stores
// it); a bucket not listed has `unseen` (df 0).
struct TypeFeatureIdf {
  std::vector<std::pair<std::uint32_t, std::uint16_t>> by_bucket;  // sorted by bucket
  std::uint16_t unseen = 1000;
  double of(std::uint32_t bucket) const;
  // Makes of() one array read instead of a search (2 bytes a bucket): for a
  // model that predicts many clauses.
  void index(std::uint32_t buckets);
  // A hint that of(bucket) comes soon: the dense array's entry is fetched
  // into the cache (no effect when not indexed).
  void prefetch(std::uint32_t bucket) const {
    if (bucket < dense_.size()) __builtin_prefetch(&dense_[bucket]);
  }
  static std::uint16_t quantise(std::size_t clauses, std::size_t df);

 private:
  std::vector<std::uint16_t> dense_;  // by bucket, when indexed
};

struct TypeFeatureValue {
  std::uint32_t bucket = 0;
  double value = 0;
};

// The words of a text in order, each with its English stem (empty when the
// stemmer gave none), as the clause-type features tokenise it: Xapian's
// TermGenerator with STEM_ALL_Z, the indexer's settings. For English text
// they are what the index's own pass over the text would stem, so the
// document builder takes them instead of tokenising the text a second time
// (DocumentBuilder, issue 21). `text` is the text they are of, as given.
struct TextStems {
  std::string text;
  std::vector<std::pair<std::string, std::string>> words;  // word, stem
};

// The text's features as full 32-bit hashes, in text order, repeats kept;
// with `stems`, also the text's words and stems made on the way.
// Thread-safe (each thread keeps its own term generator).
std::vector<std::uint32_t> type_feature_hashes(std::string_view text,
                                               const TypeFeatureScheme& scheme = {},
                                               std::shared_ptr<const TextStems>* stems = nullptr);

// A text's features bucketed: its distinct buckets (sorted) and how often
// each occurs, which every weighting starts from. Made once for all the
// models of one bucket count (the shipped ones share theirs): the sort was
// a quarter of typing's CPU when each model made its own (issue 21).
struct TypeFeatureCounts {
  std::uint32_t buckets = 0;
  std::vector<std::uint32_t> bucket;  // sorted, distinct, each < buckets
  std::vector<std::uint32_t> count;   // how often each occurs
};
TypeFeatureCounts type_feature_counts(const std::vector<std::uint32_t>& hashes, std::uint32_t buckets);

// A clause's vector: its distinct buckets (sorted) with their values under
// `weighting`, of unit length. `idf` is needed for log_tf_idf only.
std::vector<TypeFeatureValue> type_feature_values(const TypeFeatureCounts& counts,
                                                  TypeFeatureWeighting weighting,
                                                  const TypeFeatureIdf* idf = nullptr);
std::vector<TypeFeatureValue> type_feature_values(const std::vector<std::uint32_t>& hashes,
                                                  std::uint32_t buckets, TypeFeatureWeighting weighting,
                                                  const TypeFeatureIdf* idf = nullptr);

// Sorted, distinct bucket numbers (each < buckets) of those hashes.
std::vector<std::uint32_t> type_feature_buckets(const std::vector<std::uint32_t>& hashes,
                                                std::uint32_t buckets);

// Both at once: the sorted, distinct bucket numbers of the text's features.
std::vector<std::uint32_t> type_features(std::string_view text, std::uint32_t buckets);

}  // namespace clause
