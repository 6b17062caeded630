// Training a clause-type model (schema/type_model.h) with liblinear: one-vs-
// rest logistic regression over the hashed features of the clause's text,
// then a calibration of its confidence on platforms it was not fitted on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "schema/result.h"
#include "schema/severity.h"
#include "schema/type_model.h"

namespace clause {

// One clause for training: its types (several when a sentence carries
// several; {"none"} for a sentence that is none of them).
struct TypeExample {
  std::string platform;
  std::string text;
  std::vector<std::string> types;
  std::optional<Severity> severity;
};

// Reads the records of a JSONL file that carry clause_type/clause_types; with
// `unlabelled_are_none`, the records without a type are "none" examples (for
// corpora that label only some sentences). Errors name the file and line.
Result<std::size_t> read_type_examples(const std::string& path, bool unlabelled_are_none,
                                       std::vector<TypeExample>& out);

struct TypeTrainingOptions {
  std::string name = "clause-types";
  std::uint32_t buckets = 1u << 20;
  // Chosen by cross-validation grouped by platform inside the training
  // halves (bench_type_quality --cv, docs/type-model.md "A better model"):
  // weak regularisation (few examples per type), balanced class weights,
  // stems' character 4-grams, and pruning that keeps the file small at no
  // measured cost in accuracy. The weighting is chosen per model among
  // type_training_candidates() (indexer/type_choice.h).
  double c = 100.0;                // liblinear's C (inverse regularisation)
  bool l1 = false;                 // L1 (sparse) instead of L2 regularisation
  bool dual = false;               // L2 by liblinear's dual solver (-s 7) instead of the primal (-s 0)
  bool crammer_singer = false;     // one multi-class SVM (-s 4) instead of one-vs-rest regression
  bool balanced = true;            // each type's positives weighted by n / (types x its examples)
  TypeFeatureScheme scheme{false, 4, TypeFeatureWeighting::log_tf_idf};  // features, values
  std::size_t min_feature_count = 3;  // features in fewer training clauses are dropped
  double prune_below = 0.3;        // weights of smaller magnitude are dropped
  bool calibrate = true;           // fit the calibration on predictions of platforms not fitted on
  // Each type's name is also a training example of that type: label sets
  // whose names are sentences that describe the clause (a case such as "The
  // service may sell your data") teach from them, as from one more clause.
  // Chosen per model by cross-validation (indexer/type_choice.h).
  bool type_names_as_examples = false;
};

// The first shipped model's setting (before issue 17's "better model"): C 50,
// binary values of stems, pairs and negated stems, no class weights.
TypeTrainingOptions first_type_training();

// Which half of a corpus a platform falls in (by FNV-1a of its slug): the
// held-out measurement trains on one half and predicts the other.
int platform_half(const std::string& platform);

// Trains on the examples. Errors: no labelled example, fewer than two labels.
Result<TypeModel> train_type_model(const std::vector<TypeExample>& examples,
                                   const TypeTrainingOptions& options,
                                   const nlohmann::json& provenance = nlohmann::json::object());

// Platt scaling fitted to (top probability, was it right) pairs; identity
// when there are too few of them.
TypeCalibration fit_calibration(const std::vector<std::pair<double, bool>>& outcomes);

}  // namespace clause
