// bench_similar_quality --held-out: /similar led by clause types, measured
// with whole platforms held out (docs/similarity.md "Types").
//
// For each corpus, its platforms are split in two halves (platform_half, a
// hash of the platform slug). A clause-type model is trained on one half
// (indexer/type_training.h, the shipped settings); the other half is indexed
// with every label removed (id, platform, document, text) and typed by that
// model, as the indexer types records without a type; its clauses are the
// queries; then the halves swap. No clause is typed by a model that saw its
// platform's labels. Figures are pooled over the queries of both halves.
//
// Prints, per corpus: the model's top-1 accuracy and calibration on the
// indexed halves; P@10, P@1, MRR and latency of the type-led method, today's
// text method and plain BM25-OR on the same indexes; and how well
// platforms_with_similar estimates the number of other platforms that truly
// hold a clause of the query's type (median relative error, share within
// +-50 %, Spearman), beside offline estimates from the predicted types
// (a higher confidence floor; the expected number of platforms).
#include "bench/similar_held_out.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "bench/bench_common.h"
#include "bench/similar_corpus.h"
#include "bench/similar_count_variants.h"
#include "indexer/index_writer.h"
#include "indexer/type_choice.h"
#include "indexer/type_training.h"
#include "schema/clause_typing.h"
#include "schema/fnv1a.h"
#include "schema/index_layout.h"
#include "schema/index_terms.h"
#include "schema/schema_version.h"
#include "schema/slug.h"
#include "similar/bm25.h"
#include "similar/engine.h"

namespace fs = std::filesystem;

namespace clause::bench {
namespace {

// A predicted type of one indexed clause.
struct Typed {
  std::string platform, type;
  double confidence = 0;
};

// Model accuracy over the indexed halves (as bench_type_quality counts it).
struct TypeTally {
  std::size_t labelled = 0, top1_right = 0;
  std::map<int, std::pair<std::size_t, std::pair<double, std::size_t>>> bands;  // tenth -> n, (stated, right)
};

struct MethodTally {
  double p10 = 0, p1 = 0, mrr = 0;
  std::size_t queries = 0, type_led = 0;
  Latencies millis;
  CountSeries count;
};

// The platforms of one side of a split: the held-out halves (platform_half)
// and, for --choose, each training half split again by another bit of the
// same hash (platform_half takes the lowest; a suffix to the slug would not
// do: FNV-1a's lowest bit is the parity of the bytes' lowest bits).
struct Part {
  int half = 0;
  int fold = -1;  // -1: the whole half
  bool holds(const std::string& platform) const {
    return platform_half(platform) == half &&
           (fold < 0 || static_cast<int>((fnv1a32(slugify(platform)) >> 16) & 1) == fold);
  }
  std::string tag() const { return std::to_string(half) + (fold < 0 ? "" : "-" + std::to_string(fold)); }
};

// Indexes the records of a part's platforms, unlabelled and typed by `model`; records the
// labels aside in `corpus` and the model's accuracy in `tally`.
Result<std::unique_ptr<Corpus>> index_half(const std::vector<ClauseRecord>& records, const Part& part,
                                           const TypeModel& model, const std::string& name,
                                           TypeTally& tally, std::vector<Typed>& typed) {
  auto corpus = std::make_unique<Corpus>();
  corpus->dir = fs::temp_directory_path() /
                ("clause-bench-heldout-" + std::to_string(::getpid()) + "-" + name + part.tag());
  fs::remove_all(corpus->dir);
  WriterOptions wopts;
  wopts.batch_size = 1000000;
  wopts.spelling = false;
  auto writer = IndexWriter::open(corpus->dir.string(), wopts);
  if (!writer) return writer.error();
  const std::vector<TypeModel> models{model};
  for (const ClauseRecord& rec : records) {
    if (!part.holds(rec.platform)) continue;
    ClauseRecord bare;  // every label removed
    bare.id = rec.id;
    bare.platform = rec.platform;
    bare.document = rec.document;
    bare.text = rec.text;
    std::set<std::string> truth;
    for (const auto& t : rec.all_clause_types()) truth.insert(slugify(t));
    if (!truth.empty()) {
      ++tally.labelled;
      const auto scores = model.scores(rec.text);
      tally.top1_right += truth.count(slugify(model.labels()[scores.front().label].name));
    }
    if (assign_clause_type(bare, models)) {
      auto& band = tally.bands[std::min(9, static_cast<int>(*bare.type_confidence * 10))];
      ++band.first;
      band.second.first += *bare.type_confidence;
      band.second.second += truth.count(slugify(bare.clause_type));
      typed.push_back({slugify(rec.platform), slugify(bare.clause_type), *bare.type_confidence});
    }
    (*writer)->upsert(bare);
    const std::string slug = slugify(rec.platform);
    corpus->platform[rec.id] = slug;
    for (const auto& t : truth) {
      corpus->types[rec.id].insert(t);
      corpus->type_platforms[t].insert(slug);
    }
  }
  (*writer)->commit();
  writer->reset();
  corpus->open_and_pick_queries();
  return corpus;
}

// The predicted types of a half: type -> platform -> confidences, for the
// platforms of a type (N_t) in the offline count estimates.
struct TypeIndex {
  std::map<std::string, std::map<std::string, std::vector<double>>> by_type;
  double platforms(const std::string& type, const std::string& own) const {
    const auto t = by_type.find(type);
    if (t == by_type.end()) return 0;
    return static_cast<double>(t->second.size() - t->second.count(own));
  }
  double soft_platforms(const std::string& type, const std::string& own) const {
    const auto t = by_type.find(type);
    if (t == by_type.end()) return 0;
    double sum = 0;
    for (const auto& [platform, confidences] : t->second) {
      if (platform == own) continue;
      double none = 1;
      for (const double c : confidences) none *= 1 - c;
      sum += 1 - none;
    }
    return sum;
  }
};

// The stored text of an indexed clause.
std::string stored_text(const Xapian::Database& db, const std::string& id) {
  const auto doc = layout::clause_docid(db, id);
  if (!doc) return {};
  const auto record = nlohmann::json::parse(db.get_document(*doc).get_data(), nullptr, false);
  return record.is_object() ? record.value("text", std::string()) : std::string();
}

// What the run measures per query, beside the tallies: for the method that
// fills the rows (first), its answer and the query's type distribution; for
// today's method (second), its bar count.
struct RowSink {
  std::vector<QueryRow>* rows = nullptr;
  std::size_t first = 0;  // the rows of this half start here
  enum { none, new_method, today } role = none;
  const TypeIndex* index = nullptr;
  const std::vector<TypeModel>* models = nullptr;
};

void measure(const Corpus& corpus, const SimilarityOptions& options, bool snapshot, MethodTally& t,
             const std::vector<TypeModel>* models, const RowSink& sink) {
  similar::IdfCache idf_cache;
  std::unique_ptr<similar::Snapshot> memory;
  if (snapshot) {
    const std::atomic<bool> cancel{false};
    memory = similar::Snapshot::build(corpus.db, layout::revision_key(corpus.db), similar::bm25_params(options),
                                      cancel);
  }
  const SimilarityEngine engine(corpus.db, options, &idf_cache, memory.get(), models);
  std::size_t row = sink.first;
  for (const auto& qid : corpus.queries) {
    auto r = t.millis.time([&] { return engine.similar_to_id(qid, 100, false); });
    if (!r) continue;
    std::size_t rel10 = 0;
    double rr = 0;
    for (std::size_t i = 0; i < r->results.size(); ++i) {
      const bool rel = corpus.relevant(qid, r->results[i].id);
      if (rel && i < 10) ++rel10;
      if (rel && rr == 0) rr = 1.0 / double(i + 1);
    }
    t.p10 += rel10 / 10.0;
    t.p1 += (!r->results.empty() && corpus.relevant(qid, r->results[0].id)) ? 1 : 0;
    t.mrr += rr;
    ++t.queries;
    t.type_led += r->type_led;
    const double truth = static_cast<double>(corpus.platforms_with_type(qid));
    t.count.add(static_cast<double>(r->platforms_with_similar), truth);
    if (sink.role == RowSink::new_method) {
      QueryRow q;
      q.truth = truth;
      q.led = r->type_led;
      q.led_count = static_cast<double>(r->platforms_with_similar);
      q.p10_new = rel10 / 10.0;
      const std::string& own = corpus.platform.at(qid);
      if (r->type_led) q.led_soft = sink.index->soft_platforms(r->type, own);
      for (const auto& share : type_shares(stored_text(corpus.db, qid), *sink.models, 1000)) {
        q.shares.push_back({share.share, sink.index->platforms(slugify(share.type), own),
                            sink.index->soft_platforms(slugify(share.type), own)});
        q.none -= share.share;
      }
      q.none = std::max(0.0, q.none);
      sink.rows->push_back(std::move(q));
    } else if (sink.role == RowSink::today) {
      auto& q = (*sink.rows)[row++];
      q.bar = static_cast<double>(r->platforms_with_similar);
      q.p10_today = rel10 / 10.0;
    }
  }
}

void print_types(const std::string& name, const TypeTally& t) {
  std::printf("\n%s: type top-1 accuracy on %zu labelled clauses of held-out platforms: %.3f\n", name.c_str(),
              t.labelled, double(t.top1_right) / std::max<std::size_t>(1, t.labelled));
  std::printf("  band      clauses  stated  observed    gap\n");
  for (const auto& [tenth, b] : t.bands) {
    const double stated = b.second.first / b.first, observed = double(b.second.second) / b.first;
    std::printf("  %.1f-%.1f   %7zu %7.3f %9.3f %6.3f%s\n", tenth / 10.0, (tenth + 1) / 10.0, b.first, stated,
                observed, observed - stated, b.first >= 50 ? "" : "  (<50)");
  }
}

}  // namespace

int run_held_out(const fs::path& shared, const std::string& only, const SimilarityOptions& tuned,
                 bool use_snapshot, bool grid, bool choose, bool first_model, bool inside_only) {
  const bool inside = choose || inside_only;
  SimilarityOptions today = tuned;
  today.use_types = false;
  SimilarityOptions bm25;
  bm25.method = SimilarityMethod::bm25_or;
  bm25.use_types = false;
  // The new method first (its answers fill the rows), today's second.
  std::vector<std::pair<std::string, SimilarityOptions>> setups{
      {"type-led (new)", tuned}, {"tuned text (today)", today}, {"bm25-or", bm25}};
  if (grid || choose) {
    // Each of the third round's changes alone and together, against the
    // settings given (the second round's default unless told otherwise).
    auto add = [&](const std::string& name, std::size_t candidates, double agreement, bool agreement_given,
                   bool count_given, double min_share) {
      SimilarityOptions o = tuned;
      o.type_candidate_min_share = min_share;
      o.type_candidates = candidates;
      o.type_agreement = agreement;
      o.type_agreement_given_type = agreement_given;
      o.type_count_given_type = count_given;
      setups.emplace_back(name, o);
    };
    const double a = tuned.type_agreement;
    add("second round", 0, a, false, false, 0);
    if (choose) {
      // The candidates' two settings on the distribution given a type.
      for (const std::size_t k : {1, 3, 5}) {
        for (const double min_share : {0.0, 0.1, 0.2, 0.3}) {
          char label[64];
          std::snprintf(label, sizeof label, "cand %zu >= %.1f, given", k, min_share);
          add(label, k, a, true, true, min_share);
        }
      }
      add("given a type, no cand", 0, a, true, true, 0);
      for (const std::size_t depth : {10, 20, 30}) {
        add("cand 1 >= 0.0, given, depth " + std::to_string(depth), 1, a, true, true, 0);
        setups.back().second.type_candidate_depth = depth;
      }
    } else {
      add("+ candidates top 1", 1, a, false, false, 0);
      add("+ agreement given a type", 0, a, true, false, 0);
      add("+ count given a type", 0, a, false, true, 0);
      add("cand 1 + agreement given", 1, a, true, false, 0);
      add("cand 3 + both given", 3, a, true, true, 0);
      add("cand 3 >= 0.2 + both given", 3, a, true, true, 0.2);
    }
  }
  std::map<std::string, std::vector<std::pair<std::string, MethodTally>>> all;
  std::map<std::string, std::vector<QueryRow>> rows;
  std::map<std::string, TypeTally> types;
  for (const std::string name : {"tosdr", "claudette"}) {
    if (!only.empty() && only != name) continue;
    const fs::path file = shared / name / "clauses.jsonl";
    if (!fs::exists(file)) {
      std::printf("%s: skipped, %s absent\n", name.c_str(), file.c_str());
      continue;
    }
    std::vector<TypeExample> examples;
    if (auto read = read_type_examples(file.string(), name == "claudette", examples); !read) {
      std::cerr << read.error().message << "\n";
      return 1;
    }
    const auto records = read_clauses(file.string());
    auto& methods = all[name];
    for (const auto& [method, o] : setups) methods.emplace_back(method, MethodTally{});
    // Held out: train on one half, index the other. Choosing: inside each
    // training half, train on one fold, index the other (4 runs).
    std::vector<std::pair<Part, Part>> runs;  // (trained on, indexed)
    for (int h = 0; h < 2; ++h) {
      if (!inside) runs.push_back({Part{h, -1}, Part{1 - h, -1}});
      else for (int f = 0; f < 2; ++f) runs.push_back({Part{h, f}, Part{h, 1 - f}});
    }
    for (const auto& [trained, indexed] : runs) {
      std::vector<TypeExample> train;
      for (const auto& e : examples) {
        if (trained.holds(e.platform)) train.push_back(e);
      }
      // As train-types makes the shipped models: the weighting chosen inside
      // the training platforms.
      const auto model = first_model ? train_type_model(train, first_type_training())
                                     : train_type_model_chosen(train, TypeTrainingOptions{});
      if (!model) return std::cerr << model.error().message << "\n", 1;
      const std::vector<TypeModel> models{*model};
      std::vector<Typed> typed;
      auto corpus = index_half(records, indexed, *model, name, types[name], typed);
      if (!corpus) return std::cerr << corpus.error().message << "\n", 1;
      TypeIndex index;
      for (const auto& t : typed) index.by_type[t.type][t.platform].push_back(t.confidence);
      RowSink sink{&rows[name], rows[name].size(), RowSink::none, &index, &models};
      for (std::size_t m = 0; m < setups.size(); ++m) {
        sink.role = m == 0 ? RowSink::new_method : m == 1 ? RowSink::today : RowSink::none;
        const bool bm25_run = setups[m].second.method == SimilarityMethod::bm25_or;
        measure(**corpus, setups[m].second, use_snapshot && !bm25_run, methods[m].second, &models, sink);
      }
      std::fprintf(stderr, "%s: part %s done\n", name.c_str(), indexed.tag().c_str());
    }
  }
  for (const auto& [name, t] : types) print_types(name, t);
  std::printf("\n| corpus    | method                   | queries | type-led | P@10  | P@1   | MRR   | p50 ms | p99 ms |\n");
  for (auto& [name, methods] : all) {
    for (auto& [method, t] : methods) {
      const double n = std::max<std::size_t>(1, t.queries);
      std::printf("| %-9s | %-24s | %7zu | %8zu | %.3f | %.3f | %.3f | %6.2f | %6.2f |\n", name.c_str(),
                  method.c_str(), t.queries, t.type_led, t.p10 / n, t.p1 / n, t.mrr / n, t.millis.percentile(50),
                  t.millis.percentile(99));
    }
  }
  std::printf("\nplatforms_with_similar vs other platforms truly holding a clause of the query's type\n");
  std::printf("| corpus    | estimate                     | queries | med rel err | within 50%% | Spearman |\n");
  for (auto& [name, methods] : all) {
    for (auto& [method, t] : methods) print_count(name, method, t.count);
    std::printf("offline, from the rows of the first two methods:\n");
    print_count_variants(name, rows[name]);
    std::printf("\n");
  }
  return 0;
}

}  // namespace clause::bench
