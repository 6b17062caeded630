#include "schema/type_features.h"

#include <xapian.h>

#include <algorithm>
#include <map>
#include <string>

#include "schema/index_layout.h"
#include "schema/plain_text.h"

namespace clause {
namespace {

std::uint32_t fnv1a(char kind, std::string_view a, std::string_view b = {}) {
  std::uint32_t h = 2166136261u;
  auto mix = [&h](char c) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  };
  mix(kind);
  for (char c : a) mix(c);
  if (!b.empty()) {
    mix(' ');
    for (char c : b) mix(c);
  }
  return h;
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

// The text's stems in word order, made by the same term generator settings as
// the indexer's (stem everything, Z prefix), read back by position.
std::vector<std::string> stems_in_order(std::string_view text) {
  thread_local Xapian::TermGenerator generator = [] {
    Xapian::TermGenerator g;
    g.set_stemmer(Xapian::Stem(std::string(layout::kStemLanguage)));
    g.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    return g;
  }();
  Xapian::Document doc;
  generator.set_document(doc);
  generator.set_termpos(0);
  generator.index_text(plain_text(text));
  std::map<Xapian::termpos, std::string> by_position;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (term.size() < 2 || term[0] != 'Z') continue;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      by_position.emplace(*p, term.substr(1));
    }
  }
  std::vector<std::string> stems;
  stems.reserve(by_position.size());
  for (auto& [position, stem] : by_position) stems.push_back(std::move(stem));
  return stems;
}

}  // namespace

std::vector<std::uint32_t> type_features(std::string_view text, std::uint32_t buckets) {
  const std::vector<std::string> stems = stems_in_order(text);
  std::vector<std::uint32_t> out;
  out.reserve(stems.size() * 3);
  int negated_left = 0;
  for (std::size_t i = 0; i < stems.size(); ++i) {
    out.push_back(fnv1a('w', stems[i]) % buckets);
    if (i + 1 < stems.size()) out.push_back(fnv1a('b', stems[i], stems[i + 1]) % buckets);
    if (negated_left > 0) {
      out.push_back(fnv1a('n', stems[i]) % buckets);
      --negated_left;
    }
    if (is_negation(stems[i])) negated_left = kNegationScope;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace clause
