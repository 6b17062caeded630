// Choosing a clause-type model's settings by cross-validation grouped by
// platform, inside the training input only (issue 17, a better model): the
// training platforms are split in two parts by a bit of their hash, a model
// is fitted on one part and predicts the other, then the parts swap; the
// candidate with the most labelled clauses named right wins (ties: the
// first). The same rule for every label set, so no setting is tied to one.
// (Counting the "none" examples too was tried: on a label set whose
// sentences are 90 % "none", that count is the none class's and chose
// differently in the two halves; docs/type-model.md.)
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/type_training.h"

namespace clause {

// Which of the two cross-validation parts a platform is in: a bit of its
// slug's hash that neither platform_half nor the calibration quarter uses.
int platform_fold(const std::string& platform);

struct TypeCandidateScore {
  std::size_t labelled = 0;  // labelled clauses predicted
  std::size_t right = 0;     // of them, the best label one of theirs
  std::size_t none = 0;      // "none" examples predicted
  std::size_t none_right = 0;  // of them, predicted "none"
  double top1() const { return labelled == 0 ? 0.0 : double(right) / double(labelled); }
  // Over every example, "none" ones included (recorded, not chosen by).
  double all_top1() const {
    const std::size_t all = labelled + none;
    return all == 0 ? 0.0 : double(right + none_right) / double(all);
  }
};

// Top-1 of `options` over the two parts of `examples`; an error when a part
// cannot be fitted (too few platforms or labels).
Result<TypeCandidateScore> cross_validate_type_model(const std::vector<TypeExample>& examples,
                                                     TypeTrainingOptions options);

// The candidates the shipped models choose among: the settings of `base`
// with each feature weighting that won on one of the label sets, each with
// and without the type names as examples.
std::vector<TypeTrainingOptions> type_training_candidates(const TypeTrainingOptions& base);

// The candidate of the best top-1, and the table of all in `record` (for the
// model's provenance). With fewer than two candidates, or when a part cannot
// be fitted, the first candidate (and `record` says why).
TypeTrainingOptions choose_type_training(const std::vector<TypeExample>& examples,
                                         const std::vector<TypeTrainingOptions>& candidates,
                                         nlohmann::json* record = nullptr);

// Chooses among type_training_candidates(base), then trains on all of
// `examples`; the choice is recorded in the provenance ("chosen_by").
Result<TypeModel> train_type_model_chosen(const std::vector<TypeExample>& examples,
                                          const TypeTrainingOptions& base,
                                          nlohmann::json provenance = nlohmann::json::object());

}  // namespace clause
