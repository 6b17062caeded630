// bench_similar_phases: where the time of one "similar clauses" request goes,
// phase by phase, on an existing index (e.g. the full corpus built by
// bench_similar_http --full DIR). It replays the steps of
// SimilarityEngine::run (similar/engine.cpp) with the engine's own parts
// and default options, timing each; the engine itself carries no timers.
// Also times the text pass ranked over every platform (the method before
// the weight cutoff) beside the pruned pass, for comparison.
//
//   build/bench/bench_similar_phases --index DIR [--queries N]
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_common.h"
#include "schema/clause_record.h"
#include "schema/index_layout.h"
#include "schema/index_terms.h"
#include "schema/plain_text.h"
#include "similar/query.h"
#include "similar/rerank.h"

using namespace clause;
using bench::Clock;

namespace {

struct Phases {
  std::map<std::string, bench::Latencies> ms;  // phase -> one figure per query
  Clock::time_point t = Clock::now();
  void mark(const std::string& phase) {
    const auto now = Clock::now();
    ms[phase].add(std::chrono::duration<double, std::milli>(now - t).count());
    t = now;
  }
};

Xapian::Query platforms_query(const std::vector<std::string>& slugs) {
  std::vector<Xapian::Query> terms;
  for (const auto& s : slugs) terms.emplace_back(layout::facet_term(layout::Facet::platform, s));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}


// One request's phases (id form, no category filter, limit 10).
void replay(const Xapian::Database& db, const std::string& id, Xapian::doccount platforms,
            similar::IdfCache& cache, Phases& p) {
  const SimilarityOptions o;
  p.t = Clock::now();
  const Xapian::docid docid = layout::clause_docid(db, id).value();
  const Xapian::Document doc = db.get_document(docid);
  const auto record = clause_from_json_text(doc.get_data());
  const std::string text = plain_text(record->title) + "\n" + plain_text(record->text);
  const std::string own = doc.get_value(layout::kPlatformSlot);
  const auto types = layout::split_list(doc.get_value(layout::kTypesSlot));
  p.mark("1 lookup + parse");

  similar::QueryBuilder builder(db, o);
  const Xapian::Query base = builder.build(text, own, db.get_doclength(docid));
  similar::CosineScorer cosine(db, builder.selected(), &cache);
  const similar::ShingleScorer shingles(builder.words());
  p.mark("2 terms + self weight");
  if (base.empty()) return;

  std::vector<std::string> excluded{own};
  auto restrict = [&](const Xapian::Query& q) {
    return Xapian::Query(Xapian::Query::OP_AND_NOT, q, platforms_query(excluded));
  };
  auto rerank = [&](const Xapian::MSet& mset, const std::string& phase) {
    double floor = 1;
    for (auto it = mset.begin(); it != mset.end() && it.get_rank() < o.rerank_depth; ++it) {
      const double c = cosine.score(*it);
      const auto m = shingles.score(it.get_document().get_data());
      floor = std::min(floor, (1 - o.rerank_mix - o.shingle_mix) * builder.share(it.get_weight()) +
                                  o.rerank_mix * c + o.shingle_mix * m.dice);
    }
    p.mark(phase);
    return floor;
  };
  if (!types.empty()) {
    std::vector<Xapian::Query> t;
    for (const auto& s : types) t.emplace_back(layout::facet_term(layout::Facet::clause_type, s));
    const Xapian::Query typed(Xapian::Query::OP_AND_MAYBE,
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                            Xapian::Query(Xapian::Query::OP_OR, t.begin(), t.end()), 0.0),
                              base);
    const auto mset = builder.search(restrict(typed), platforms);
    p.mark("3 typed pass: search");
    rerank(mset, "3 typed pass: re-rank");
    for (auto it = mset.begin(); it != mset.end(); ++it) excluded.push_back(it.get_collapse_key());
  }
  double first_ms = 0;
  const Xapian::Query expanded = builder.expand(base, [&](const Xapian::Query& q, Xapian::doccount n) {
    const auto t0 = Clock::now();
    auto mset = builder.search(restrict(q), n);
    first_ms = bench::ms_since(t0);
    return mset;
  });
  p.mark("4 feedback: first pass + get_eset");
  p.ms["4a feedback: first pass"].add(first_ms);
  const Xapian::Query text_query = restrict(expanded);
  p.t = Clock::now();
  builder.search(text_query, platforms);
  p.mark("x text pass over every platform (before)");
  const auto ranked = builder.search(text_query, std::max<Xapian::doccount>(o.rerank_depth, 10));
  p.mark("5 text pass: search, 40 platforms");
  const double floor = rerank(ranked, "6 text pass: re-rank 40");
  std::size_t parsed = 0;
  for (auto it = ranked.begin(); it != ranked.end() && it.get_rank() < 10; ++it) {
    parsed += nlohmann::json::parse(it.get_document().get_data(), nullptr, false).is_object();
  }
  p.mark("7 fetch + parse 10 results");
  p.ms["7 results parsed"].add(double(parsed));
  // As count_beyond: needed when the lowest re-scored score and the last
  // ranked clause's share both reach the bar.
  const bool needed = floor >= o.bar && !ranked.empty() &&
                      builder.share(ranked.back().get_weight()) >= o.bar;
  if (needed) {
    builder.search(text_query, platforms, 1, o.bar * builder.self_weight());
    p.mark("8 count beyond (cutoff), when needed");
  }
  p.ms["8 count beyond needed (share of queries)"].add(needed ? 1.0 : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  std::string index;
  std::size_t queries = 300;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--index") index = argv[i + 1];
    else if (a == "--queries") queries = std::stoul(argv[i + 1]);
  }
  if (index.empty()) {
    std::cerr << "usage: bench_similar_phases --index DIR [--queries N]\n";
    return 2;
  }
  const Xapian::Database db(index);
  const std::vector<std::string> ids = bench::clause_ids(db);
  const auto platforms = static_cast<Xapian::doccount>(layout::count_terms(db, layout::kPlatformPrefix));
  similar::IdfCache cache;
  Phases p;
  const std::vector<std::string> sample = bench::spread_sample(ids, queries);
  for (const std::string& id : sample) replay(db, id, platforms, cache, p);
  std::printf("%zu clauses, %u platforms, %zu queries\n", ids.size(), platforms, sample.size());
  std::printf("| phase | queries | mean ms | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
  for (const auto& [phase, v] : p.ms) {
    std::printf("| %s | %zu | %.2f | %.2f | %.2f |\n", phase.c_str(), v.size(), v.mean(), v.percentile(50),
                v.percentile(99));
  }
  return 0;
}
