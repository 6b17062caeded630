// The candidate search of the similarity engine: "the best clause of each
// platform for a weighted OR of terms", on Xapian (any database: one index,
// shards, remote shards) or on a snapshot of a single index
// (similar/snapshot.h), which computes the same BM25 weights over arrays.
// Internal to the similarity engine. Not thread-safe (per request).
#pragma once

#include <xapian.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "similar/bm25.h"
#include "similar/snapshot.h"
#include "similar/terms.h"

namespace clause::similar {

struct MatchSpec {
  std::vector<QueryTerm> terms;  // OR of the terms, each term's BM25 weight x its factor
  // Set: only clauses of any of these clause types, every one of them (a
  // clause holding none of the terms weighs 0), ranked by the terms.
  std::vector<std::string> types;
  // Set: only clauses in any of these categories (none when empty).
  const std::vector<std::string>* categories = nullptr;
  std::vector<std::string> excluded;  // platform slugs left out
};

struct Match {
  Xapian::docid id = 0;
  double weight = 0;
  std::string platform;  // slug
};

class Matcher {
 public:
  virtual ~Matcher() = default;
  // The best `per_platform` clauses of each platform that weigh at least
  // min_weight, best first, at most maxitems. Equal weights go by platform
  // slug, then docid (within one platform).
  virtual std::vector<Match> search(const MatchSpec& spec, Xapian::doccount maxitems,
                                    Xapian::doccount per_platform = 1, double min_weight = 0) = 0;
  // How many platforms hold a clause of the spec's types (which must be set)
  // that passes its filters; its terms are ignored. Exact, and the same on
  // shards (a boolean filter collapsed by platform). platforms_total bounds
  // the answer (the index's platforms).
  virtual std::size_t count_platforms(const MatchSpec& spec, Xapian::doccount platforms_total) = 0;
};

// The Xapian query of a spec (weighted OR, type and category filters, the
// excluded platforms left out).
Xapian::Query to_query(const MatchSpec& spec);

// Runs a query with one clause per platform (collapse on the platform slot)
// and the tie order above.
Xapian::MSet collapsed_search(const Xapian::Database& db, const Bm25Params& params, const Xapian::Query& query,
                              Xapian::doccount maxitems, Xapian::doccount per_platform, double min_weight);

std::unique_ptr<Matcher> xapian_matcher(const Xapian::Database& db, const Bm25Params& params);
// With the snapshot's BM25 parameters (Snapshot::params()). One clause per
// platform only (per_platform must be 1). The weights of a spec's terms are
// kept between calls, so passes whose terms extend the previous pass's (the
// feedback pass, then the expanded query) add only the new terms.
std::unique_ptr<Matcher> snapshot_matcher(const Snapshot& snapshot);

// Query expansion from a snapshot: the terms Enquire::get_eset(max_terms,
// rset, USE_EXACT_TERMFREQ, decider) gives with Xapian 1.4's default
// expansion scheme (TradEWeight, k = 1), in its order (heaviest first,
// equal weights by the larger term), for the terms `accept` takes.
// Computed over the snapshot's termlists and statistics, so it costs no
// index reads (tests/similar_snapshot_test.cpp compares it with get_eset).
std::vector<std::string> snapshot_expansion(const Snapshot& snapshot, const std::vector<Xapian::docid>& rset,
                                            std::size_t max_terms,
                                            const std::function<bool(const std::string&)>& accept);

}  // namespace clause::similar
