#include "similar/terms.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "schema/index_layout.h"

namespace clause::similar {

bool is_match_term(const std::string& term) {
  return term.size() > layout::kStemPrefix.size() &&
         term.compare(0, layout::kStemPrefix.size(), layout::kStemPrefix) == 0;
}

TextTerms terms_of_text(const Xapian::Database* db, const std::string& text) {
  // The indexer's tokeniser (indexer/document_builder.cpp), unstemmed, for
  // the word sequence; the terms are then the words' stems as the indexer
  // writes them (STEM_ALL_Z: every word, numbers included, as Z<stem>).
  Xapian::TermGenerator generator;
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  Xapian::Document scratch;
  generator.set_document(scratch);
  generator.index_text(text);

  TextTerms out;
  std::vector<std::pair<Xapian::termpos, std::string>> positioned;
  for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
    const std::string word = *it;
    for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) {
      positioned.emplace_back(*pos, word);
    }
  }
  std::sort(positioned.begin(), positioned.end());
  const Xapian::Stem stem{std::string(layout::kStemLanguage)};
  std::map<std::string, Xapian::termcount> counts;  // sorted, like a termlist
  out.words.reserve(positioned.size());
  for (auto& [pos, word] : positioned) {
    ++counts[std::string(layout::kStemPrefix) + stem(word)];
    out.words.push_back(std::move(word));
  }
  // The indexer writes one Z<stem> occurrence per word: the document length.
  out.length = static_cast<Xapian::termcount>(out.words.size());
  out.terms.reserve(counts.size());
  for (const auto& [term, wqf] : counts) {
    out.terms.push_back({term, wqf, db ? db->get_termfreq(term) : 0, 1.0});
  }
  return out;
}

void keep_most_discriminative(std::vector<QueryTerm>& terms, std::size_t k, Xapian::doccount total) {
  if (k == 0 || terms.size() <= k) return;
  std::vector<std::pair<double, std::size_t>> ranked;
  ranked.reserve(terms.size());
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const auto& t = terms[i];
    const double idf = std::log((double(total) + 1) / std::max<double>(1, t.df));
    ranked.emplace_back(-(1 + std::log(double(t.wqf))) * idf, i);  // negated: best first
  }
  std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(k), ranked.end());
  std::vector<bool> keep(terms.size(), false);
  for (std::size_t i = 0; i < k; ++i) keep[ranked[i].second] = true;
  std::vector<QueryTerm> kept;
  kept.reserve(k);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (keep[i]) kept.push_back(std::move(terms[i]));
  }
  terms = std::move(kept);
}

std::vector<std::string> name_words(const std::string& display_name, const std::string& slug) {
  std::string spaced = slug;
  std::replace(spaced.begin(), spaced.end(), '-', ' ');
  std::vector<std::string> out;
  for (const auto& t : terms_of_text(nullptr, display_name + " " + spaced).terms) {
    // Both the stem and the bare word: "Zacm" matches the query term, "acme"
    // the start of a dotted form such as "acme.com".
    out.push_back(t.term);
    if (t.term.compare(0, layout::kStemPrefix.size(), layout::kStemPrefix) == 0) {
      out.push_back(t.term.substr(layout::kStemPrefix.size()));
    }
  }
  for (const auto& w : terms_of_text(nullptr, display_name + " " + spaced).words) out.push_back(w);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool names_any(const std::string& term, const std::vector<std::string>& words) {
  if (std::binary_search(words.begin(), words.end(), term)) return true;
  const std::size_t skip = term.compare(0, layout::kStemPrefix.size(), layout::kStemPrefix) == 0
                               ? layout::kStemPrefix.size() : 0;
  const std::size_t dot = term.find('.', skip);
  if (dot == std::string::npos) return false;
  return std::binary_search(words.begin(), words.end(), term.substr(skip, dot - skip));
}

}  // namespace clause::similar
