#include "schema/type_features.h"

#include <xapian.h>

#include <algorithm>
#include <string>

#include "schema/caching_stem.h"
#include "schema/fnv1a.h"
#include "schema/index_layout.h"
#include "schema/plain_text.h"

namespace clause {
namespace {

// The hash of `kind`, `a` and, when given, a space and `b`: a feature's
// bytes, hashed without joining them into a string.
std::uint32_t fnv1a(char kind, std::string_view a, std::string_view b = {}) {
  std::uint32_t h = fnv1a32_add(fnv1a32(std::string_view(&kind, 1)), a);
  return b.empty() ? h : fnv1a32_add(fnv1a32_add(h, " "), b);
}

bool is_negation(const std::string& stem) {
  static const char* const kWords[] = {"not", "no", "never", "nor", "neither", "none",
                                       "without", "cannot", "nobodi", "noth"};
  for (const char* w : kWords) {
    if (stem == w) return true;
  }
  // "don't", "won't", "isn't" (the stemmer keeps the apostrophe).
  return stem.size() > 3 && stem.compare(stem.size() - 3, 3, "n't") == 0;
}

// Keeps each stem it makes, in the order it makes them. With STEM_ALL_Z a
// TermGenerator stems each word it indexes once, in text order, and skips a
// word whose stem is empty (no term, no position): the stems kept are the
// text's stems in word order, as the indexer's positions would give them.
class KeepingStem : public Xapian::StemImplementation {
 public:
  KeepingStem(Xapian::Stem inner, std::vector<std::string>* kept) : inner_(std::move(inner)), kept_(kept) {}
  std::string operator()(const std::string& word) override {
    std::string stem = inner_(word);
    if (!stem.empty()) kept_->push_back(stem);
    return stem;
  }
  std::string get_description() const override { return "keeping " + inner_.get_description(); }

 private:
  Xapian::Stem inner_;
  std::vector<std::string>* kept_;
};

// The text's stems in word order, made by the same term generator settings as
// the indexer's (stem everything, Z prefix), with a stemmer that remembers
// its words (schema/caching_stem.h). The generator and its document are kept
// per thread; the document is cleared, not rebuilt, so that its allocations
// are reused from text to text.
std::vector<std::string> stems_in_order(std::string_view text) {
  thread_local std::vector<std::string> kept;
  thread_local Xapian::TermGenerator generator = [] {
    Xapian::TermGenerator g;
    g.set_stemmer(Xapian::Stem(
        new KeepingStem(caching_stem(Xapian::Stem(std::string(layout::kStemLanguage))), &kept)));
    g.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    return g;
  }();
  thread_local Xapian::Document doc;
  doc.clear_terms();
  kept.clear();
  generator.set_document(doc);
  generator.set_termpos(0);
  generator.index_text(plain_text(text));
  return std::move(kept);
}

}  // namespace

std::vector<std::uint32_t> type_feature_hashes(std::string_view text) {
  const std::vector<std::string> stems = stems_in_order(text);
  std::vector<std::uint32_t> out;
  out.reserve(stems.size() * 3);
  int negated_left = 0;
  for (std::size_t i = 0; i < stems.size(); ++i) {
    out.push_back(fnv1a('w', stems[i]));
    if (i + 1 < stems.size()) out.push_back(fnv1a('b', stems[i], stems[i + 1]));
    if (negated_left > 0) {
      out.push_back(fnv1a('n', stems[i]));
      --negated_left;
    }
    if (is_negation(stems[i])) negated_left = kNegationScope;
  }
  return out;
}

std::vector<std::uint32_t> type_feature_buckets(const std::vector<std::uint32_t>& hashes,
                                                std::uint32_t buckets) {
  std::vector<std::uint32_t> out;
  out.reserve(hashes.size());
  for (const auto h : hashes) out.push_back(h % buckets);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::uint32_t> type_features(std::string_view text, std::uint32_t buckets) {
  return type_feature_buckets(type_feature_hashes(text), buckets);
}

}  // namespace clause
