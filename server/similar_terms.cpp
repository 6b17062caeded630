#include "server/similar_terms.h"

#include <algorithm>
#include <cctype>

#include "schema/index_layout.h"

namespace clause::similar {

bool is_match_term(const std::string& term) {
  if (term.empty()) return false;
  if (term.compare(0, layout::kStemPrefix.size(), layout::kStemPrefix) == 0) return true;
  return std::isdigit(static_cast<unsigned char>(term[0])) != 0;
}

TextTerms terms_of_text(const Xapian::Database& db, const std::string& text) {
  // Same tokeniser, stemmer and strategy as indexer/document_builder.cpp.
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem(std::string(layout::kStemLanguage)));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  Xapian::Document scratch;
  generator.set_document(scratch);
  generator.index_text(text);

  TextTerms out;
  std::vector<std::pair<Xapian::termpos, std::string>> positioned;
  for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
    const std::string term = *it;
    if (is_match_term(term)) out.terms.push_back({term, it.get_wdf(), db.get_termfreq(term), 1.0});
    for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) {
      positioned.emplace_back(*pos, term);
    }
  }
  std::sort(positioned.begin(), positioned.end());
  out.words.reserve(positioned.size());
  for (auto& [pos, word] : positioned) out.words.push_back(std::move(word));
  return out;
}

std::vector<Xapian::docid> docs_with(const Xapian::Database& db, const std::string& filter_term) {
  std::vector<Xapian::docid> docs;
  for (auto it = db.postlist_begin(filter_term); it != db.postlist_end(filter_term); ++it) {
    docs.push_back(*it);
  }
  return docs;  // posting lists are in docid order
}

Xapian::doccount count_in(const Xapian::Database& db, const std::string& term,
                          const std::vector<Xapian::docid>& docs) {
  Xapian::doccount n = 0;
  auto it = db.postlist_begin(term);
  const auto end = db.postlist_end(term);
  for (Xapian::docid d : docs) {
    if (it == end) break;
    it.skip_to(d);
    if (it != end && *it == d) ++n;
  }
  return n;
}

}  // namespace clause::similar
