// bench_similar_quality: measures "similar clauses" (similar/engine.h) on
// the labelled shared corpora, against plain BM25 in the same run.
//
// Each corpus is indexed WITHOUT its labels (only id, platform, document and
// text), so the labels cannot help; they are kept aside as the judgement.
// Queries: every clause with a type that occurs on at least 3 other
// platforms. A result is relevant when its types intersect the query's.
// Prints P@10, P@1, MRR (first relevant within the top 100), latency, and for
// the bar calibration the count of platforms passing each candidate bar
// against the number of platforms that truly have a clause of the same type.
//
//   build/bench/bench_similar_quality [--shared ../shared/data] [--corpus tosdr|claudette]
//                                     [--calibrate] [--k1 X --b X --max-df X
//                                      --fb-docs N --fb-terms N --fb-weight X
//                                      --rerank N --mix X --depth N --max-terms N
//                                      --drop-name 0|1 --shingle X --negation X
//                                      --centroid-k N --centroid X
//                                      --topic-bonus X --topic-penalty X --length X
//                                      --fb-rerank 0|1 --siblings X]
//                                      [--tuned-only] [--no-snapshot]
//                                      [--held-out [--type-min X] [--type-count led|expected]
//                                       [--type-top N] [--type-agreement X] [--type-candidates N]
//                                       [--count-given-type 0|1] [--agreement-given-type 0|1] [--variants]
//                                       [--choose] [--inside-training] [--first-model]]
// --held-out: /similar led by clause types, with a type model trained on
// half of the platforms and the other half indexed (bench/similar_held_out.cpp).
// --inside-training: the same measured inside the training halves only (each
// split again by platform), for the settings given: to choose settings
// without looking at the held-out halves.
// The tuned method answers from a snapshot of the index, as the server does
// once it has built one (--no-snapshot: from the index; the same answers).
// Environment: SIMILAR_PERQUERY=FILE appends "id P@10 P@1 RR" per query of
// the tuned method (to compare two runs on halves of the queries);
// with SIMILAR_TOP=1 also its results (id:score, up to 100); SIMILAR_DUMP=1
// prints every 97th query with its first three results.
#include <algorithm>
#include <atomic>
#include <memory>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "bench/similar_corpus.h"
#include "bench/similar_held_out.h"
#include "schema/schema_version.h"
#include "similar/bm25.h"
#include "similar/engine.h"

namespace fs = std::filesystem;
using clause::bench::Corpus;

namespace {

struct Figures {
  double p10 = 0, p1 = 0, mrr = 0, p50 = 0, p99 = 0;
  std::size_t queries = 0;
};

// Calibration tallies for one candidate bar, summed over queries.
struct BarTally {
  double counted = 0, counted_relevant = 0, truth = 0, abs_error = 0;
};
// Candidate bars: 0.10 to 0.70 by 0.02 (scores are shares of the query
// clause's self weight, docs/similarity.md).
const std::vector<double> kBars = [] {
  std::vector<double> bars;
  for (int i = 10; i <= 70; i += 2) bars.push_back(i / 100.0);
  return bars;
}();

// With a snapshot, the engine answers as the server does once its snapshot
// is built (the same answers as without, docs/similarity.md; the build is
// not timed, the server does it in the background).
Figures measure(const Corpus& corpus, const clause::SimilarityOptions& options,
                std::vector<BarTally>* bars, bool snapshot) {
  clause::similar::IdfCache idf_cache;  // as the server shares it across requests
  std::unique_ptr<clause::similar::Snapshot> memory;
  if (snapshot) {
    const std::atomic<bool> cancel{false};
    memory = clause::similar::Snapshot::build(corpus.db, clause::layout::revision_key(corpus.db),
                                              clause::similar::bm25_params(options), cancel);
  }
  const clause::SimilarityEngine engine(corpus.db, options, &idf_cache, memory.get());
  Figures f;
  clause::bench::Latencies millis;
  for (const auto& qid : corpus.queries) {
    auto r = millis.time([&] { return engine.similar_to_id(qid, 100, false); });
    if (!r) {
      std::cerr << "query " << qid << ": " << r.error().message << "\n";
      continue;
    }
    const auto& hits = r->results;
    if (std::getenv("SIMILAR_DUMP") && f.queries % 97 == 0) {
      std::printf("\nQ %s: %s\n", qid.c_str(), r->clause_json->substr(0, 300).c_str());
      for (std::size_t i = 0; i < std::min<std::size_t>(3, hits.size()); ++i) {
        std::printf("  %c %.2f %s\n", corpus.relevant(qid, hits[i].id) ? '+' : '-', hits[i].score,
                    hits[i].record_json.substr(0, 250).c_str());
      }
    }
    std::size_t rel10 = 0;
    double rr = 0;
    for (std::size_t i = 0; i < hits.size(); ++i) {
      const bool rel = corpus.relevant(qid, hits[i].id);
      if (rel && i < 10) ++rel10;
      if (rel && rr == 0) rr = 1.0 / double(i + 1);
    }
    if (const char* path = std::getenv("SIMILAR_PERQUERY"); path != nullptr && options.method == clause::SimilarityMethod::tuned) {
      static std::ofstream out(path, std::ios::app);
      out << qid << ' ' << rel10 / 10.0 << ' ' << ((!hits.empty() && corpus.relevant(qid, hits[0].id)) ? 1 : 0)
          << ' ' << rr;
      if (std::getenv("SIMILAR_TOP")) for (std::size_t i = 0; i < std::min<std::size_t>(100, hits.size()); ++i) out << ' ' << hits[i].id << ':' << hits[i].score;
      out << '\n';
    }
    f.p10 += rel10 / 10.0;
    f.p1 += (!hits.empty() && corpus.relevant(qid, hits[0].id)) ? 1 : 0;
    f.mrr += rr;
    ++f.queries;
    if (bars) {
      const double truth = corpus.platforms_with_type(qid);
      for (std::size_t b = 0; b < kBars.size(); ++b) {
        double counted = 0, counted_rel = 0;
        for (const auto& h : hits) {
          if (h.score < kBars[b]) continue;
          ++counted;
          if (corpus.relevant(qid, h.id)) ++counted_rel;
        }
        (*bars)[b].counted += counted;
        (*bars)[b].counted_relevant += counted_rel;
        (*bars)[b].truth += truth;
        (*bars)[b].abs_error += std::abs(counted - truth);
      }
    }
  }
  if (f.queries > 0) {
    f.p10 /= f.queries;
    f.p1 /= f.queries;
    f.mrr /= f.queries;
  }
  f.p50 = millis.percentile(50);
  f.p99 = millis.percentile(99);
  return f;
}

void print_row(const std::string& corpus, const std::string& method, const Figures& f) {
  std::printf("| %-9s | %-8s | %5zu | %.3f | %.3f | %.3f | %6.2f | %6.2f |\n", corpus.c_str(),
              method.c_str(), f.queries, f.p10, f.p1, f.mrr, f.p50, f.p99);
}

void print_bars(const std::string& corpus, const std::vector<BarTally>& bars, std::size_t queries) {
  std::printf("\nbar calibration, %s (per query means; truth = platforms with a same-type clause)\n",
              corpus.c_str());
  std::printf("| bar  | counted | precision | recall | truth | mean abs error |\n");
  for (std::size_t b = 0; b < kBars.size(); ++b) {
    const auto& t = bars[b];
    std::printf("| %.2f | %7.2f | %9.3f | %6.3f | %5.2f | %14.2f |\n", kBars[b], t.counted / queries,
                t.counted > 0 ? t.counted_relevant / t.counted : 0, t.truth > 0 ? t.counted_relevant / t.truth : 0,
                t.truth / queries, t.abs_error / queries);
  }
}

bool parse_args(int argc, char** argv, fs::path& shared, std::string& only, bool& calibrate, bool& grid, bool& choose,
                bool& inside_only,
                bool& first_model, clause::SimilarityOptions& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--calibrate") { calibrate = true; continue; }
    if (a == "--variants") { grid = true; continue; }
    if (a == "--choose") { choose = true; continue; }
    if (a == "--inside-training") { inside_only = true; continue; }
    if (a == "--first-model") { first_model = true; continue; }
    if (a == "--held-out") { o.max_offset = 0; continue; }  // marker, reset in main
    if (a == "--tuned-only") { o.max_limit = 0; continue; }  // marker, reset in main
    if (a == "--no-snapshot") { o.snapshot_max_clauses = 0; continue; }  // the engine on Xapian alone
    if (i + 1 >= argc) return false;
    const char* v = argv[++i];
    if (a == "--shared") shared = v;
    else if (a == "--corpus") only = v;
    else if (a == "--k1") o.k1 = std::stod(v);
    else if (a == "--b") o.b = std::stod(v);
    else if (a == "--max-df") o.max_df_share = std::stod(v);
    else if (a == "--fb-docs") o.feedback_docs = std::stoul(v);
    else if (a == "--fb-terms") o.feedback_terms = std::stoul(v);
    else if (a == "--fb-weight") o.feedback_weight = std::stod(v);
    else if (a == "--rerank") o.rerank_per_platform = std::stoul(v);
    else if (a == "--mix") o.rerank_mix = std::stod(v);
    else if (a == "--depth") o.rerank_depth = std::stoul(v);
    else if (a == "--max-terms") o.max_terms = std::stoul(v);
    else if (a == "--drop-name") o.drop_own_name = std::stoi(v) != 0;
    else if (a == "--shingle") o.shingle_mix = std::stod(v);
    else if (a == "--negation") o.negation_penalty = std::stod(v);
    else if (a == "--centroid-k") o.centroid_k = std::stoul(v);
    else if (a == "--centroid") o.centroid_mix = std::stod(v);
    else if (a == "--topic-bonus") o.topic_bonus = std::stod(v);
    else if (a == "--topic-penalty") o.topic_penalty = std::stod(v);
    else if (a == "--length") o.length_penalty = std::stod(v);
    else if (a == "--siblings") o.sibling_contrast = std::stod(v);
    else if (a == "--fb-rerank") o.feedback_reranked = std::stoi(v) != 0;
    else if (a == "--type-min") o.type_min_confidence = std::stod(v);
    else if (a == "--type-count") {
      if (std::string(v) != "led" && std::string(v) != "expected") return false;
      o.type_count = std::string(v) == "led" ? clause::SimilarityOptions::TypeCount::led
                                             : clause::SimilarityOptions::TypeCount::expected;
    }
    else if (a == "--type-top") o.type_count_top = std::stoul(v);
    else if (a == "--type-agreement") o.type_agreement = std::stod(v);
    else if (a == "--type-candidates") o.type_candidates = std::stoul(v);
    else if (a == "--candidate-min-share") o.type_candidate_min_share = std::stod(v);
    else if (a == "--candidate-depth") o.type_candidate_depth = std::stoul(v);
    else if (a == "--count-given-type") o.type_count_given_type = std::stoi(v) != 0;
    else if (a == "--agreement-given-type") o.type_agreement_given_type = std::stoi(v) != 0;
    else return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = clause::build_paths::shared_data_dir().string();
  std::string only;
  bool calibrate = false, grid = false, choose = false, first_model = false, inside_only = false;
  clause::SimilarityOptions tuned;
  if (!parse_args(argc, argv, shared, only, calibrate, grid, choose, inside_only, first_model, tuned)) {
    std::cerr << "usage: bench_similar_quality [--shared DIR] [--corpus tosdr|claudette] [--calibrate]"
                 " [--k1 X] [--b X] [--max-df X] [--fb-docs N] [--fb-terms N]"
                 " [--fb-weight X] [--rerank N] [--mix X] [--depth N] [--max-terms N]"
                 " [--drop-name 0|1] [--shingle X] [--negation X]"
                 " [--centroid-k N --centroid X] [--topic-bonus X] [--topic-penalty X] [--length X] [--fb-rerank 0|1] [--siblings X]"
                 " [--tuned-only] [--no-snapshot] [--held-out [--type-min X] [--type-count led|expected]"
                 " [--type-top N] [--type-agreement X] [--type-candidates N] [--candidate-min-share X] [--candidate-depth N]"
                 " [--count-given-type 0|1]"
                 " [--agreement-given-type 0|1] [--variants] [--choose] [--inside-training] [--first-model]]\n";
    return 2;
  }
  const bool tuned_only = tuned.max_limit == 0;  // skip the baseline while tuning
  const bool use_snapshot = tuned.snapshot_max_clauses > 0;
  tuned.max_limit = clause::SimilarityOptions{}.max_limit;
  if (tuned.max_offset == 0) {
    tuned.max_offset = clause::SimilarityOptions{}.max_offset;
    return clause::bench::run_held_out(shared, only, tuned, use_snapshot, grid, choose, first_model, inside_only);
  }
  clause::SimilarityOptions baseline;
  baseline.method = clause::SimilarityMethod::bm25_or;

  std::printf("| corpus    | method   | queries | P@10  | P@1   | MRR   | p50 ms | p99 ms |\n");
  std::map<std::string, std::pair<std::vector<BarTally>, std::size_t>> calibrations;
  for (const std::string name : {"tosdr", "claudette"}) {
    if (!only.empty() && only != name) continue;
    const fs::path file = shared / name / "clauses.jsonl";
    if (!fs::exists(file)) {
      std::printf("| %-9s | skipped: %s absent |\n", name.c_str(), file.c_str());
      continue;
    }
    auto corpus = clause::bench::load_unlabelled(file);
    if (!corpus) {
      std::cerr << corpus.error().message << "\n";
      return 1;
    }
    // The baseline is plain BM25-OR in Xapian, as the issue defines it.
    if (!tuned_only) print_row(name, "bm25-or", measure(**corpus, baseline, nullptr, false));
    std::vector<BarTally> bars(kBars.size());
    const Figures f = measure(**corpus, tuned, calibrate ? &bars : nullptr, use_snapshot);
    print_row(name, "tuned", f);
    if (calibrate) calibrations[name] = {bars, f.queries};
    std::fflush(stdout);
  }
  for (const auto& [name, tally] : calibrations) print_bars(name, tally.first, tally.second);
  return 0;
}
