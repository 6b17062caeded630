#include "schema/type_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "schema/fnv1a.h"
#include "schema/sha256.h"
#include "schema/text_file.h"
#include "schema/type_features.h"

namespace clause {
namespace {

constexpr std::string_view kMagic = "CLTYPES\n";
constexpr std::size_t kWeightBytes = 8;
constexpr std::size_t kIdfBytes = 6;
constexpr std::uint32_t kMaxBuckets = 1u << 24;

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint64_t get_le(std::string_view bytes, std::size_t at, int width) {
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return v;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

}  // namespace

std::string_view type_band_name(TypeBand band) {
  switch (band) {
    case TypeBand::high: return "high";
    case TypeBand::medium: return "medium";
    case TypeBand::low: break;
  }
  return "low";
}

TypeBand type_band(double confidence) {
  if (confidence >= kHighTypeConfidence) return TypeBand::high;
  if (confidence >= kMediumTypeConfidence) return TypeBand::medium;
  return TypeBand::low;
}

double TypeCalibration::apply(double probability) const {
  const double p = std::clamp(probability, 1e-9, 1.0 - 1e-9);
  return sigmoid(a * std::log(p / (1.0 - p)) + b);
}

TypeModel::TypeModel(std::string name, std::uint32_t buckets, std::vector<TypeLabel> labels,
                     std::vector<double> biases, const std::vector<RawTypeWeight>& weights,
                     TypeCalibration calibration, nlohmann::json provenance, TypeFeatureScheme scheme,
                     TypeFeatureIdf idf)
    : name_(std::move(name)),
      buckets_(buckets),
      scheme_(scheme),
      idf_(std::move(idf)),
      labels_(std::move(labels)),
      biases_(std::move(biases)),
      calibration_(calibration),
      provenance_(std::move(provenance)) {
  double largest = 0;
  for (const auto& w : weights) largest = std::max(largest, std::abs(w.weight));
  weight_scale_ = largest > 0 ? largest / 32767.0 : 1.0;
  for (const auto& w : weights) {
    const auto q = static_cast<std::int16_t>(std::lround(w.weight / weight_scale_));
    if (q != 0) weights_.push_back({w.bucket, w.label, q});
  }
  std::sort(weights_.begin(), weights_.end(), [](const TypeWeight& x, const TypeWeight& y) {
    return x.bucket != y.bucket ? x.bucket < y.bucket : x.label < y.label;
  });
  index_buckets();
  sha256_ = sha256_hex(serialise());
}

void TypeModel::set_calibration(TypeCalibration c) {
  calibration_ = c;
  sha256_ = sha256_hex(serialise());
}

void TypeModel::index_buckets() {
  bucket_start_.assign(static_cast<std::size_t>(buckets_) + 1, 0);
  for (const auto& w : weights_) ++bucket_start_[w.bucket + 1];
  for (std::size_t k = 1; k < bucket_start_.size(); ++k) bucket_start_[k] += bucket_start_[k - 1];
  label_weights_.clear();
  label_weights_.reserve(weights_.size());
  for (const auto& w : weights_) label_weights_.push_back({w.label, w.q});
  if (scheme_.weighting == TypeFeatureWeighting::log_tf_idf) idf_.index(buckets_);
}

std::string TypeModel::serialise() const {
  nlohmann::json labels = nlohmann::json::array();
  for (const auto& l : labels_) {
    nlohmann::json label = {{"name", l.name}};
    label["severity"] = l.severity ? nlohmann::json(severity_name(*l.severity)) : nlohmann::json();
    labels.push_back(std::move(label));
  }
  const nlohmann::json header = {
      {"name", name_},
      {"features", scheme_.name()},
      {"idf_unseen", idf_.unseen},
      {"buckets", buckets_},
      {"labels", labels},
      {"biases", biases_},
      {"weight_scale", weight_scale_},
      {"calibration", {{"a", calibration_.a}, {"b", calibration_.b}}},
      {"provenance", provenance_},
  };
  const std::string header_text = header.dump();
  std::string out(kMagic);
  put_u32(out, kTypeModelVersion);
  put_u32(out, static_cast<std::uint32_t>(header_text.size()));
  out += header_text;
  put_u32(out, static_cast<std::uint32_t>(weights_.size()));
  for (const auto& w : weights_) {
    put_u32(out, w.bucket);
    out.push_back(static_cast<char>(w.label & 0xFF));
    out.push_back(static_cast<char>(w.label >> 8));
    const auto q = static_cast<std::uint16_t>(w.q);
    out.push_back(static_cast<char>(q & 0xFF));
    out.push_back(static_cast<char>(q >> 8));
  }
  put_u32(out, static_cast<std::uint32_t>(idf_.by_bucket.size()));
  for (const auto& [bucket, idf] : idf_.by_bucket) {
    put_u32(out, bucket);
    out.push_back(static_cast<char>(idf & 0xFF));
    out.push_back(static_cast<char>(idf >> 8));
  }
  put_u64(out, fnv1a64(out));
  return out;
}

Result<TypeModel> TypeModel::load(const std::string& path) {
  auto bytes = read_text_file(path);
  if (!bytes) return Error::invalid("", "type model " + path + ": " + bytes.error().message);
  return parse(*bytes, path);
}

Result<TypeModel> TypeModel::parse(std::string_view bytes, const std::string& source) {
  auto bad = [&source](const std::string& why) {
    return Error::invalid("", "type model " + source + ": " + why);
  };
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    return bad("not a clause-type model file (no CLTYPES magic)");
  }
  std::size_t at = kMagic.size();
  auto need = [&](std::size_t n) { return bytes.size() >= at + n; };
  if (!need(8)) return bad("truncated (no version)");
  const auto version = static_cast<std::uint32_t>(get_le(bytes, at, 4));
  if (version != kTypeModelVersion) {
    return bad("format version " + std::to_string(version) + ", this program reads version " +
               std::to_string(kTypeModelVersion) +
               " (train it again: clause-indexer train-types, or scripts/train-type-models.sh)");
  }
  const auto header_size = static_cast<std::size_t>(get_le(bytes, at + 4, 4));
  at += 8;
  if (!need(header_size + 4)) return bad("truncated (header)");
  const std::string_view header_text = bytes.substr(at, header_size);
  at += header_size;
  const auto count = static_cast<std::size_t>(get_le(bytes, at, 4));
  at += 4;
  if (bytes.size() - at < count * kWeightBytes + 4) return bad("truncated (weights)");
  const std::size_t idf_at = at + count * kWeightBytes;
  const auto idf_count = static_cast<std::size_t>(get_le(bytes, idf_at, 4));
  if (bytes.size() - idf_at - 4 != idf_count * kIdfBytes + 8) {
    return bad(bytes.size() - idf_at - 4 < idf_count * kIdfBytes + 8 ? "truncated (idf)"
                                                                     : "trailing bytes after the idf");
  }
  const std::size_t body_end = idf_at + 4 + idf_count * kIdfBytes;
  if (get_le(bytes, body_end, 8) != fnv1a64(bytes.substr(0, body_end))) {
    return bad("checksum mismatch: the file is corrupt");
  }
  std::vector<TypeWeight> weights(count);
  for (std::size_t i = 0; i < count; ++i, at += kWeightBytes) {
    weights[i] = {static_cast<std::uint32_t>(get_le(bytes, at, 4)),
                  static_cast<std::uint16_t>(get_le(bytes, at + 4, 2)),
                  static_cast<std::int16_t>(static_cast<std::uint16_t>(get_le(bytes, at + 6, 2)))};
  }
  TypeFeatureIdf idf;
  for (std::size_t i = 0, p = idf_at + 4; i < idf_count; ++i, p += kIdfBytes) {
    idf.by_bucket.emplace_back(static_cast<std::uint32_t>(get_le(bytes, p, 4)),
                               static_cast<std::uint16_t>(get_le(bytes, p + 4, 2)));
  }
  const auto header = nlohmann::json::parse(header_text, nullptr, false);
  if (header.is_discarded() || !header.is_object()) return bad("header is not a JSON object");
  auto model = from_header(header, std::move(weights), std::move(idf), source);
  if (model) model->sha256_ = sha256_hex(bytes);
  return model;
}

Result<TypeModel> TypeModel::from_header(const nlohmann::json& h, std::vector<TypeWeight> weights,
                                         TypeFeatureIdf idf, const std::string& source) {
  auto bad = [&source](const std::string& why) {
    return Error::invalid("", "type model " + source + ": " + why);
  };
  try {
    const auto scheme = TypeFeatureScheme::parse(h.at("features").get<std::string>());
    if (!scheme) {
      return bad("feature scheme '" + h.at("features").get<std::string>() +
                 "' is not one this program makes");
    }
    const auto buckets = h.at("buckets").get<std::uint32_t>();
    if (buckets == 0 || buckets > kMaxBuckets) return bad("bucket count out of range");
    idf.unseen = h.at("idf_unseen").get<std::uint16_t>();
    for (std::size_t i = 0; i < idf.by_bucket.size(); ++i) {
      const bool sorted = i == 0 || idf.by_bucket[i - 1].first < idf.by_bucket[i].first;
      if (idf.by_bucket[i].first >= buckets || idf.by_bucket[i].second == 0 || !sorted) {
        return bad("idf " + std::to_string(i) + " is out of range or out of order");
      }
    }
    std::vector<TypeLabel> labels;
    for (const auto& l : h.at("labels")) {
      TypeLabel label{l.at("name").get<std::string>(), std::nullopt};
      if (!l.at("severity").is_null()) {
        label.severity = parse_severity(l.at("severity").get<std::string>());
        if (!label.severity) return bad("label '" + label.name + "': unknown severity");
      }
      labels.push_back(std::move(label));
    }
    auto biases = h.at("biases").get<std::vector<double>>();
    if (labels.empty() || labels.size() > 65535 || biases.size() != labels.size()) {
      return bad("labels and biases do not match");
    }
    for (std::size_t i = 0; i < weights.size(); ++i) {
      const bool sorted = i == 0 || weights[i - 1].bucket < weights[i].bucket ||
                          (weights[i - 1].bucket == weights[i].bucket &&
                           weights[i - 1].label < weights[i].label);
      if (weights[i].bucket >= buckets || weights[i].label >= labels.size() || !sorted) {
        return bad("weight " + std::to_string(i) + " is out of range or out of order");
      }
    }
    TypeModel model;
    model.name_ = h.at("name").get<std::string>();
    model.buckets_ = buckets;
    model.scheme_ = *scheme;
    model.idf_ = std::move(idf);
    model.labels_ = std::move(labels);
    model.biases_ = std::move(biases);
    model.weight_scale_ = h.at("weight_scale").get<double>();
    model.calibration_ = {h.at("calibration").at("a").get<double>(),
                          h.at("calibration").at("b").get<double>()};
    model.provenance_ = h.at("provenance");
    model.weights_ = std::move(weights);
    model.index_buckets();
    return model;
  } catch (const nlohmann::json::exception& e) {
    return bad(std::string("header: ") + e.what());
  }
}

std::vector<TypeScore> TypeModel::label_scores(const TypeFeatureCounts& counts) const {
  if (counts.buckets != buckets_) {
    throw std::logic_error("type model " + name_ + ": features bucketed for " + std::to_string(counts.buckets) +
                           " buckets, the model has " + std::to_string(buckets_));
  }
  std::vector<double> margin = biases_;
  const auto features = type_feature_values(counts, scheme_.weighting, &idf_);
  // The buckets' weight ranges are scattered over a 4 MB table, and their
  // weights over a 0.8 MB one: ask for all the ranges before reading any,
  // then for all the weights, so the cache misses overlap instead of coming
  // one after another (issue 21: typing was 17% of indexing CPU).
  for (const auto& f : features) __builtin_prefetch(&bucket_start_[f.bucket]);
  thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
  ranges.clear();
  for (const auto& f : features) {
    ranges.emplace_back(bucket_start_[f.bucket], bucket_start_[f.bucket + 1]);
    if (ranges.back().first < ranges.back().second) __builtin_prefetch(&label_weights_[ranges.back().first]);
  }
  for (std::size_t k = 0; k < features.size(); ++k) {
    const double scaled = features[k].value * weight_scale_;
    for (auto i = ranges[k].first; i < ranges[k].second; ++i) {
      margin[label_weights_[i].label] += scaled * label_weights_[i].q;
    }
  }
  // liblinear's one-vs-rest probabilities: each label's sigmoid, normalised.
  std::vector<TypeScore> out(labels_.size());
  double total = 0;
  for (std::size_t k = 0; k < labels_.size(); ++k) {
    out[k] = {k, sigmoid(margin[k])};
    total += out[k].probability;
  }
  for (auto& s : out) s.probability /= total;
  return out;
}

std::vector<TypeScore> TypeModel::scores_of_hashes(const std::vector<std::uint32_t>& hashes) const {
  return scores_of_counts(type_feature_counts(hashes, buckets_));
}

std::vector<TypeScore> TypeModel::scores_of_counts(const TypeFeatureCounts& counts) const {
  auto out = label_scores(counts);
  std::stable_sort(out.begin(), out.end(), [](const TypeScore& x, const TypeScore& y) {
    return x.probability > y.probability;
  });
  return out;
}

std::vector<TypeScore> TypeModel::scores(std::string_view text) const {
  return scores_of_hashes(feature_hashes(text));
}

std::optional<TypePrediction> TypeModel::predict(std::string_view text) const {
  return predict_from_hashes(feature_hashes(text));
}

std::optional<TypePrediction> TypeModel::predict_from_hashes(
    const std::vector<std::uint32_t>& hashes) const {
  return predict_from_counts(type_feature_counts(hashes, buckets_));
}

std::optional<TypePrediction> TypeModel::predict_from_counts(const TypeFeatureCounts& counts) const {
  const auto all = label_scores(counts);
  if (all.empty()) return std::nullopt;
  // The first of the most probable, as the stable sort of scores() puts it
  // first; without sorting all the labels.
  const auto top = std::max_element(all.begin(), all.end(), [](const TypeScore& x, const TypeScore& y) {
    return x.probability < y.probability;
  });
  const TypeLabel& best = labels_[top->label];
  if (best.name == kNoneType) return std::nullopt;
  const double confidence = calibration_.apply(top->probability);
  if (confidence < kMinTypeConfidence) return std::nullopt;
  return TypePrediction{best.name, confidence, type_band(confidence), best.severity};
}

}  // namespace clause
