#include "similar/features.h"

#include <xapian.h>

#include <algorithm>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "schema/classifier.h"
#include "schema/index_layout.h"
#include "schema/plain_text.h"
#include "schema/taxonomy.h"
#include "similar/terms.h"

namespace clause::similar {
namespace {

// FNV-1a: stable across runs and platforms (std::hash is not promised to be).
std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

const Classifier& classifier() {
  static const Classifier instance(default_taxonomy());
  return instance;
}

}  // namespace

bool has_negation(const std::vector<std::string>& words) {
  static const std::unordered_set<std::string> kNegations = {"not", "no", "never", "nor", "neither",
                                                             "none", "nothing", "cannot"};
  for (const auto& w : words) {
    if (kNegations.count(w) != 0) return true;
    if (w.size() > 3 && w.compare(w.size() - 3, 3, "n't") == 0) return true;  // don't, won't
  }
  return false;
}

std::vector<std::uint64_t> word_pairs(const std::vector<std::string>& words) {
  static thread_local const Xapian::Stem stemmer{std::string(layout::kStemLanguage)};
  std::vector<std::uint64_t> out;
  out.reserve(words.size());
  std::string previous;
  for (const auto& w : words) {
    std::string stem = stemmer(w);
    if (!previous.empty()) out.push_back(fnv1a(previous + ' ' + stem));
    previous = std::move(stem);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::uint64_t topic_mask(const std::string& text) {
  const auto& categories = classifier().taxonomy().categories;
  std::uint64_t mask = 0;
  for (const auto& name : classifier().classify(text).categories) {
    for (std::size_t i = 0; i < categories.size() && i < 64; ++i) {
      if (categories[i].name == name) mask |= std::uint64_t{1} << i;
    }
  }
  return mask;
}

TextFeatures text_features(const std::string& text, bool with_topics) {
  const auto words = terms_of_text(nullptr, text).words;
  TextFeatures f;
  f.pairs = word_pairs(words);
  f.words = static_cast<std::uint32_t>(words.size());
  f.negated = has_negation(words);
  if (with_topics) f.topics = topic_mask(text);
  return f;
}

std::string record_text(const std::string& record_json) {
  const auto rec = nlohmann::json::parse(record_json, nullptr, false);
  if (!rec.is_object()) return {};
  return plain_text(rec.value("title", "")) + "\n" + plain_text(rec.value("text", ""));
}

std::size_t shared_count(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
  std::size_t i = 0, j = 0, n = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else { ++n; ++i; ++j; }
  }
  return n;
}

}  // namespace clause::similar
