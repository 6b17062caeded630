#include "schema/type_features.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "schema/caching_stem.h"
#include "schema/fnv1a.h"
#include "schema/index_layout.h"
#include "schema/plain_text.h"

namespace clause {
namespace {

// The hash of `kind`, `a` and, when given, a space and `b`: a feature's
// bytes, hashed without joining them into a string.
std::uint32_t fnv1a(char kind, std::string_view a, std::string_view b = {}) {
  std::uint32_t h = fnv1a32_add(fnv1a32(std::string_view(&kind, 1)), a);
  return b.empty() ? h : fnv1a32_add(fnv1a32_add(h, " "), b);
}

bool is_negation(std::string_view stem) {
  static const char* const kWords[] = {"not", "no", "never", "nor", "neither", "none",
                                       "without", "cannot", "nobodi", "noth"};
  for (const char* w : kWords) {
    if (stem == w) return true;
  }
  // "don't", "won't", "isn't" (the stemmer keeps the apostrophe).
  return stem.size() > 3 && stem.compare(stem.size() - 3, 3, "n't") == 0;
}

// Keeps each word it is given with the stem it makes, in the order it is
// given them. With STEM_ALL_Z a TermGenerator stems each word it indexes
// once, in text order, and skips a word whose stem is empty (no term, no
// position): the non-empty stems kept are the text's stems in word order, as
// the indexer's positions would give them.
class KeepingStem : public Xapian::StemImplementation {
 public:
  using Kept = std::vector<std::pair<std::string, std::string>>;
  KeepingStem(Xapian::Stem inner, Kept* kept) : inner_(std::move(inner)), kept_(kept) {}
  std::string operator()(const std::string& word) override {
    std::string stem = inner_(word);
    kept_->emplace_back(word, stem);
    return stem;
  }
  std::string get_description() const override { return "keeping " + inner_.get_description(); }

 private:
  Xapian::Stem inner_;
  Kept* kept_;
};

// The text's words with their stems in word order, made by the same term
// generator settings as the indexer's (stem everything, Z prefix), with a
// stemmer that remembers its words (schema/caching_stem.h). The generator
// and its document are kept per thread; the document is cleared, not
// rebuilt, so that its allocations are reused from text to text.
KeepingStem::Kept words_in_order(std::string_view text) {
  thread_local KeepingStem::Kept kept;
  thread_local Xapian::TermGenerator generator = [] {
    Xapian::TermGenerator g;
    g.set_stemmer(Xapian::Stem(
        new KeepingStem(caching_stem(Xapian::Stem(std::string(layout::kStemLanguage))), &kept)));
    g.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    return g;
  }();
  thread_local Xapian::Document doc;
  doc.clear_terms();
  kept.clear();
  generator.set_document(doc);
  // Without positions: the words are kept in order by KeepingStem, and the
  // document's position lists would only be built to be thrown away.
  generator.index_text_without_positions(plain_text(text));
  return std::move(kept);
}

// The n-grams of a stem marked at both ends (n = 3: "^sell$" gives "^se",
// "sel", "ell", "ll$"), so a stem shorter than n still gives one feature.
// Bytes, not code points: characters in English words; a non-ASCII letter
// gives n-grams of its bytes, deterministic all the same.
void add_stem_ngrams(std::string_view stem, std::size_t n, std::vector<std::uint32_t>& out) {
  std::string marked;
  marked.reserve(stem.size() + 2);
  marked.append("^").append(stem).append("$");
  if (marked.size() <= n) {
    out.push_back(fnv1a('g', marked));
    return;
  }
  for (std::size_t at = 0; at + n <= marked.size(); ++at) {
    out.push_back(fnv1a('g', std::string_view(marked).substr(at, n)));
  }
}

constexpr std::string_view kWeightingNames[] = {"", "+logtf", "+logtf-idf"};

}  // namespace

std::string TypeFeatureScheme::name() const {
  if (*this == TypeFeatureScheme{}) return std::string(kTypeFeatureScheme);
  std::string out = "stems+pairs+negated";
  if (skip_pairs) out += "+skips";
  if (stem_ngrams > 0) out += "+grams" + std::to_string(stem_ngrams);
  out += kWeightingNames[static_cast<int>(weighting)];
  return out + "/v2";
}

std::optional<TypeFeatureScheme> TypeFeatureScheme::parse(std::string_view name) {
  // Every scheme this program makes, compared by name: there are few.
  for (const bool skips : {false, true}) {
    for (const std::size_t grams : {0, 3, 4, 5}) {
      for (const auto w : {TypeFeatureWeighting::binary, TypeFeatureWeighting::log_tf,
                           TypeFeatureWeighting::log_tf_idf}) {
        const TypeFeatureScheme scheme{skips, grams, w};
        if (scheme.name() == name) return scheme;
      }
    }
  }
  return std::nullopt;
}

void TypeFeatureIdf::index(std::uint32_t buckets) {
  dense_.assign(buckets, unseen);
  for (const auto& [bucket, idf] : by_bucket) {
    if (bucket < buckets) dense_[bucket] = idf;
  }
}

double TypeFeatureIdf::of(std::uint32_t bucket) const {
  if (bucket < dense_.size()) return dense_[bucket] / 1000.0;
  const auto it = std::lower_bound(by_bucket.begin(), by_bucket.end(), bucket,
                                   [](const auto& entry, std::uint32_t b) { return entry.first < b; });
  const std::uint16_t q = it != by_bucket.end() && it->first == bucket ? it->second : unseen;
  return q / 1000.0;
}

std::uint16_t TypeFeatureIdf::quantise(std::size_t clauses, std::size_t df) {
  const double idf = std::log((1.0 + double(clauses)) / (1.0 + double(df))) + 1.0;
  return static_cast<std::uint16_t>(std::clamp(std::lround(idf * 1000.0), 1L, 65535L));
}

TypeFeatureCounts type_feature_counts(const std::vector<std::uint32_t>& hashes, std::uint32_t buckets) {
  TypeFeatureCounts out;
  out.buckets = buckets;
  std::vector<std::uint32_t> all;
  all.reserve(hashes.size());
  for (const auto h : hashes) all.push_back(h % buckets);
  std::sort(all.begin(), all.end());
  out.bucket.reserve(all.size());
  out.count.reserve(all.size());
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j] == all[i]) ++j;
    out.bucket.push_back(all[i]);
    out.count.push_back(static_cast<std::uint32_t>(j - i));
    i = j;
  }
  return out;
}

std::vector<TypeFeatureValue> type_feature_values(const TypeFeatureCounts& counts,
                                                  TypeFeatureWeighting weighting, const TypeFeatureIdf* idf) {
  std::vector<TypeFeatureValue> out;
  out.reserve(counts.bucket.size());
  if (weighting == TypeFeatureWeighting::binary) {
    // Each feature has the value 1/sqrt(n): the vector has unit length.
    const double value = counts.bucket.empty() ? 0.0 : 1.0 / std::sqrt(double(counts.bucket.size()));
    for (const auto b : counts.bucket) out.push_back({b, value});
    return out;
  }
  // The idf of each feature is read from a 2 MB table: ask for them all
  // first, so the cache misses overlap (see TypeModel::label_scores).
  const bool with_idf = weighting == TypeFeatureWeighting::log_tf_idf && idf != nullptr;
  if (with_idf) {
    for (const auto b : counts.bucket) idf->prefetch(b);
  }
  // 1 + ln(count): a feature seldom occurs more than a few times a clause.
  static const auto kLogTf = [] {
    std::array<double, 32> t{};
    for (std::size_t n = 1; n < t.size(); ++n) t[n] = 1.0 + std::log(double(n));
    return t;
  }();
  double norm = 0;
  for (std::size_t k = 0; k < counts.bucket.size(); ++k) {
    const std::uint32_t n = counts.count[k];
    double value = n < kLogTf.size() ? kLogTf[n] : 1.0 + std::log(double(n));
    if (with_idf) value *= idf->of(counts.bucket[k]);
    out.push_back({counts.bucket[k], value});
    norm += value * value;
  }
  norm = std::sqrt(norm);
  for (auto& f : out) f.value /= norm;
  return out;
}

std::vector<TypeFeatureValue> type_feature_values(const std::vector<std::uint32_t>& hashes,
                                                  std::uint32_t buckets, TypeFeatureWeighting weighting,
                                                  const TypeFeatureIdf* idf) {
  return type_feature_values(type_feature_counts(hashes, buckets), weighting, idf);
}

std::vector<std::uint32_t> type_feature_hashes(std::string_view text, const TypeFeatureScheme& scheme,
                                               std::shared_ptr<const TextStems>* made) {
  auto words = words_in_order(text);
  std::vector<std::string_view> stems;
  stems.reserve(words.size());
  for (const auto& [word, stem] : words) {
    if (!stem.empty()) stems.push_back(stem);
  }
  std::vector<std::uint32_t> out;
  out.reserve(stems.size() * 3);
  int negated_left = 0;
  for (std::size_t i = 0; i < stems.size(); ++i) {
    out.push_back(fnv1a('w', stems[i]));
    if (i + 1 < stems.size()) out.push_back(fnv1a('b', stems[i], stems[i + 1]));
    if (scheme.skip_pairs && i + 2 < stems.size()) out.push_back(fnv1a('s', stems[i], stems[i + 2]));
    if (scheme.stem_ngrams > 0) add_stem_ngrams(stems[i], scheme.stem_ngrams, out);
    if (negated_left > 0) {
      out.push_back(fnv1a('n', stems[i]));
      --negated_left;
    }
    if (is_negation(stems[i])) negated_left = kNegationScope;
  }
  if (made != nullptr) *made = std::make_shared<const TextStems>(TextStems{std::string(text), std::move(words)});
  return out;
}

std::vector<std::uint32_t> type_feature_buckets(const std::vector<std::uint32_t>& hashes,
                                                std::uint32_t buckets) {
  return type_feature_counts(hashes, buckets).bucket;
}

std::vector<std::uint32_t> type_features(std::string_view text, std::uint32_t buckets) {
  return type_feature_buckets(type_feature_hashes(text), buckets);
}

}  // namespace clause
