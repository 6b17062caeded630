#include "search/hits.h"

#include <nlohmann/json.hpp>

#include <map>

#include "schema/language.h"
#include "schema/plain_text.h"
#include "schema/severity.h"
#include "schema/versioned_fields.h"
#include "search/highlight.h"

namespace clause::search {

std::string display_name(const Xapian::Database& db, layout::Facet facet, const std::string& slug) {
  // A language's slug is its code, its name that of the language table.
  if (facet == layout::Facet::language) {
    const auto language = find_language(slug);
    return language ? std::string(language->name) : slug;
  }
  std::string name = db.get_metadata(layout::name_key(facet, slug));
  return name.empty() ? slug : name;
}

std::optional<std::string> severity_of_rank(const std::string& rank) {
  if (rank.size() != 1 || rank[0] < '1' || rank[0] > '4') return std::nullopt;
  return std::string(severity_name(static_cast<Severity>(rank[0] - '0')));
}

std::vector<Hit> to_hits(const Xapian::Database& db, const Xapian::MSet& mset, const Xapian::Query* text_query) {
  std::vector<Xapian::MSetIterator> page;
  page.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(it);
  return to_hits(db, mset, page, text_query);
}

std::vector<Hit> to_hits(const Xapian::Database& db, const Xapian::MSet& mset,
                         const std::vector<Xapian::MSetIterator>& page, const Xapian::Query* text_query) {
  static constexpr std::size_t kSnippetBytes = 240;
  // A record's terms are stems of its own language: its snippet finds the
  // query's terms in its text with that language's stemmer (and its memo).
  std::map<std::string, MemoStem> stemmers;
  const auto stemmer_of = [&](const nlohmann::json& record) -> MemoStem& {
    const std::string code = record.value("language", std::string(kDefaultLanguage));
    auto it = stemmers.find(code);
    if (it == stemmers.end()) it = stemmers.emplace(code, MemoStem(stemmer_for(code))).first;
    return it->second;
  };
  const Highlighter marks(text_query ? *text_query : Xapian::Query(),
                          Xapian::Stem(std::string(layout::kStemLanguage)), &mset);
  std::vector<Hit> hits;
  hits.reserve(page.size());
  for (const auto& it : page) {
    Hit hit;
    hit.record = nlohmann::json::parse(it.get_document().get_data());
    layout::add_document_fields(db, hit.record);
    hit.score = text_query != nullptr ? it.get_weight() : 0.0;
    const auto text = hit.record.find("text");
    if (text != hit.record.end() && text->is_string()) {
      hit.snippet = marks.snippet(plain_text(text->get_ref<const std::string&>()), kSnippetBytes,
                                  stemmer_of(hit.record));
    }
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace clause::search
