#include "bench/bench_common.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "schema/index_layout.h"

namespace clause::bench {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_bars(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(line);
  while (std::getline(in, cur, '|')) out.push_back(trim(cur));
  return out;
}

// Splits query text into words and quoted phrases; false on an open quote.
bool split_parts(const std::string& text, std::vector<BenchQuery::Part>& parts) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
    } else if (text[i] == '"') {
      const auto close = text.find('"', i + 1);
      if (close == std::string::npos) return false;
      parts.push_back({text.substr(i + 1, close - i - 1), true});
      i = close + 1;
    } else {
      const auto end = std::min(text.find_first_of(" \"", i), text.size());
      parts.push_back({text.substr(i, end - i), false});
      i = end;
    }
  }
  return !parts.empty();
}

}  // namespace

std::vector<BenchQuery> load_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::vector<BenchQuery> queries;
  std::string line;
  for (int lineno = 1; std::getline(in, line); ++lineno) {
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const auto where = path + ":" + std::to_string(lineno) + ": ";
    const auto fields = split_bars(t);
    BenchQuery q;
    q.line = fields[0];
    if (!split_parts(q.line, q.parts)) throw std::runtime_error(where + "bad query text");
    for (std::size_t i = 1; i < fields.size(); ++i) {
      const auto eq = fields[i].find('=');
      const std::string field = eq == std::string::npos ? "" : trim(fields[i].substr(0, eq));
      if (field != "category" && field != "severity") {
        throw std::runtime_error(where + "expected category=... or severity=...");
      }
      q.filters.emplace_back(field, trim(fields[i].substr(eq + 1)));
    }
    queries.push_back(std::move(q));
  }
  if (queries.empty()) throw std::runtime_error(path + ": no queries");
  return queries;
}

std::string fts5_match(const BenchQuery& q) {
  std::string out;
  for (const auto& part : q.parts) {
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : part.text) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

double percentile(std::vector<double> samples, double pct) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto rank = static_cast<std::size_t>(std::ceil(pct / 100.0 * samples.size()));
  return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1];
}

double Latencies::mean() const {
  return samples_.empty() ? 0 : std::accumulate(samples_.begin(), samples_.end(), 0.0) / double(samples_.size());
}

namespace {

// BENCH_SLOWEST=N: the N slowest queries of a pass on stderr, to see what
// bounds the p99 (which queries, how slow).
void print_slowest(const std::vector<BenchQuery>& queries, const std::vector<double>& ms) {
  const char* env = std::getenv("BENCH_SLOWEST");
  const std::size_t n = env ? std::min<std::size_t>(std::strtoul(env, nullptr, 10), ms.size()) : 0;
  std::vector<std::size_t> order(ms.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::partial_sort(order.begin(), order.begin() + n, order.end(),
                    [&](std::size_t a, std::size_t b) { return ms[a] > ms[b]; });
  for (std::size_t i = 0; i < n; ++i) {
    std::string filters;
    for (const auto& [field, value] : queries[order[i]].filters) filters += " | " + field + "=" + value;
    std::cerr << "slowest " << i + 1 << ": " << fmt(ms[order[i]], 2) << " ms  "
              << queries[order[i]].line << filters << "\n";
  }
}

}  // namespace

namespace {

// CPU seconds of the whole process so far.
double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// CPU milliseconds of the calling thread so far.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

PassStats timed_pass(const std::vector<BenchQuery>& queries, int warmup, const RunOne& run_one) {
  for (int w = 0; w < warmup; ++w) {
    for (const auto& q : queries) run_one(q);
  }
  PassStats stats;
  Latencies latencies;
  const double cpu_start = process_cpu_seconds();
  const auto start = Clock::now();
  std::vector<double> cpu_ms;
  for (const auto& q : queries) {
    const double cpu_before = thread_cpu_ms();
    if (!latencies.time([&] { return run_one(q); })) ++stats.errors;
    cpu_ms.push_back(thread_cpu_ms() - cpu_before);
  }
  stats.seconds = seconds_since(start);
  // Queries per CPU second, beside the wall-clock q/s: on a machine shared
  // with other work it moves far less than the wall time (issue 21). The
  // percentiles of each query's CPU time (of the thread that ran it, which
  // is the query's in a single-thread pass) show the tail without the
  // waits for a core that a loaded machine adds to the wall-clock p99.
  std::cerr << "cpu q/s " << fmt(queries.size() / (process_cpu_seconds() - cpu_start), 1) << " cpu p50 "
            << fmt(percentile(cpu_ms, 50), 3) << " ms cpu p99 " << fmt(percentile(cpu_ms, 99), 3) << " ms\n";
  stats.queries = queries.size();
  stats.qps = stats.queries / stats.seconds;
  stats.p50_ms = latencies.percentile(50);
  stats.p99_ms = latencies.percentile(99);
  print_slowest(queries, latencies.samples());
  return stats;
}

void search_passes(const std::string& engine, const std::string& mode,
                   const std::vector<BenchQuery>& queries, int runs, const RunOne& run_one) {
  const RunOne guarded = [&](const BenchQuery& q) {
    try {
      return run_one(q);
    } catch (const std::exception& e) {
      std::cerr << engine << ": " << q.line << ": " << e.what() << "\n";
    } catch (const Xapian::Error& e) {
      std::cerr << engine << ": " << q.line << ": " << e.get_description() << "\n";
    }
    return false;
  };
  for (int r = 0; r < runs; ++r) {
    const PassStats s = timed_pass(queries, r == 0 ? 1 : 0, guarded);
    print_result({"search", engine, mode, std::to_string(s.queries), fmt(s.qps, 1), fmt(s.p50_ms, 3),
                  fmt(s.p99_ms, 3), std::to_string(s.errors)});
  }
}

void print_result(const std::vector<std::string>& fields) {
  std::string line = "RESULT";
  for (const auto& f : fields) line += "\t" + f;
  std::cout << line << std::endl;
}

std::string fmt(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::optional<Taxonomy> taxonomy_or_default(const std::string& path) {
  if (path.empty()) return default_taxonomy();
  auto loaded = load_taxonomy(path);
  if (!loaded) {
    std::cerr << "error: " << loaded.error().message << "\n";
    return std::nullopt;
  }
  return std::move(loaded).value();
}

std::vector<ClauseRecord> read_clauses(const std::string& path) {
  std::vector<ClauseRecord> out;
  std::ifstream in(path);
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto record = clause_from_json_text(line);
    if (!record) {
      std::cerr << path << ":" << n << ": " << record.error().message << "\n";
      continue;
    }
    out.push_back(std::move(record).value());
  }
  return out;
}

std::vector<std::string> clause_ids(const Xapian::Database& db) {
  const std::string prefix(layout::kIdPrefix);
  std::vector<std::string> ids;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    ids.push_back((*it).substr(prefix.size()));
  }
  return ids;
}

std::vector<std::string> spread_sample(const std::vector<std::string>& items, std::size_t n) {
  std::vector<std::string> out;
  const std::size_t step = std::max<std::size_t>(1, items.size() / std::max<std::size_t>(1, n));
  for (std::size_t i = 0; i < items.size() && out.size() < n; i += step) out.push_back(items[i]);
  return out;
}

}  // namespace clause::bench
