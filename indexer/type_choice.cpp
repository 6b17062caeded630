#include "indexer/type_choice.h"

#include <algorithm>

#include "schema/fnv1a.h"
#include "schema/slug.h"

namespace clause {

int platform_fold(const std::string& platform) {
  // platform_half takes bit 0, the calibration quarter bits 8-9.
  return static_cast<int>((fnv1a32(slugify(platform)) >> 16) & 1);
}

Result<TypeCandidateScore> cross_validate_type_model(const std::vector<TypeExample>& examples,
                                                     TypeTrainingOptions options) {
  options.calibrate = false;  // top-1 does not depend on it
  TypeCandidateScore score;
  for (int fold = 0; fold < 2; ++fold) {
    std::vector<TypeExample> train;
    std::vector<const TypeExample*> test;
    for (const auto& e : examples) {
      if (platform_fold(e.platform) == fold) train.push_back(e);
      else test.push_back(&e);
    }
    const auto model = train_type_model(train, options);
    if (!model) return model.error();
    for (const TypeExample* e : test) {
      const auto ranked = model->scores(e->text);
      const std::string& top = model->labels()[ranked.front().label].name;
      if (e->types.front() == kNoneType) {
        ++score.none;
        score.none_right += top == kNoneType;
        continue;
      }
      ++score.labelled;
      score.right += std::find(e->types.begin(), e->types.end(), top) != e->types.end();
    }
  }
  return score;
}

std::vector<TypeTrainingOptions> type_training_candidates(const TypeTrainingOptions& base) {
  std::vector<TypeTrainingOptions> out;
  for (const auto w : {TypeFeatureWeighting::log_tf_idf, TypeFeatureWeighting::log_tf}) {
    for (const bool names : {false, true}) {
      out.push_back(base);
      out.back().scheme.weighting = w;
      out.back().type_names_as_examples = names;
    }
  }
  return out;
}

TypeTrainingOptions choose_type_training(const std::vector<TypeExample>& examples,
                                         const std::vector<TypeTrainingOptions>& candidates,
                                         nlohmann::json* record) {
  if (candidates.size() < 2) return candidates.empty() ? TypeTrainingOptions{} : candidates.front();
  std::size_t best = 0;
  double best_top1 = -1;
  nlohmann::json table = nlohmann::json::array();
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const auto score = cross_validate_type_model(examples, candidates[k]);
    if (!score) {  // too little to choose by (a part without labels): the first
      if (record != nullptr) {
        *record = {{"chosen", candidates.front().scheme.name()},
                   {"not_cross_validated", score.error().message}};
      }
      return candidates.front();
    }
    table.push_back({{"features", candidates[k].scheme.name()},
                     {"type_names_as_examples", candidates[k].type_names_as_examples},
                     {"top1", score->top1()},
                     {"top1_with_none", score->all_top1()}});
    if (score->top1() > best_top1) best = k, best_top1 = score->top1();
  }
  if (record != nullptr) {
    *record = {{"cross_validated", table},
               {"chosen", candidates[best].scheme.name()},
               {"type_names_as_examples", candidates[best].type_names_as_examples}};
  }
  return candidates[best];
}

Result<TypeModel> train_type_model_chosen(const std::vector<TypeExample>& examples,
                                          const TypeTrainingOptions& base, nlohmann::json provenance) {
  nlohmann::json record;
  const TypeTrainingOptions chosen = choose_type_training(examples, type_training_candidates(base), &record);
  if (!record.is_null()) provenance["chosen_by"] = record;
  return train_type_model(examples, chosen, provenance);
}

}  // namespace clause
