// Builds and runs the Xapian queries of the similarity engine: the weighted
// term query for a clause's text (term selection per SimilarityOptions), the
// optional pseudo-relevance-feedback expansion, and the collapsed search.
// Internal to server/similarity.cpp. Not thread-safe (holds per-query state).
#pragma once

#include <xapian.h>

#include <functional>
#include <set>
#include <string>

#include "server/similar_idf.h"
#include "server/similar_terms.h"
#include "server/similarity.h"

namespace clause::similar {

class QueryBuilder {
 public:
  // cache (optional) gives the platform idfs (SimilarityOptions::platform_idf_mix).
  QueryBuilder(const Xapian::Database& db, const SimilarityOptions& options,
               IdfCache* cache = nullptr);

  // The weighted OR of the text's terms; empty when the text has none that
  // the index holds. own_platform (a slug, may be empty) is the platform whose
  // own vocabulary is dropped.
  Xapian::Query build(const std::string& text, const std::string& own_platform);

  // The terms build() kept, with their factors.
  const std::vector<QueryTerm>& selected() const { return selected_; }
  // The text's words in order (lower-cased, unstemmed), for the re-rank.
  const std::vector<std::string>& words() const { return words_; }

  // With feedback enabled, runs `first_pass` for the top clauses and adds the
  // best expansion terms of those clauses to `base`; otherwise returns base.
  using Search = std::function<Xapian::MSet(const Xapian::Query&, Xapian::doccount)>;
  Xapian::Query expand(const Xapian::Query& base, const Search& first_pass) const;

  // Runs a query with one clause per platform (collapse on the platform slot).
  Xapian::MSet search(const Xapian::Query& query, Xapian::doccount maxitems,
                      Xapian::doccount per_platform = 1) const;

  // A match's weight as a share of the query's maximum possible weight.
  static double normalise(double weight, const Xapian::MSet& mset);

 private:
  const Xapian::Database& db_;
  const SimilarityOptions& options_;
  IdfCache* cache_;
  std::set<std::string> query_terms_;
  std::vector<QueryTerm> selected_;
  std::vector<std::string> words_;
};

}  // namespace clause::similar
