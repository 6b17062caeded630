// bench_similar_quality --held-out: the count estimates compared in one run
// (docs/similarity.md "Types, second round"), computed per query from what
// the run measured: the truth, the type-led answer, today's bar count, and
// the query's type distribution with each type's platforms (N_t).
#pragma once

#include <string>
#include <vector>

namespace clause::bench {

// One estimate of the count per query, against the truth.
struct CountSeries {
  std::vector<double> estimate, truth;
  void add(double e, double t) { estimate.push_back(e), truth.push_back(t); }
};

// Prints one row: median relative error, share within +-50 %, Spearman.
void print_count(const std::string& corpus, const std::string& what, const CountSeries& s);

// A probable type of a query: its share and the other platforms of the
// indexed half holding a clause of it (given or predicted, as the index
// holds them).
struct ShareCount {
  double share = 0;
  double platforms = 0;
  // The expected number of those platforms that truly hold one, were each
  // clause's confidence its chance: sum over platforms of 1 - prod(1 - c).
  double soft_platforms = 0;
};

// What one query gave, for the offline estimates and the per-band tables.
struct QueryRow {
  double truth = 0;       // other platforms truly holding a clause of its type
  bool led = false;       // the new method led by type
  double led_count = 0;   // the new method's platforms_with_similar
  double led_soft = 0;    // led: its type's soft_platforms (ShareCount)
  double bar = 0;         // today's (the text method's) count by the bar
  double p10_new = 0, p10_today = 0;
  std::vector<ShareCount> shares;  // every type, best first ("none" left out)
  double none = 1;                 // the share of "none" (1 - the types' shares)
};

// The estimates, each a row, then a table per band of the query's top
// share: queries, P@10 of the new method and today's, and the count errors.
void print_count_variants(const std::string& corpus, const std::vector<QueryRow>& rows);

}  // namespace clause::bench
