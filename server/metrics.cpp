#include "server/metrics.h"

#include <cstdio>

namespace clause::server {
namespace {

// Label values are route names of our own, but escape anyway: the format
// requires \\, \" and \n to be escaped.
std::string label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

void Metrics::observe(std::string_view route, int status, double seconds) {
  std::lock_guard lock(mu_);
  Series& s = series_[{std::string(route), status}];
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++s.buckets[i];
      break;
    }
  }
}

void Metrics::observe_key(std::string_view key_name, int status) {
  std::lock_guard lock(mu_);
  ++by_key_[{std::string(key_name), status}];
}

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::string out =
      "# HELP clause_http_requests_total HTTP requests answered, by route and status.\n"
      "# TYPE clause_http_requests_total counter\n";
  for (const auto& [key, s] : series_) {
    out += "clause_http_requests_total{route=\"" + label(key.first) + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(s.count) + "\n";
  }
  out +=
      "# HELP clause_http_request_duration_seconds Time to answer a request, by route and status.\n"
      "# TYPE clause_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : series_) {
    const std::string labels =
        "route=\"" + label(key.first) + "\",status=\"" + std::to_string(key.second) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += s.buckets[i];
      out += "clause_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
             number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "clause_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(s.count) + "\n";
    out += "clause_http_request_duration_seconds_sum{" + labels + "} " + number(s.sum) + "\n";
    out += "clause_http_request_duration_seconds_count{" + labels + "} " +
           std::to_string(s.count) + "\n";
  }
  if (by_key_.empty()) return out;
  out +=
      "# HELP clause_http_requests_by_key_total Requests made with an API key, by key name and status.\n"
      "# TYPE clause_http_requests_by_key_total counter\n";
  for (const auto& [key, count] : by_key_) {
    out += "clause_http_requests_by_key_total{key=\"" + label(key.first) + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
  }
  return out;
}

}  // namespace clause::server
