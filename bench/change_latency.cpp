// In-process latency of the change routes (issue 18) through Api::handle,
// side by side with GET /v1/search (the peer) on the same index in the same
// run, rounds interleaved:
//   bench_change_latency --db INDEX [--rounds N]
// Prints p50/p99 per request shape and each one's ratio to the peer's p50.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "search/search_service.h"
#include "server/http_api.h"

int main(int argc, char** argv) {
  std::string db;
  int rounds = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--db") db = argv[i + 1];
    if (a == "--rounds") rounds = std::stoi(argv[i + 1]);
  }
  if (db.empty()) {
    std::fprintf(stderr, "usage: bench_change_latency --db INDEX [--rounds N]\n");
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);
  auto service = clause::search::SearchService::open(db);
  if (!service) {
    std::fprintf(stderr, "%s\n", service.error().message.c_str());
    return 1;
  }
  clause::server::Metrics metrics;
  clause::server::Api api(**service, metrics);
  struct Shape {
    std::string label, path;
    clause::server::ParamMap params;
    clause::bench::Latencies ms;
  };
  std::vector<Shape> shapes = {
      {"peer /v1/search (browse, facets)", "/v1/search", {}, {}},
      {"/v1/changes (all, facets)", "/v1/changes", {}, {}},
      {"/v1/changes?severity=high,critical", "/v1/changes", {{"severity", "high,critical"}}, {}},
      {"/v1/changes?q=arbitration", "/v1/changes", {{"q", "arbitration"}}, {}},
      {"/v1/changes?since=2026-06-01&offset=50", "/v1/changes", {{"since", "2026-06-01"}, {"offset", "50"}}, {}},
      {"/v1/changes.atom (20 entries)", "/v1/changes.atom", {{"limit", "20"}}, {}},
  };
  for (int r = 0; r < rounds + 5; ++r) {
    for (auto& s : shapes) {
      clause::server::ApiRequest req;
      req.path = s.path;
      req.params = s.params;
      const auto t0 = clause::bench::Clock::now();
      const auto answer = api.handle(req);
      if (answer.status != 200) {
        std::fprintf(stderr, "%s: %d %s\n", s.label.c_str(), answer.status, answer.body.c_str());
        return 1;
      }
      if (r >= 5) s.ms.add(clause::bench::ms_since(t0));  // 5 warm-up rounds
    }
  }
  const double peer = shapes[0].ms.percentile(50);
  std::printf("%-42s %9s %9s %12s\n", "request", "p50 ms", "p99 ms", "p50/peer");
  for (const auto& s : shapes) {
    std::printf("%-42s %9.3f %9.3f %11.2fx\n", s.label.c_str(), s.ms.percentile(50), s.ms.percentile(99),
                s.ms.percentile(50) / peer);
  }
  return 0;
}
