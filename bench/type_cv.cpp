#include "bench/type_cv.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <utility>

#include "indexer/type_choice.h"

namespace clause::bench {
namespace {

struct Setting {
  std::string name;
  TypeTrainingOptions options;
};

// The candidates, each one change from today's setting (first), then the
// combinations of the ones that helped (rounds two to four, named "+",
// "++", "+++"); --cv-grid one|two|three|four runs one round, --cv-grid chosen
// the default setting alone.
std::vector<Setting> settings(const std::string& grid) {
  const TypeTrainingOptions today = first_type_training();
  std::vector<Setting> out{{"today (C 50, binary, prune 0.3, min 3)", today}};
  auto add = [&](const std::string& name, auto change) {
    TypeTrainingOptions o = today;
    change(o);
    out.push_back({name, o});
  };
  if (grid.empty() || grid == "one") {
    for (const double c : {10.0, 20.0, 100.0, 200.0}) {
      add("C " + std::to_string(int(c)), [c](auto& o) { o.c = c; });
    }
    add("log tf", [](auto& o) { o.scheme.weighting = TypeFeatureWeighting::log_tf; });
    for (const double c : {20.0, 50.0, 100.0, 200.0}) {
      add("log tf x idf, C " + std::to_string(int(c)), [c](auto& o) {
        o.scheme.weighting = TypeFeatureWeighting::log_tf_idf;
        o.c = c;
      });
    }
    add("skip pairs", [](auto& o) { o.scheme.skip_pairs = true; });
    for (const std::size_t n : {3, 4, 5}) {
      add("stem " + std::to_string(n) + "-grams", [n](auto& o) { o.scheme.stem_ngrams = n; });
    }
    add("balanced class weights", [](auto& o) { o.balanced = true; });
    add("L2, dual solver (-s 7)", [](auto& o) { o.dual = true; });
    for (const double c : {5.0, 20.0, 50.0}) {
      add("L1 (-s 6), C " + std::to_string(int(c)), [c](auto& o) { o.l1 = true, o.c = c; });
    }
    for (const double c : {0.1, 0.5, 2.0}) {
      char name[64];
      std::snprintf(name, sizeof name, "Crammer-Singer (-s 4), C %.1f", c);
      add(name, [c](auto& o) { o.crammer_singer = true, o.c = c; });
    }
    for (const double w : {0.0, 0.1, 0.5}) {
      char name[64];
      std::snprintf(name, sizeof name, "prune below %.1f", w);
      add(name, [w](auto& o) { o.prune_below = w; });
    }
    for (const std::size_t n : {1, 2, 5}) {
      add("min count " + std::to_string(n), [n](auto& o) { o.min_feature_count = n; });
    }
  }
  if (grid.empty() || grid == "two") {
    // Combinations of those that helped: stem n-grams, idf, balanced
    // weights, a weaker regularisation.
    using W = TypeFeatureWeighting;
    struct Combo {
      std::size_t grams;
      W weighting;
      bool balanced;
      double c;
    };
    for (const Combo& k : std::vector<Combo>{{4, W::binary, true, 50},     {4, W::binary, true, 100},
                                             {4, W::binary, true, 200},    {4, W::log_tf, true, 100},
                                             {4, W::log_tf_idf, false, 100}, {4, W::log_tf_idf, false, 200},
                                             {4, W::log_tf_idf, true, 100}, {4, W::log_tf_idf, true, 200},
                                             {4, W::log_tf_idf, true, 500}, {3, W::log_tf_idf, true, 200},
                                             {5, W::log_tf_idf, true, 200}, {0, W::log_tf_idf, true, 200}}) {
      static constexpr const char* kWeighting[] = {"binary", "log tf", "log tf x idf"};
      char name[96];
      std::snprintf(name, sizeof name, "+ %s%s, %s%s, C %d", k.grams ? "stem " : "no grams",
                    k.grams ? (std::to_string(k.grams) + "-grams").c_str() : "",
                    kWeighting[static_cast<int>(k.weighting)], k.balanced ? ", balanced" : "", int(k.c));
      add(name, [k](auto& o) {
        o.scheme.stem_ngrams = k.grams;
        o.scheme.weighting = k.weighting;
        o.balanced = k.balanced;
        o.c = k.c;
      });
    }
  }
  if (grid.empty() || grid == "three") {
    // Around the best of each corpus: pruning, rare features, C.
    const auto best = [](TypeTrainingOptions& o, TypeFeatureWeighting w, double c) {
      o.scheme.stem_ngrams = 4, o.scheme.weighting = w, o.balanced = true, o.c = c;
    };
    for (const auto w : {TypeFeatureWeighting::log_tf_idf, TypeFeatureWeighting::log_tf}) {
      const std::string base = w == TypeFeatureWeighting::log_tf ? "++ 4-grams, log tf, balanced"
                                                                 : "++ 4-grams, log tf x idf, balanced";
      for (const double c : {50.0, 70.0, 150.0}) {
        add(base + ", C " + std::to_string(int(c)), [&](auto& o) { best(o, w, c); });
      }
      for (const double prune : {0.0, 0.1, 0.2, 0.5}) {
        char name[128];
        std::snprintf(name, sizeof name, "%s, C 100, prune %.1f", base.c_str(), prune);
        add(name, [&](auto& o) { best(o, w, 100), o.prune_below = prune; });
      }
      for (const std::size_t n : {2, 5}) {
        add(base + ", C 100, min count " + std::to_string(n),
            [&](auto& o) { best(o, w, 100), o.min_feature_count = n; });
      }
    }
  }
  if (grid == "chosen") {
    // Only the shipped default and its two weightings: to compare one
    // feature change against it quickly (the corpora given by --data).
    for (const auto w : {TypeFeatureWeighting::log_tf_idf, TypeFeatureWeighting::log_tf}) {
      add(std::string("default, ") + (w == TypeFeatureWeighting::log_tf ? "log tf" : "log tf x idf"),
          [w](auto& o) {
            o = TypeTrainingOptions{};
            o.scheme.weighting = w;
          });
      add(std::string("default, type names as examples, ") +
              (w == TypeFeatureWeighting::log_tf ? "log tf" : "log tf x idf"),
          [w](auto& o) {
            o = TypeTrainingOptions{};
            o.scheme.weighting = w;
            o.type_names_as_examples = true;
          });
    }
  }
  if (grid == "names") {
    // Around the type names as examples (issue 17, a better model, second
    // step): C, rare features, n-grams again with them.
    const auto named = [](TypeTrainingOptions& o, TypeFeatureWeighting w) {
      o = TypeTrainingOptions{};
      o.scheme.weighting = w;
      o.type_names_as_examples = true;
    };
    for (const auto w : {TypeFeatureWeighting::log_tf_idf, TypeFeatureWeighting::log_tf}) {
      const std::string base = std::string("names, ") + (w == TypeFeatureWeighting::log_tf ? "log tf" : "log tf x idf");
      for (const double c : {50.0, 200.0}) {
        add(base + ", C " + std::to_string(int(c)), [&](auto& o) { named(o, w), o.c = c; });
      }
      for (const std::size_t n : {1, 2}) {
        add(base + ", min count " + std::to_string(n), [&](auto& o) { named(o, w), o.min_feature_count = n; });
      }
      add(base + ", skip pairs", [&](auto& o) { named(o, w), o.scheme.skip_pairs = true; });
      add(base + ", 3-grams", [&](auto& o) { named(o, w), o.scheme.stem_ngrams = 3; });
      add(base + ", not balanced", [&](auto& o) { named(o, w), o.balanced = false; });
    }
  }
  if (grid.empty() || grid == "four") {
    // Skip pairs again, on the better setting (alone they cost on both).
    for (const auto w : {TypeFeatureWeighting::log_tf_idf, TypeFeatureWeighting::log_tf}) {
      add(std::string("+++ 4-grams, ") + (w == TypeFeatureWeighting::log_tf ? "log tf" : "log tf x idf") +
              ", balanced, C 100, skip pairs",
          [w](auto& o) {
            o.scheme = {true, 4, w};
            o.balanced = true;
            o.c = 100;
          });
    }
  }
  return out;
}

struct Score {
  std::size_t labelled = 0, right = 0, all = 0, all_right = 0, weights = 0;
  double top1() const { return double(right) / std::max<std::size_t>(1, labelled); }
  double all_top1() const { return double(all_right) / std::max<std::size_t>(1, all); }
};

// Grouped by platform: the training half by platform_half, its two parts
// by platform_fold (as train-types chooses, and bench_similar_quality --choose).
bool cross_validate(const TypeCorpus& corpus, TypeTrainingOptions options, Score& score) {
  options.calibrate = false;  // top-1 does not depend on it
  for (int half = 0; half < 2; ++half) {
    for (int fold = 0; fold < 2; ++fold) {
      std::vector<TypeExample> train;
      std::vector<const TypeExample*> test;
      for (const auto& e : corpus.examples) {
        if (platform_half(e.platform) != half) continue;  // the held-out half: never looked at
        if (platform_fold(e.platform) == fold) train.push_back(e);
        else test.push_back(&e);
      }
      const auto model = train_type_model(train, options);
      if (!model) return std::cerr << model.error().message << "\n", false;
      score.weights += model->weight_count();
      for (const TypeExample* e : test) {
        const auto ranked = model->scores(e->text);
        const bool right = std::find(e->types.begin(), e->types.end(),
                                     model->labels()[ranked.front().label].name) != e->types.end();
        ++score.all;
        score.all_right += right;
        if (e->types.front() == kNoneType) continue;
        ++score.labelled;
        score.right += right;
      }
    }
  }
  return true;
}

}  // namespace

int run_type_cv(const std::vector<TypeCorpus>& corpora, const std::string& only_grid) {
  const auto grid = settings(only_grid);
  std::printf("cross-validation inside the training halves (4 runs per corpus: each half's platforms in two "
              "parts, train on one, predict the other); the held-out halves are not used\n");
  std::printf("| setting | ");
  for (const auto& c : corpora) std::printf("%s top-1 | ratio | all top-1 | weights/run | ", c.name.c_str());
  std::printf("mean ratio |\n");
  std::vector<Score> today(corpora.size());
  for (const auto& s : grid) {
    std::printf("| %s | ", s.name.c_str());
    double ratio_sum = 0;
    for (std::size_t k = 0; k < corpora.size(); ++k) {
      Score score;
      if (!cross_validate(corpora[k], s.options, score)) return 1;
      if (&s == &grid.front()) today[k] = score;
      const double ratio = score.top1() / std::max(1e-9, today[k].top1());
      ratio_sum += ratio;
      std::printf("%.3f | %.3f | %.3f | %zu | ", score.top1(), ratio, score.all_top1(), score.weights / 4);
    }
    std::printf("%.3f |\n", ratio_sum / double(corpora.size()));
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace clause::bench
