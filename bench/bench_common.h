// Shared pieces of the benchmark harnesses: the query set (bench/queries.txt),
// its translation for each engine, latency statistics, the one-line result
// format the drivers (bench/run_*.sh, bench/report.py) read, and the inputs
// several benches load the same way (a taxonomy, a clause file, the ids of an
// index). Written once so that every bench computes its p50/p99 alike.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/build_paths.h"
#include "schema/clause_record.h"
#include "schema/taxonomy.h"
#include "similar/types.h"

namespace Xapian {
class Database;
}

namespace clause::bench {

using Clock = std::chrono::steady_clock;

// The SearchService settings of timed searches (search_bench): the
// similarity snapshot off, so that no snapshot build holds a core while the
// searches are timed. Searches never read the snapshot: with it off they do
// the work of a server whose snapshot is ready.
inline SimilarityOptions timed_search_options() {
  SimilarityOptions options;
  options.snapshot_max_clauses = 0;
  return options;
}
inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}
inline double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Percentile (0..100) of unsorted samples, nearest-rank: the one definition
// of every bench's p50 and p99.
double percentile(std::vector<double> samples, double pct);

// Latencies of timed calls, in milliseconds (or any other samples added).
class Latencies {
 public:
  // Calls `call`, adds how long it took and returns what it returned.
  template <class F>
  auto time(F&& call) {
    const auto t0 = Clock::now();
    if constexpr (std::is_void_v<std::invoke_result_t<F>>) {
      call();
      add(ms_since(t0));
    } else {
      auto result = call();
      add(ms_since(t0));
      return result;
    }
  }
  void add(double sample) { samples_.push_back(sample); }
  std::size_t size() const { return samples_.size(); }
  const std::vector<double>& samples() const { return samples_; }
  double percentile(double pct) const { return bench::percentile(samples_, pct); }
  double mean() const;

 private:
  std::vector<double> samples_;
};

// One query of the set: the text as written (words and "quoted phrases"),
// split into its parts, and field filters (category/severity by display name).
struct BenchQuery {
  struct Part {
    std::string text;  // a word, or the words of a phrase without quotes
    bool phrase = false;
  };
  std::string line;  // the text part as written, passed verbatim to Xapian
  std::vector<Part> parts;
  std::vector<std::pair<std::string, std::string>> filters;  // field, value
};

// Reads the query file; throws std::runtime_error naming file:line on a
// malformed line (unknown field, unterminated quote, empty text).
std::vector<BenchQuery> load_queries(const std::string& path);

// The FTS5 MATCH expression of a query: every part as an FTS5 string
// ("word" or "two words"), juxtaposed, which FTS5 reads as AND.
std::string fts5_match(const BenchQuery& q);

// Latency figures of one pass over the query set.
struct PassStats {
  std::size_t queries = 0;
  std::size_t errors = 0;
  double seconds = 0;
  double qps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

using RunOne = std::function<bool(const BenchQuery&)>;

// Runs `run_one` once per query (warm-up: `warmup` untimed passes first) and
// times each call. run_one returns false on an error, which is counted. Also
// prints "cpu q/s N cpu p50 X ms cpu p99 Y ms" on stderr: the queries per
// second of the process's CPU time over the pass, and the percentiles of
// each query's CPU time on the calling thread (single-thread passes).
PassStats timed_pass(const std::vector<BenchQuery>& queries, int warmup, const RunOne& run_one);

// `runs` timed passes (the first after one warm-up pass), each printed as
// "RESULT search ENGINE MODE queries q/s p50 p99 errors" for report.py. A
// query that throws (std::exception or Xapian::Error) is reported on stderr
// and counted as an error, as is one for which run_one returns false.
void search_passes(const std::string& engine, const std::string& mode,
                   const std::vector<BenchQuery>& queries, int runs, const RunOne& run_one);

// Prints "RESULT\t<fields...>" on stdout: the line report.py collects.
void print_result(const std::vector<std::string>& fields);
std::string fmt(double value, int decimals = 1);

// The taxonomy of a bench's --taxonomy FILE, the built-in one when `path` is
// empty; nullopt (the error printed on stderr) when FILE does not load.
std::optional<Taxonomy> taxonomy_or_default(const std::string& path);

// Every clause of a JSON Lines file, in order; a line that is not a clause
// is reported on stderr as FILE:LINE and skipped.
std::vector<ClauseRecord> read_clauses(const std::string& path);

// Every clause id of an index, in term order.
std::vector<std::string> clause_ids(const Xapian::Database& db);

// At most `n` of `items`, spread evenly from the first (every
// size/n-th), so that two runs on the same index ask the same ones.
std::vector<std::string> spread_sample(const std::vector<std::string>& items, std::size_t n);

}  // namespace clause::bench
