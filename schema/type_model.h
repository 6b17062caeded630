// A clause-type model: one-vs-rest logistic regression (trained by liblinear,
// schema/type_training.h) over the hashed features of schema/type_features.h,
// with a calibration of its top probability, read from and written to a file
// format of our own (docs/type-model.md):
//
//   "CLTYPES\n"  magic, 8 bytes
//   u32 version (2)
//   u32 n, then n bytes of a JSON header: name, feature scheme and bucket
//       count, the idf of unseen features, the labels (type name and
//       severity; one may be "none"), the biases, the calibration, the
//       weight scale, provenance
//   u32 m, then m weights of 8 bytes: u32 bucket, u16 label, i16 weight
//       (quantised: weight = q * weight_scale), sorted by bucket then label
//   u32 k, then k idf of 6 bytes: u32 bucket, u16 idf in thousandths, sorted
//       by bucket (none unless the scheme weighs by idf)
//   u64 FNV-1a of everything before it
// All integers little-endian. A file that is not this, of another version,
// truncated or altered is refused with an error naming the file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/result.h"
#include "schema/severity.h"
#include "schema/type_features.h"

namespace clause {

// 2: the feature scheme may weigh by idf, and the file ends with the idf of
// the model's features (issue 17, a better model).
inline constexpr std::uint32_t kTypeModelVersion = 2;
// The label of records that are none of the types (CLAUDETTE's unlabelled
// sentences): predicting it gives a clause no type.
inline constexpr std::string_view kNoneType = "none";

// How sure a prediction is, by calibrated confidence (docs/API.md).
enum class TypeBand { low, medium, high };
inline constexpr double kMinTypeConfidence = 0.3;   // below: no type at all
inline constexpr double kMediumTypeConfidence = 0.5;
inline constexpr double kHighTypeConfidence = 0.8;
std::string_view type_band_name(TypeBand band);
TypeBand type_band(double confidence);

struct TypeLabel {
  std::string name;
  std::optional<Severity> severity;  // the type's rating; none for "none"
};

// One weight of a bucket for a label, quantised: weight = q * weight_scale.
struct TypeWeight {
  std::uint32_t bucket = 0;
  std::uint16_t label = 0;
  std::int16_t q = 0;
};

// A weight before quantisation, as training makes it.
struct RawTypeWeight {
  std::uint32_t bucket = 0;
  std::uint16_t label = 0;
  double weight = 0;
};

// Platt scaling of the logit of the top probability: confidence =
// sigmoid(a * logit(p) + b). Identity: a = 1, b = 0.
struct TypeCalibration {
  double a = 1.0;
  double b = 0.0;
  double apply(double probability) const;
};

struct TypeScore {
  std::size_t label = 0;
  double probability = 0;  // normalised one-vs-rest probability
};

struct TypePrediction {
  std::string type;     // never "none"
  double confidence = 0;  // calibrated, 0..1
  TypeBand band = TypeBand::low;
  std::optional<Severity> severity;  // the type's rating
};

class TypeModel {
 public:
  TypeModel() = default;
  // Quantises the weights (the largest magnitude maps to 32767); weights
  // that quantise to 0 are dropped.
  TypeModel(std::string name, std::uint32_t buckets, std::vector<TypeLabel> labels,
            std::vector<double> biases, const std::vector<RawTypeWeight>& weights,
            TypeCalibration calibration, nlohmann::json provenance, TypeFeatureScheme scheme = {},
            TypeFeatureIdf idf = {});

  // Reads and checks a model file; errors name the file.
  static Result<TypeModel> load(const std::string& path);
  // Checks and reads the bytes of a model file; `source` names it in errors.
  static Result<TypeModel> parse(std::string_view bytes, const std::string& source);
  // The file's bytes: the same model gives the same bytes.
  std::string serialise() const;

  // Every label's probability, best first (ties: lower label number first).
  std::vector<TypeScore> scores(std::string_view text) const;
  // The same from the text's type_feature_hashes(), which several models can
  // share (the text is tokenised once).
  std::vector<TypeScore> scores_of_hashes(const std::vector<std::uint32_t>& hashes) const;
  // The same from the hashes bucketed, which several models of one bucket
  // count can share; counts.buckets must be buckets() (std::logic_error).
  std::vector<TypeScore> scores_of_counts(const TypeFeatureCounts& counts) const;
  // The top label's raw probability calibrated.
  double confidence(double top_probability) const { return calibration_.apply(top_probability); }
  // The type of a clause, or nothing when the best label is "none" or the
  // confidence is below kMinTypeConfidence.
  std::optional<TypePrediction> predict(std::string_view text) const;
  std::optional<TypePrediction> predict_from_hashes(const std::vector<std::uint32_t>& hashes) const;
  std::optional<TypePrediction> predict_from_counts(const TypeFeatureCounts& counts) const;

  const std::string& name() const { return name_; }
  const std::string& sha256() const { return sha256_; }  // of the file's bytes
  const std::vector<TypeLabel>& labels() const { return labels_; }
  std::uint32_t buckets() const { return buckets_; }
  const TypeFeatureScheme& feature_scheme() const { return scheme_; }
  // The features of a text as this model sees them (for scores_of_hashes).
  std::vector<std::uint32_t> feature_hashes(std::string_view text,
                                            std::shared_ptr<const TextStems>* stems = nullptr) const {
    return type_feature_hashes(text, scheme_, stems);
  }
  std::size_t weight_count() const { return weights_.size(); }
  const TypeCalibration& calibration() const { return calibration_; }
  void set_calibration(TypeCalibration c);

 private:
  void index_buckets();
  // Every label's probability, in label order.
  std::vector<TypeScore> label_scores(const TypeFeatureCounts& counts) const;
  // Reads the header's fields; errors say which field is wrong.
  static Result<TypeModel> from_header(const nlohmann::json& header, std::vector<TypeWeight> weights,
                                       TypeFeatureIdf idf, const std::string& source);

  std::string name_;
  std::string sha256_;
  std::uint32_t buckets_ = 0;
  TypeFeatureScheme scheme_;
  TypeFeatureIdf idf_;  // empty unless the scheme weighs by idf
  std::vector<TypeLabel> labels_;
  std::vector<double> biases_;
  double weight_scale_ = 0;
  std::vector<TypeWeight> weights_;          // sorted by bucket, then label
  std::vector<std::uint32_t> bucket_start_;  // weights of bucket k: [start[k], start[k+1])
  // weights_ without their bucket, in the same order: what prediction reads
  // (half the bytes to fetch from memory).
  struct LabelWeight {
    std::uint16_t label;
    std::int16_t q;
  };
  std::vector<LabelWeight> label_weights_;
  TypeCalibration calibration_;
  nlohmann::json provenance_;
};

}  // namespace clause
