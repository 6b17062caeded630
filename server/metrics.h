// Request metrics in Prometheus' text format (version 0.0.4): a counter and
// a latency histogram per (route, status). Routes are the registered route
// names, never raw paths, so the number of series stays bounded.
// Thread-safe: observe() and render() may run concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace clause::server {

class Metrics {
 public:
  // Upper bounds (seconds) of the histogram buckets; +Inf is implied.
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};

  void observe(std::string_view route, int status, double seconds);
  // A request made with an API key: counted by the key's name (never the
  // key) and status, in clause_http_requests_by_key_total.
  void observe_key(std::string_view key_name, int status);
  std::string render() const;

 private:
  struct Series {
    std::uint64_t count = 0;
    double sum = 0;
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // cumulative at render time
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, Series> series_;
  std::map<std::pair<std::string, int>, std::uint64_t> by_key_;
};

}  // namespace clause::server
