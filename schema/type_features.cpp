#include "schema/type_features.h"

#include <xapian.h>

#include <algorithm>
#include <string>

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

// The text's stems in word order, made by the same term generator settings as
// the indexer's (stem everything, Z prefix). Each word takes the next
// position (1, 2, ...) and gives one Z term, so a term's positions say where
// its stem goes. The document is kept per thread and cleared, not rebuilt:
// its allocations are reused from text to text.
std::vector<std::string> stems_in_order(std::string_view text) {
  thread_local Xapian::TermGenerator generator = [] {
    Xapian::TermGenerator g;
    g.set_stemmer(Xapian::Stem(std::string(layout::kStemLanguage)));
    g.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    return g;
  }();
  thread_local Xapian::Document doc;
  doc.clear_terms();
  generator.set_document(doc);
  generator.set_termpos(0);
  generator.index_text(plain_text(text));
  std::vector<std::string> stems(generator.get_termpos());
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (term.size() < 2 || term[0] != 'Z') continue;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      // Two terms at one position: the first in term order, as ever.
      if (*p >= 1 && *p <= stems.size() && stems[*p - 1].empty()) stems[*p - 1].assign(term, 1);
    }
  }
  // Positions without a Z term (none with these settings) leave no stem.
  stems.erase(std::remove_if(stems.begin(), stems.end(),
                             [](const std::string& s) { return s.empty(); }),
              stems.end());
  return stems;
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
