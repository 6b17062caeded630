#include "schema/clause_typing.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>
#include <set>

#include <nlohmann/json.hpp>

#include "schema/default_type_models.h"
#include "schema/type_features.h"

namespace clause {
namespace {

// A text's features for each model, bucketed once per set of features and
// bucket count (the shipped models share both; they differ in weighting
// only): tokenising and sorting are the costly parts (issues 17 and 21).
class FeaturesOf {
 public:
  // With `stems`, the text's words and stems are kept there when the text
  // is tokenised.
  explicit FeaturesOf(std::string_view text, std::shared_ptr<const TextStems>* stems = nullptr)
      : text_(text), stems_(stems) {}
  const TypeFeatureCounts& of(const TypeModel& model) {
    const std::vector<std::uint32_t>* hashes = nullptr;  // of the same features, bucketed otherwise
    for (const auto& made : made_) {
      if (!made.scheme.same_hashes(model.feature_scheme())) continue;
      if (made.counts.buckets == model.buckets()) return made.counts;
      hashes = &made.hashes;
    }
    std::vector<std::uint32_t> own = hashes ? *hashes : model.feature_hashes(text_, stems_);
    TypeFeatureCounts counts = type_feature_counts(own, model.buckets());
    made_.push_back({model.feature_scheme(), std::move(own), std::move(counts)});
    return made_.back().counts;
  }

 private:
  struct Made {
    TypeFeatureScheme scheme;
    std::vector<std::uint32_t> hashes;
    TypeFeatureCounts counts;
  };
  std::string_view text_;
  std::shared_ptr<const TextStems>* stems_;
  std::deque<Made> made_;  // stable references
};

}  // namespace

bool typeable_text(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalpha(u) != 0;
  });
}

bool assign_clause_type(ClauseRecord& record, const std::vector<TypeModel>& models, KeepTextStems keep) {
  record.text_stems = {};
  record.type_confidence.reset();
  record.type_band.clear();
  record.type_source.clear();
  if (!record.all_clause_types().empty()) {
    record.type_source = "given";
    return false;
  }
  if (models.empty() || !typeable_text(record.text)) return false;
  // Tokenised once for all the models of one feature scheme: the costly part
  // (issue 17).
  // The text's stems go with the record: the index builder takes them
  // instead of tokenising the text again (DocumentBuilder).
  FeaturesOf features(record.text, keep == KeepTextStems::yes ? &record.text_stems.stems : nullptr);
  std::optional<TypePrediction> best;
  for (const auto& model : models) {
    auto p = model.predict_from_counts(features.of(model));
    if (p && (!best || p->confidence > best->confidence)) best = std::move(p);
  }
  if (!best) return false;
  record.clause_type = best->type;
  record.type_source = "predicted";
  // Three decimals: what the answer shows, and a stable stored record; the
  // band follows the shown figure (0.7996 shows 0.8, so it is high).
  const double shown = std::round(best->confidence * 1000.0) / 1000.0;
  const TypeBand band = type_band(shown);
  record.type_confidence = shown;
  record.type_band = std::string(type_band_name(band));
  if (!record.severity && band != TypeBand::low) record.severity = best->severity;
  return true;
}

std::vector<TypeShare> type_shares(std::string_view text, const std::vector<TypeModel>& models, std::size_t top,
                                   double* none) {
  if (none != nullptr) *none = 0;
  if (!typeable_text(text)) return {};
  FeaturesOf features(text);
  // The model assign_clause_type would take: a typed prediction beats none,
  // then the more confident (the first of equals, as there).
  const TypeModel* chosen = nullptr;
  std::vector<TypeScore> scores;
  double confidence = 0;
  bool typed = false;
  for (const auto& model : models) {
    auto s = model.scores_of_counts(features.of(model));
    if (s.empty()) continue;
    const double c = model.confidence(s.front().probability);
    const bool t = model.labels()[s.front().label].name != kNoneType && c >= kMinTypeConfidence;
    if (chosen == nullptr || (t && !typed) || (t == typed && c > confidence)) {
      chosen = &model, scores = std::move(s), confidence = c, typed = t;
    }
  }
  std::vector<TypeShare> out;
  if (chosen == nullptr) return out;
  // The shown figure, as assign_clause_type stores it.
  confidence = std::round(confidence * 1000.0) / 1000.0;
  const double top_probability = scores.front().probability;
  const double rest = top_probability < 1 ? (1 - confidence) / (1 - top_probability) : 0.0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const auto& name = chosen->labels()[scores[i].label].name;
    const double share = i == 0 ? confidence : std::min(1.0, scores[i].probability * rest);
    if (name == kNoneType) {
      if (none != nullptr) *none = share;
    } else if (out.size() < top) {
      out.push_back({name, share});
    }
  }
  return out;
}

std::string type_models_identity(const std::vector<TypeModel>& models) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : models) {
    // The types it can predict, so that /v1/types can say which model a
    // type comes from.
    nlohmann::json types = nlohmann::json::array();
    for (const auto& label : m.labels()) {
      if (label.name != kNoneType) types.push_back(label.name);
    }
    list.push_back({{"name", m.name()}, {"sha256", m.sha256()}, {"types", std::move(types)}});
  }
  return list.dump();
}

std::vector<std::string> types_unknown_to_index(const std::string& recorded, const std::vector<TypeModel>& models) {
  const auto list = nlohmann::json::parse(recorded, nullptr, false);
  std::set<std::string> known;
  if (list.is_array()) {
    for (const auto& m : list) {
      if (!m.is_object() || !m.contains("types") || !m["types"].is_array()) continue;
      for (const auto& t : m["types"]) {
        if (t.is_string()) known.insert(t.get<std::string>());
      }
    }
  }
  std::set<std::string> unknown;
  if (known.empty()) return {};
  for (const auto& model : models) {
    for (const auto& label : model.labels()) {
      if (label.name != kNoneType && !known.count(label.name)) unknown.insert(label.name);
    }
  }
  return {unknown.begin(), unknown.end()};
}

std::string unknown_types_warning(const std::vector<std::string>& types) {
  if (types.empty()) return {};
  constexpr std::size_t kNamed = 10;
  std::string out = "the clause-type models predict " + std::to_string(types.size()) +
                    " types that the models the index was typed with do not know (its type facet and "
                    "/v1/types would mix two taxonomies; rebuild the index with these models): ";
  for (std::size_t i = 0; i < types.size() && i < kNamed; ++i) out += (i ? ", '" : "'") + types[i] + "'";
  if (types.size() > kNamed) out += " and " + std::to_string(types.size() - kNamed) + " more";
  return out;
}

Result<std::vector<TypeModel>> default_type_models() {
  std::vector<TypeModel> models;
  for (const auto& file : compiled_type_model_files()) {
    auto model = TypeModel::parse(file.bytes, "(built in) " + file.name);
    if (!model) return model.error();
    models.push_back(std::move(*model));
  }
  return models;
}

}  // namespace clause
