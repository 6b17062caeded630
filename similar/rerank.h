// Re-ranking of the similarity engine's candidates by the cosine of tf-idf
// vectors: a symmetric measure (a long clause that happens to hold the query's
// words scores lower than a clause of the same length and wording), in [0, 1].
// Internal to the similarity engine. Not thread-safe (caches per query).
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <unordered_set>
#include <vector>

#include "similar/features.h"
#include "similar/idf.h"
#include "similar/snapshot.h"
#include "similar/terms.h"
#include "similar/unit_vector.h"

namespace clause::similar {

class CosineScorer {
 public:
  // With a snapshot, the candidates' termlists and idfs come from it (it must
  // be of db's revision); else with a cache, idfs come from (and go to) it;
  // without either, from the index.
  CosineScorer(const Xapian::Database& db, const std::vector<QueryTerm>& query_terms,
               IdfCache* cache = nullptr, const Snapshot* snapshot = nullptr);

  // Cosine between the query and the document's matchable terms; when
  // `vector` is given, the document's unit tf-idf vector is stored there.
  double score(Xapian::docid doc, TermVector* vector = nullptr);
  // The query's own unit vector (its terms as weighted above), in the
  // query's term order.
  TermVector query_vector() const;

 private:
  double weight(const std::string& term, Xapian::termcount wdf);
  std::uint32_t key(const std::string& term);
  double query_weight(std::uint32_t key) const;

  const Xapian::Database& db_;
  IdfCache* cache_;
  const Snapshot* snapshot_;
  double total_;
  std::unordered_map<std::string, double> idf_;
  std::unordered_map<std::string, std::uint32_t> keys_;  // without a snapshot
  std::unordered_map<std::uint32_t, double> query_;      // by key
  TermVector query_order_;                               // the same, in the query's order
  double query_norm_ = 0;
};

// Feedback in the re-rank (Rocchio): the cosine of each vector with the
// centroid of the `k` best others (leave-one-out, so a vector never agrees
// with itself). `vectors` are in rank order; result parallel to it; 0 for an
// empty vector or when fewer than 2 vectors.
std::vector<double> centroid_agreement(const std::vector<const TermVector*>& vectors, std::size_t k);

// Word-pair (shingle) overlap and negation mismatch between the query text
// and a candidate's title and text (features of similar/features.h: the
// text re-tokenised as the indexer does, words stemmed).
class ShingleScorer {
 public:
  explicit ShingleScorer(const std::vector<std::string>& query_words);

  struct Match {
    double dice = 0;                // 2 |shared pairs| / (|query pairs| + |candidate pairs|)
    bool negation_differs = false;  // exactly one of the two holds a negation
    double length_ratio = 0;        // |ln((candidate words + 1) / (query words + 1))|
  };
  // pairs: the candidate's sorted, unique pair hashes.
  Match score(std::span<const std::uint64_t> pairs, std::uint32_t words, bool negated) const;
  Match score(const TextFeatures& f) const { return score(f.pairs, f.words, f.negated); }
  Match score(const std::string& record_json) const;
  Match score_text(const std::string& text) const;

 private:
  std::vector<std::uint64_t> query_pairs_;
  bool query_negated_ = false;
  std::size_t query_words_ = 0;
};

}  // namespace clause::similar
