// bench_type_quality: how well the clause-type model names the type of
// clauses of platforms it never saw, and how honest its confidence is.
//
// Each corpus's platforms are split in two halves (platform_half: a hash of
// the platform's slug); a model is trained on one half and predicts the
// other, then the halves swap; the figures are over both. Prints, per
// corpus: top-1 accuracy on the labelled clauses, the share of clauses given
// a type and how many of those are right, and a calibration table
// (confidence band: clauses, stated mean confidence, observed share right).
//
//   bench_type_quality [--data DIR] [--combined] [--l1] [--c C]
//                      [--prune W] [--min-count N] [--cv] [--cv-grid NAME] [--today]
//                      [--corpus tosdr|claudette]
// --combined trains one model over both corpora instead of one per corpus
// (the shipped way). --cv prints the table that chose the settings
// (bench/type_cv.h: inside the training halves only); --today measures the
// first model's setting (first_type_training) instead of today's default.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "common/build_paths.h"
#include "bench/type_cv.h"
#include "indexer/type_choice.h"
#include "indexer/type_training.h"

namespace {

using namespace clause;

using Corpus = bench::TypeCorpus;

struct Band {
  std::size_t n = 0;
  double stated = 0;
  std::size_t right = 0;
};

struct Tally {
  std::size_t labelled = 0, top1_right = 0, typed = 0, typed_right = 0, total = 0;
  std::map<int, Band> bands;  // by tenths of confidence
  std::size_t weights = 0;
};

void evaluate(const TypeModel& model, const std::vector<const TypeExample*>& test, Tally& t) {
  t.weights += model.weight_count();
  for (const TypeExample* e : test) {
    const bool labelled = e->types.front() != kNoneType;
    const auto ranked = model.scores(e->text);
    const std::string& top = model.labels()[ranked.front().label].name;
    const bool right = std::find(e->types.begin(), e->types.end(), top) != e->types.end();
    ++t.total;
    if (labelled) {
      ++t.labelled;
      t.top1_right += right;
    }
    const auto prediction = model.predict(e->text);
    if (!prediction) continue;
    ++t.typed;
    t.typed_right += right;
    Band& b = t.bands[std::min(9, static_cast<int>(prediction->confidence * 10))];
    ++b.n;
    b.stated += prediction->confidence;
    b.right += right;
  }
}

void print(const std::string& name, const Tally& t) {
  std::printf("%s: %zu clauses (%zu labelled); top-1 accuracy on labelled %.3f; typed %.3f of all, "
              "of them right %.3f; weights per model %.0f\n",
              name.c_str(), t.total, t.labelled, double(t.top1_right) / std::max<std::size_t>(1, t.labelled),
              double(t.typed) / std::max<std::size_t>(1, t.total),
              double(t.typed_right) / std::max<std::size_t>(1, t.typed), t.weights / 2.0);
  std::printf("  %-9s %7s %7s %9s %6s\n", "band", "clauses", "stated", "observed", "gap");
  double worst = 0;
  for (const auto& [tenth, b] : t.bands) {
    const double stated = b.stated / b.n, observed = double(b.right) / b.n;
    std::printf("  %.1f-%.1f   %7zu %7.3f %9.3f %6.3f%s\n", tenth / 10.0, (tenth + 1) / 10.0, b.n,
                stated, observed, observed - stated, b.n >= 50 ? "" : "  (<50)");
    if (b.n >= 50) worst = std::max(worst, std::abs(observed - stated));
  }
  std::printf("  worst gap in bands of >= 50 clauses: %.3f\n", worst);
}

std::vector<const TypeExample*> half_of(const std::vector<TypeExample>& examples, int half) {
  std::vector<const TypeExample*> out;
  for (const auto& e : examples) {
    if (platform_half(e.platform) == half) out.push_back(&e);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = clause::build_paths::shared_data_dir().string();
  bool separate = true;
  bool cv = false;
  bool today = false;
  std::string cv_grid;
  std::string only_corpus;
  TypeTrainingOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--data" && has_value) data = argv[++i];
    else if (a == "--combined") separate = false;
    else if (a == "--cv") cv = true;
    else if (a == "--today") today = true;
    else if (a == "--cv-grid" && has_value) cv = true, cv_grid = argv[++i];
    else if (a == "--corpus" && has_value) only_corpus = argv[++i];
    else if (a == "--l1") options.l1 = true;
    else if (a == "--c" && has_value) options.c = std::atof(argv[++i]);
    else if (a == "--prune" && has_value) options.prune_below = std::atof(argv[++i]);
    else if (a == "--min-count" && has_value) options.min_feature_count = std::atoi(argv[++i]);
    else {
      std::cerr << "usage: bench_type_quality [--data DIR] [--combined] [--l1] [--c C] "
                   "[--prune W] [--min-count N] [--cv] [--cv-grid NAME] [--today] [--corpus tosdr|claudette]\n";
      return 2;
    }
  }
  std::vector<Corpus> corpora{{"tosdr", {}}, {"claudette", {}}};
  if (!only_corpus.empty()) {
    std::erase_if(corpora, [&](const Corpus& c) { return c.name != only_corpus; });
    if (corpora.empty()) return std::cerr << "bench_type_quality: --corpus: no corpus " << only_corpus << "\n", 2;
  }
  for (auto& c : corpora) {
    const auto read = read_type_examples(data + "/" + c.name + "/clauses.jsonl",
                                         c.name == "claudette", c.examples);
    if (!read) {
      std::cerr << "bench_type_quality: " << read.error().message << " (skipped)\n";
      return 0;
    }
  }
  if (cv) return bench::run_type_cv(corpora, cv_grid);
  if (today) options = first_type_training();
  std::printf("mode %s, %s, C %.2f, prune %.4f, min count %zu, %sfeatures %s%s\n",
              separate ? "separate" : "combined", options.l1 ? "L1" : "L2", options.c, options.prune_below,
              options.min_feature_count, options.balanced ? "balanced, " : "", options.scheme.name().c_str(),
              today ? "" : " (weighting chosen per model inside its training half)");
  std::vector<Tally> tallies(corpora.size());
  for (int half = 0; half < 2; ++half) {
    std::vector<TypeExample> combined;
    for (std::size_t k = 0; k < corpora.size(); ++k) {
      std::vector<TypeExample> train;
      for (const TypeExample* e : half_of(corpora[k].examples, half)) train.push_back(*e);
      if (!separate) {
        combined.insert(combined.end(), train.begin(), train.end());
        continue;
      }
      // The weighting chosen inside the training half, as train-types does.
      const auto model = today ? train_type_model(train, options) : train_type_model_chosen(train, options);
      if (!model) return std::cerr << model.error().message << "\n", 1;
      std::printf("%s, trained on half %d: features %s\n", corpora[k].name.c_str(), half,
                  model->feature_scheme().name().c_str());
      evaluate(*model, half_of(corpora[k].examples, 1 - half), tallies[k]);
    }
    if (separate) continue;
    const auto model = train_type_model(combined, options);
    if (!model) return std::cerr << model.error().message << "\n", 1;
    for (std::size_t k = 0; k < corpora.size(); ++k) {
      evaluate(*model, half_of(corpora[k].examples, 1 - half), tallies[k]);
    }
  }
  for (std::size_t k = 0; k < corpora.size(); ++k) print(corpora[k].name, tallies[k]);
  return 0;
}
