#include "indexer/type_training.h"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "indexer/jsonl_reader.h"
#include "schema/fnv1a.h"
#include "schema/slug.h"
#include "schema/type_features.h"

namespace clause {
namespace {

constexpr std::size_t kMinCalibrationOutcomes = 30;
constexpr int kCalibrationParts = 8;

void quiet(const char*) {}


// The label of each type name (sorted, so the input's order does not matter)
// and each type's severity: the one most of its examples carry (ties: the
// more severe).
std::vector<TypeLabel> collect_labels(const std::vector<TypeExample>& examples) {
  std::map<std::string, std::map<int, std::size_t>> severities;
  for (const auto& e : examples) {
    for (const auto& t : e.types) ++severities[t][severity_rank(e.severity)];
  }
  std::vector<TypeLabel> labels;
  for (const auto& [name, counts] : severities) {
    TypeLabel label{name, std::nullopt};
    std::size_t best = 0;
    for (const auto& [rank, count] : counts) {
      if (rank > 0 && count >= best) {
        best = count;
        label.severity = static_cast<Severity>(rank);
      }
    }
    if (name == kNoneType) label.severity.reset();
    labels.push_back(std::move(label));
  }
  return labels;
}

// liblinear's problem: one row per (example, type), features renumbered
// 1..F in bucket order (only buckets seen often enough), the bias last.
struct Problem {
  std::vector<std::uint32_t> bucket_of;  // feature number - 1 -> bucket
  std::vector<std::vector<feature_node>> rows;
  std::vector<double> y;
  std::vector<feature_node*> x;
  problem prob{};
  TypeFeatureIdf idf;  // of the kept features, for log_tf_idf
};

// The idf of the buckets kept as features, over the training clauses.
TypeFeatureIdf feature_idf(const std::vector<std::uint32_t>& kept_buckets,
                           const std::map<std::uint32_t, std::size_t>& count, std::size_t clauses) {
  TypeFeatureIdf idf;
  idf.unseen = TypeFeatureIdf::quantise(clauses, 0);
  for (const auto b : kept_buckets) idf.by_bucket.emplace_back(b, TypeFeatureIdf::quantise(clauses, count.at(b)));
  return idf;
}

void build_problem(const std::vector<TypeExample>& examples,
                   const std::map<std::string, int>& label_of, const TypeTrainingOptions& o,
                   Problem& p) {
  std::vector<std::vector<std::uint32_t>> hashes;
  std::map<std::uint32_t, std::size_t> count;  // bucket -> training clauses that have it
  for (const auto& e : examples) {
    hashes.push_back(type_feature_hashes(e.text, o.scheme));
    for (auto b : type_feature_buckets(hashes.back(), o.buckets)) ++count[b];
  }
  std::map<std::uint32_t, int> number;
  for (const auto& [bucket, n] : count) {
    if (n < o.min_feature_count) continue;
    p.bucket_of.push_back(bucket);
    number[bucket] = static_cast<int>(p.bucket_of.size());
  }
  if (o.scheme.weighting == TypeFeatureWeighting::log_tf_idf) {
    p.idf = feature_idf(p.bucket_of, count, examples.size());
  }
  const int bias_index = static_cast<int>(p.bucket_of.size()) + 1;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    // The values TypeModel::scores gives them: dropped features still count
    // in the vector's length.
    std::vector<feature_node> row;
    for (const auto& [b, value] : type_feature_values(hashes[i], o.buckets, o.scheme.weighting, &p.idf)) {
      if (auto it = number.find(b); it != number.end()) row.push_back({it->second, value});
    }
    row.push_back({bias_index, 1.0});
    row.push_back({-1, 0.0});
    for (const auto& t : examples[i].types) {
      p.rows.push_back(row);
      p.y.push_back(label_of.at(t));
    }
  }
  for (auto& r : p.rows) p.x.push_back(r.data());
  p.prob.l = static_cast<int>(p.rows.size());
  p.prob.n = bias_index;
  p.prob.y = p.y.data();
  p.prob.x = p.x.data();
  p.prob.bias = 1.0;
}

// liblinear's parameter for the options; `weights` and `weight_labels` hold
// the balanced class weights it points to.
parameter solver_parameter(const TypeTrainingOptions& o, const Problem& p, std::size_t labels,
                           std::vector<double>& weights, std::vector<int>& weight_labels) {
  parameter param{};
  param.solver_type = o.crammer_singer ? MCSVM_CS : o.l1 ? L1R_LR : o.dual ? L2R_LR_DUAL : L2R_LR;
  param.eps = o.crammer_singer || o.dual ? 0.1 : 0.01;
  param.C = o.c;
  if (o.balanced) {
    std::vector<std::size_t> n(labels, 0);
    for (const double y : p.y) ++n[static_cast<std::size_t>(y)];
    for (std::size_t k = 0; k < labels; ++k) {
      if (n[k] == 0) continue;
      weight_labels.push_back(static_cast<int>(k));
      weights.push_back(double(p.y.size()) / (double(labels) * double(n[k])));
    }
    param.nr_weight = static_cast<int>(weights.size());
    param.weight_label = weight_labels.data();
    param.weight = weights.data();
  }
  return param;
}

Result<TypeModel> fit(const std::vector<TypeExample>& examples, const TypeTrainingOptions& o,
                      const nlohmann::json& provenance) {
  std::vector<TypeLabel> labels = collect_labels(examples);
  const bool only_none = labels.size() == 1 && labels.front().name == kNoneType;
  if (labels.empty() || only_none) {
    return Error::invalid("FILE", "no record carries clause_type or clause_types: nothing to learn");
  }
  if (labels.size() < 2) {
    return Error::invalid("FILE", "only one type ('" + labels.front().name +
                                      "') in the input: a model needs at least two");
  }
  std::map<std::string, int> label_of;
  for (std::size_t k = 0; k < labels.size(); ++k) label_of[labels[k].name] = static_cast<int>(k);
  Problem p;
  if (o.type_names_as_examples) {
    std::vector<TypeExample> with_names = examples;
    for (const auto& label : labels) {
      if (label.name != kNoneType) with_names.push_back({"", label.name, {label.name}, label.severity});
    }
    build_problem(with_names, label_of, o, p);
  } else {
    build_problem(examples, label_of, o, p);
  }
  std::vector<double> class_weights;
  std::vector<int> weight_labels;
  parameter param = solver_parameter(o, p, labels.size(), class_weights, weight_labels);
  if (const char* why = check_parameter(&p.prob, &param)) return Error::invalid("", why);
  set_print_string_function(&quiet);
  std::srand(1);  // liblinear's solvers shuffle with rand(): same input, same model
  model* m = train(&p.prob, &param);
  std::vector<double> biases(labels.size(), 0.0);
  std::vector<RawTypeWeight> weights;
  for (int k = 0; k < m->nr_class; ++k) {
    const auto label = static_cast<std::uint16_t>(m->label[k]);
    biases[label] = get_decfun_bias(m, k);
    for (std::size_t f = 0; f < p.bucket_of.size(); ++f) {
      const double w = get_decfun_coef(m, static_cast<int>(f) + 1, k);
      if (std::abs(w) > o.prune_below && w != 0.0) weights.push_back({p.bucket_of[f], label, w});
    }
  }
  free_and_destroy_model(&m);
  return TypeModel(o.name, o.buckets, std::move(labels), std::move(biases), weights, {},
                   provenance, o.scheme, std::move(p.idf));
}

// Which of the kCalibrationParts parts of the platforms a platform is in,
// for the calibration.
int calibration_part(const std::string& platform) { return static_cast<int>((fnv1a32(slugify(platform)) >> 8) % kCalibrationParts); }

// Sets how the model's top probability turns into a share correct, from
// predictions of clauses of platforms their model was not fitted on: each
// part of the platforms is predicted by a model fitted on the other parts
// (every part, not one: kCalibrationParts times the outcomes to fit by, so a
// label set of few platforms is not calibrated on a handful of them).
TypeCalibration calibrate(const std::vector<TypeExample>& examples, const TypeTrainingOptions& o) {
  std::vector<std::pair<double, bool>> outcomes;
  for (int part = 0; part < kCalibrationParts; ++part) {
    std::vector<TypeExample> fitting;
    std::vector<const TypeExample*> held_out;
    for (const auto& e : examples) {
      if (calibration_part(e.platform) == part) held_out.push_back(&e);
      else fitting.push_back(e);
    }
    if (held_out.empty()) continue;
    auto model = fit(fitting, o, nlohmann::json::object());
    if (!model) continue;  // too few types left in the other parts
    for (const TypeExample* e : held_out) {
      const auto ranked = model->scores(e->text);
      const std::string& top = model->labels()[ranked.front().label].name;
      if (top == kNoneType) continue;
      const bool right = std::find(e->types.begin(), e->types.end(), top) != e->types.end();
      outcomes.emplace_back(ranked.front().probability, right);
    }
  }
  return fit_calibration(outcomes);
}

}  // namespace

int platform_half(const std::string& platform) { return fnv1a32(slugify(platform)) & 1; }

TypeTrainingOptions first_type_training() {
  TypeTrainingOptions o;
  o.c = 50.0;
  o.balanced = false;
  o.scheme = {};
  return o;
}

TypeCalibration fit_calibration(const std::vector<std::pair<double, bool>>& outcomes) {
  if (outcomes.size() < kMinCalibrationOutcomes) return {};
  // Newton's method with step halving on the logistic loss of
  // sigmoid(a * logit(p) + b), with Platt's smoothed targets so that a
  // perfect split does not diverge.
  std::size_t positives = 0;
  for (const auto& o : outcomes) positives += o.second;
  const double hi = (positives + 1.0) / (positives + 2.0);
  const double lo = 1.0 / (outcomes.size() - positives + 2.0);
  struct Point {
    double z, target;
  };
  std::vector<Point> points;
  for (const auto& [p, right] : outcomes) {
    const double pc = std::clamp(p, 1e-9, 1.0 - 1e-9);
    points.push_back({std::log(pc / (1.0 - pc)), right ? hi : lo});
  }
  auto loss = [&points](double a, double b) {
    double sum = 0;
    for (const auto& pt : points) {
      const double q = std::clamp(1.0 / (1.0 + std::exp(-(a * pt.z + b))), 1e-12, 1.0 - 1e-12);
      sum -= pt.target * std::log(q) + (1.0 - pt.target) * std::log(1.0 - q);
    }
    return sum;
  };
  double a = 1.0, b = 0.0, current = loss(a, b);
  for (int iteration = 0; iteration < 100; ++iteration) {
    double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    for (const auto& pt : points) {
      const double q = 1.0 / (1.0 + std::exp(-(a * pt.z + b)));
      const double diff = q - pt.target, curv = q * (1.0 - q);
      ga += diff * pt.z;
      gb += diff;
      haa += curv * pt.z * pt.z;
      hab += curv * pt.z;
      hbb += curv;
    }
    const double det = haa * hbb - hab * hab;
    if (std::abs(det) < 1e-12) break;
    const double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    double step = 1.0;
    while (step > 1e-6 && loss(a - step * da, b - step * db) > current) step /= 2;
    if (step <= 1e-6) break;
    a -= step * da;
    b -= step * db;
    const double next = loss(a, b);
    const bool settled = current - next < 1e-10;
    current = next;
    if (settled) break;
  }
  return {a, b};
}

Result<std::size_t> read_type_examples(const std::string& path, bool unlabelled_are_none,
                                       std::vector<TypeExample>& out) {
  // '-' is standard input, as for the indexer's own inputs.
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return Error::invalid("FILE", path + ": cannot open: " + std::strerror(errno));
  }
  std::istream& in = path == "-" ? std::cin : file;
  JsonlReader reader(in);
  std::size_t added = 0;
  while (auto line = reader.next()) {
    if (!line->record.ok()) {
      return Error::invalid("FILE", path + ":" + std::to_string(line->number) + ": " +
                                        line->record.error().message);
    }
    const ClauseRecord& r = *line->record;
    std::vector<std::string> types = r.all_clause_types();
    if (types.empty() && !unlabelled_are_none) continue;
    if (types.empty()) types.emplace_back(kNoneType);
    out.push_back({r.platform, r.text, std::move(types), r.severity});
    ++added;
  }
  if (reader.failed()) return Error::invalid("FILE", path + ": read error");
  return added;
}

Result<TypeModel> train_type_model(const std::vector<TypeExample>& examples,
                                   const TypeTrainingOptions& options,
                                   const nlohmann::json& provenance) {
  auto model = fit(examples, options, provenance);
  if (!model || !options.calibrate) return model;
  const TypeCalibration c = calibrate(examples, options);
  model->set_calibration(c);
  return model;
}

}  // namespace clause
