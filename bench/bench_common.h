// Shared pieces of the benchmark harnesses: the query set (bench/queries.txt),
// its translation for each engine, latency statistics and the one-line result
// format the drivers (bench/run_*.sh, bench/report.py) read.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace clause::bench {

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

// Runs `run_one` once per query (warm-up: `warmup` untimed passes first) and
// times each call. run_one returns false on an error, which is counted.
PassStats timed_pass(const std::vector<BenchQuery>& queries, int warmup,
                     const std::function<bool(const BenchQuery&)>& run_one);

// Percentile (0..100) of unsorted samples, nearest-rank.
double percentile(std::vector<double> samples, double pct);

// Prints "RESULT\t<fields...>" on stdout: the line report.py collects.
void print_result(const std::vector<std::string>& fields);
std::string fmt(double value, int decimals = 1);

using Clock = std::chrono::steady_clock;
inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace clause::bench
