#include "schema/index_terms.h"

#include <string>

#include "schema/index_layout.h"

namespace clause::layout {

std::size_t count_terms(const Xapian::Database& db, std::string_view prefix) {
  const std::string p(prefix);
  std::size_t n = 0;
  for (auto it = db.allterms_begin(p); it != db.allterms_end(p); ++it) ++n;
  return n;
}

Xapian::doccount clause_count(const Xapian::Database& db) {
  const Xapian::doccount others =
      db.get_termfreq(std::string(kChangeKindTerm)) + db.get_termfreq(std::string(kRemovedKindTerm));
  const Xapian::doccount all = db.get_doccount();
  return all > others ? all - others : 0;
}

std::optional<Xapian::docid> clause_docid(const Xapian::Database& db, std::string_view id) {
  const std::string term = id_term(id);
  auto posting = db.postlist_begin(term);
  if (posting == db.postlist_end(term)) return std::nullopt;
  return *posting;
}

std::optional<Xapian::docid> removed_docid(const Xapian::Database& db, std::string_view id) {
  const std::string term = removed_term(id_term(id));
  auto posting = db.postlist_begin(term);
  if (posting == db.postlist_end(term)) return std::nullopt;
  return *posting;
}

std::string type_confidence_value(double confidence) { return Xapian::sortable_serialise(confidence); }

double type_confidence_of_value(const std::string& value) {
  return value.empty() ? 0.0 : Xapian::sortable_unserialise(value);
}

}  // namespace clause::layout
