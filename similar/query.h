// Builds and runs the Xapian queries of the similarity engine: the weighted
// term query for a clause's text (term selection per SimilarityOptions), the
// optional pseudo-relevance-feedback expansion, and the collapsed search.
// Internal to the similarity engine. Not thread-safe (holds per-query state).
#pragma once

#include <xapian.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include "similar/bm25.h"
#include "similar/snapshot.h"
#include "similar/terms.h"
#include "similar/types.h"

namespace clause::similar {

class QueryBuilder {
 public:
  // With a snapshot (of db's revision), term frequencies come from it.
  QueryBuilder(const Xapian::Database& db, const SimilarityOptions& options,
               const Snapshot* snapshot = nullptr);

  // The weighted OR of the text's terms; empty when the text has none that
  // the index holds. own_platform (a slug, may be empty) is the platform whose
  // own vocabulary is dropped. doclen is the length of the clause the text
  // comes from (Document length in the index); 0 means the text's own length.
  Xapian::Query build(const std::string& text, const std::string& own_platform,
                      Xapian::termcount doclen = 0);

  // The terms build() kept, with their factors.
  const std::vector<QueryTerm>& selected() const { return selected_; }
  // The text's words in order (lower-cased, unstemmed), for the re-rank.
  const std::vector<std::string>& words() const { return words_; }

  // With feedback enabled, runs `first_pass` for the top clauses and adds the
  // best expansion terms of those clauses to `base`; otherwise returns base.
  using Search = std::function<Xapian::MSet(const Xapian::Query&, Xapian::doccount)>;
  Xapian::Query expand(const Xapian::Query& base, const Search& first_pass) const;

  // Pseudo relevance feedback: the best expansion terms of the clauses `top`
  // (Xapian's ESet; words only, none of the selected terms), each with wqf 1
  // and factor feedback_weight. Empty when feedback is off or top is empty.
  // With a snapshot (of the database's revision) the ESet is computed from it.
  std::vector<QueryTerm> feedback_terms(const std::vector<Xapian::docid>& top,
                                        const Snapshot* snapshot = nullptr) const;
  // How many top clauses feedback asks for (0: none).
  Xapian::doccount feedback_docs() const;

  // Runs a query with one clause per platform (collapse on the platform
  // slot), leaving out clauses that weigh less than min_weight.
  Xapian::MSet search(const Xapian::Query& query, Xapian::doccount maxitems,
                      Xapian::doccount per_platform = 1, double min_weight = 0) const;

  // The weight the query clause gets for the query build() made (its
  // selected terms; not the feedback terms): see similar/bm25.h.
  double self_weight() const { return self_weight_; }
  // A match's weight as a share of the self weight, in [0, 1]: the same on
  // any index layout, since both use the combined statistics.
  double share(double weight) const { return std::min(1.0, ratio(weight)); }
  // The same, uncapped: a clause shorter than the query may weigh more.
  double ratio(double weight) const { return self_weight_ > 0 ? weight / self_weight_ : 0.0; }
  // The BM25 parameters of every search (per the method).
  const Bm25Params& params() const { return params_; }

 private:
  const Xapian::Database& db_;
  const SimilarityOptions& options_;
  const Snapshot* snapshot_;
  Bm25Params params_;
  double self_weight_ = 0;
  std::set<std::string> query_terms_;
  std::vector<QueryTerm> selected_;
  std::vector<std::string> words_;
};

}  // namespace clause::similar
