#include "bench/similar_count_variants.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "bench/bench_common.h"

namespace clause::bench {
namespace {

// Average ranks (ties share their mean rank), for Spearman.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && v[order[j]] == v[order[i]]) ++j;
    for (std::size_t k = i; k < j; ++k) r[order[k]] = (i + j - 1) / 2.0;
    i = j;
  }
  return r;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const auto ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(ra.size());
  if (n < 2) return 0;
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) ma += ra[i] / n, mb += rb[i] / n;
  double cov = 0, va = 0, vb = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    cov += (ra[i] - ma) * (rb[i] - mb), va += (ra[i] - ma) * (ra[i] - ma), vb += (rb[i] - mb) * (rb[i] - mb);
  }
  return va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 0;
}

double median_error(const CountSeries& s) {
  std::vector<double> rel;
  for (std::size_t i = 0; i < s.truth.size(); ++i) rel.push_back(std::abs(s.estimate[i] - s.truth[i]) / s.truth[i]);
  return rel.empty() ? 0.0 : percentile(rel, 50);
}

// The expected count over the k most probable types; the share left goes
// to `rest` (the bar count, or the types' own mean: renormalised).
double expected(const QueryRow& r, std::size_t k, bool rest_to_bar) {
  double e = 0, mass = 0;
  for (std::size_t i = 0; i < std::min(k, r.shares.size()); ++i) {
    e += r.shares[i].share * r.shares[i].platforms, mass += r.shares[i].share;
  }
  if (rest_to_bar) return std::round(e + std::max(0.0, 1 - mass) * r.bar);
  return mass > 0 ? std::round(e / mass) : r.bar;
}

// The types' tail renormalised over the k most probable, "none" to the bar.
double expected_none_bar(const QueryRow& r, std::size_t k) {
  double e = 0, mass = 0;
  for (std::size_t i = 0; i < std::min(k, r.shares.size()); ++i) {
    e += r.shares[i].share * r.shares[i].platforms, mass += r.shares[i].share;
  }
  if (mass <= 0) return r.bar;
  return std::round(e / mass * (1 - r.none) + r.none * r.bar);
}

// As expected(.., rest_to_bar) with each type's soft_platforms.
double expected_soft(const QueryRow& r, std::size_t k) {
  double e = 0, mass = 0;
  for (std::size_t i = 0; i < std::min(k, r.shares.size()); ++i) {
    e += r.shares[i].share * r.shares[i].soft_platforms, mass += r.shares[i].share;
  }
  return std::round(e + std::max(0.0, 1 - mass) * r.bar);
}

double top_share(const QueryRow& r) { return r.shares.empty() ? 0.0 : r.shares.front().share; }

struct Variant {
  const char* name;
  std::function<double(const QueryRow&)> estimate;
};

std::vector<Variant> variants() {
  // Not confident: the type-led method's fallback; confident: its count.
  auto soft = [](std::function<double(const QueryRow&)> f) {
    return [f](const QueryRow& r) { return r.led ? r.led_count : f(r); };
  };
  return {
      {"first round: type or bar", [](const QueryRow& r) { return r.led ? r.led_count : r.bar; }},
      {"text method's bar", [](const QueryRow& r) { return r.bar; }},
      {"E top-1 renorm (= N_top1)", soft([](const QueryRow& r) { return expected(r, 1, false); })},
      {"E top-3 renorm", soft([](const QueryRow& r) { return expected(r, 3, false); })},
      {"E top-5 renorm", soft([](const QueryRow& r) { return expected(r, 5, false); })},
      {"E top-1, rest bar", soft([](const QueryRow& r) { return expected(r, 1, true); })},
      {"E top-3, rest bar", soft([](const QueryRow& r) { return expected(r, 3, true); })},
      {"E top-5, rest bar", soft([](const QueryRow& r) { return expected(r, 5, true); })},
      {"E top-10, rest bar", soft([](const QueryRow& r) { return expected(r, 10, true); })},
      {"E all types, rest bar", soft([](const QueryRow& r) { return expected(r, 1000, true); })},
      {"E all types, rest bar, all q", [](const QueryRow& r) { return expected(r, 1000, true); }},
      {"E top-3 tail renorm none bar", soft([](const QueryRow& r) { return expected_none_bar(r, 3); })},
      {"E top-10 tail renorm none bar", soft([](const QueryRow& r) { return expected_none_bar(r, 10); })},
      {"E all renorm", soft([](const QueryRow& r) { return expected(r, 1000, false); })},
      {"E top-3, rest bar, all q", [](const QueryRow& r) { return expected(r, 3, true); }},
      {"E top-3 renorm, all q", [](const QueryRow& r) { return expected(r, 3, false); }},
      {"max(bar, N_top1)", soft([](const QueryRow& r) { return std::max(r.bar, expected(r, 1, false)); })},
      // Each platform counted by the chance that one of its clauses of the
      // type truly is one (the confidences as chances), not by the floor.
      {"soft: type, else E top-20", [](const QueryRow& r) { return r.led ? std::round(r.led_soft) : expected_soft(r, 20); }},
      {"soft type, else E top-20 hard", [](const QueryRow& r) { return r.led ? std::round(r.led_soft) : expected(r, 20, true); }},
      {"type hard, else E top-20 soft", soft([](const QueryRow& r) { return expected_soft(r, 20); })},
  };
}

const double kBands[] = {0.0, 0.3, 0.5, 0.7, 0.9, 1.01};

}  // namespace

void print_count(const std::string& corpus, const std::string& what, const CountSeries& s) {
  std::size_t within = 0;
  for (std::size_t i = 0; i < s.truth.size(); ++i) within += std::abs(s.estimate[i] - s.truth[i]) / s.truth[i] <= 0.5;
  std::printf("| %-9s | %-28s | %5zu | %8.3f | %8.3f | %8.3f |\n", corpus.c_str(), what.c_str(), s.truth.size(),
              median_error(s), s.truth.empty() ? 0.0 : double(within) / double(s.truth.size()),
              spearman(s.estimate, s.truth));
}

void print_count_variants(const std::string& corpus, const std::vector<QueryRow>& rows) {
  const auto all = variants();
  for (const auto& v : all) {
    CountSeries s;
    for (const auto& r : rows) s.add(v.estimate(r), r.truth);
    print_count(corpus, v.name, s);
  }
  // By band of the query's top share: where the errors are.
  std::printf("\n%s by the query's top type share: P@10 new / today; count median rel. error of\n", corpus.c_str());
  std::printf("| band    | queries | led | P@10 new | P@10 today |");
  const std::size_t shown[] = {0, 1, 3, 6, 9};
  for (auto i : shown) std::printf(" %-26s |", all[i].name);
  std::printf("\n");
  for (std::size_t b = 0; b + 1 < std::size(kBands); ++b) {
    std::vector<const QueryRow*> in;
    for (const auto& r : rows) {
      if (top_share(r) >= kBands[b] && top_share(r) < kBands[b + 1]) in.push_back(&r);
    }
    if (in.empty()) continue;
    double p10n = 0, p10t = 0;
    std::size_t led = 0;
    for (const auto* r : in) p10n += r->p10_new, p10t += r->p10_today, led += r->led;
    const double n = double(in.size());
    std::printf("| %.1f-%.1f | %7zu | %3zu | %8.3f | %10.3f |", kBands[b], std::min(1.0, kBands[b + 1]), in.size(),
                led, p10n / n, p10t / n);
    for (auto i : shown) {
      CountSeries s;
      for (const auto* r : in) s.add(all[i].estimate(*r), r->truth);
      std::printf(" %26.3f |", median_error(s));
    }
    std::printf("\n");
  }
}

}  // namespace clause::bench
