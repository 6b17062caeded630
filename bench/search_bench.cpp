// Our engine in-process: the server's own SearchService (the code path of
// GET /v1/search, minus HTTP and JSON rendering) over the query set.
//
//   search_bench DB QUERIES.txt RUNS [THREADS [facets|total]]
//
// Each query becomes the parameters a client would send (q=TEXT, category=,
// severity=) and goes through parse_search and SearchService::search: top 10
// with snippets, an exact total and, in mode `facets` (the default), exact
// category/severity/platform facets (each counted with every filter but its
// own); mode `total` sends facets=false (the exact total only).
// THREADS = 1 (default): one pass per run, per-query latencies (q/s, p50,
// p99). THREADS > 1: every thread runs the whole set; q/s is the total over
// the wall time (the throughput figure HTTP is compared with).
// BENCH_DUMP=FILE writes every answer as a JSON line (dumps of two builds
// compare their answers); BENCH_SLOWEST=N lists the N slowest queries.
//
// The similarity snapshot is off (timed_search_options, issue 21):
// SearchService::open would build it on a thread of its own, which held a
// core while the timed searches ran (236 q/s during the build against 344
// after it, 2 threads). Waiting for the build would measure the same work
// later; off skips a build the benchmark does not use. Answers are the same
// either way (BENCH_DUMP).
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_common.h"
#include "server/search_params.h"
#include "search/search_service.h"

using namespace clause;
using namespace clause::bench;
using clause::search::SearchService;

namespace {

volatile std::size_t g_sink = 0;  // results are summed here so they stay live
std::ostream* g_dump = nullptr;    // BENCH_DUMP=FILE: every answer, for comparing builds

// One JSON line per answer: total, hits (id, snippet) and facet counts (no timings), so
// two builds' dumps are equal exactly when their answers are.
void dump(const BenchQuery& q, const search::SearchResult& r) {
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& h : r.hits) hits.push_back({h.record.value("id", ""), h.snippet});
  nlohmann::json facets = nlohmann::json::object();
  for (const auto& [name, list] : {std::pair{"category", &r.category}, {"severity", &r.severity},
                                   {"platform", &r.platform}}) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : list->entries) entries.push_back({e.slug, e.count});
    facets[name] = {{"entries", entries}, {"distinct", list->distinct}};
  }
  nlohmann::json filters = nlohmann::json::array();
  for (const auto& [field, value] : q.filters) filters.push_back(field + "=" + value);
  *g_dump << nlohmann::json{{"q", q.line}, {"filters", filters}, {"total", r.total}, {"hits", hits},
                            {"facets", facets}, {"corrected", r.corrected_query.value_or("")}}
                 .dump()
          << "\n";
}

bool g_facets = true;              // mode: facets (true) or total (false)

bool run_query(const SearchService& service, const BenchQuery& q) {
  server::ParamMap params{{"q", q.line}};
  if (!g_facets) params.emplace("facets", "false");
  for (const auto& [field, value] : q.filters) params.emplace(field, value);
  const auto request = server::parse_search(params);
  if (!request) {
    std::cerr << "search_bench: " << q.line << ": " << request.error().message << "\n";
    return false;
  }
  const auto result = service.search(*request);
  if (!result) {
    std::cerr << "search_bench: " << q.line << ": " << result.error().message << "\n";
    return false;
  }
  if (g_dump) dump(q, *result);
  g_sink = result->total + result->hits.size() + result->category.entries.size() +
           result->severity.entries.size() + result->platform.entries.size();
  return true;
}

// Every thread runs the whole set once; returns queries per second overall.
double threaded_pass(const SearchService& service, const std::vector<BenchQuery>& queries,
                     int threads, std::size_t& errors) {
  std::vector<std::size_t> errs(threads, 0);
  std::vector<std::thread> pool;
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      // Threads start at different points so they do not run in lockstep.
      const std::size_t n = queries.size();
      for (std::size_t i = 0; i < n; ++i) {
        if (!run_query(service, queries[(i + t * n / threads) % n])) ++errs[t];
      }
    });
  }
  for (auto& th : pool) th.join();
  const double secs = seconds_since(start);
  for (auto e : errs) errors += e;
  return threads * queries.size() / secs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 6 || (argc == 6 && std::string(argv[5]) != "facets" &&
                                std::string(argv[5]) != "total")) {
    std::cerr << "usage: search_bench DB QUERIES.txt RUNS [THREADS [facets|total]]\n";
    return 2;
  }
  g_facets = argc < 6 || std::string(argv[5]) == "facets";
  const std::string mode = g_facets ? "facets" : "total";
  try {
    const auto queries = load_queries(argv[2]);
    auto service = SearchService::open(argv[1], timed_search_options());
    if (!service) {
      std::cerr << "search_bench: " << service.error().message << "\n";
      return 1;
    }
    if (const auto info = (*service)->info()) {
      std::cerr << "search_bench: similar snapshot " << info->similar_snapshot.state << "\n";
    }
    std::ofstream dump_file;
    if (const char* path = std::getenv("BENCH_DUMP")) {
      dump_file.open(path);
      g_dump = &dump_file;
    }
    const int runs = std::stoi(argv[3]);
    const int threads = argc >= 5 ? std::stoi(argv[4]) : 1;
    if (threads == 1) {
      search_passes("ours", mode, queries, runs, [&](const BenchQuery& q) { return run_query(**service, q); });
      return 0;
    }
    for (int r = 0; r < runs; ++r) {
      std::size_t errors = 0;
      if (r == 0) threaded_pass(**service, queries, threads, errors);  // warm-up
      errors = 0;
      const double qps = threaded_pass(**service, queries, threads, errors);
      print_result({"search-threads", "ours", std::to_string(threads), fmt(qps, 1), std::to_string(errors)});
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "search_bench: error: " << e.what() << "\n";
    return 1;
  }
}
