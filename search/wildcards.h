// Wildcards ("arbitrat*", "title:priv*") over an index that holds stemmed
// words only (schema/index_layout.h). Xapian 1.4's own wildcard expands over
// the unprefixed terms, which such an index does not have, and a stem is not
// a prefix of its words ("arbitration" -> "arbitr"). So a wildcard is
// rewritten, before parsing, into a field whose processor expands it:
//   - over the words of the spelling data that start with it (each taken to
//     its stem, as the indexer would), and
//   - over the stems that start with it (for indexes built without spelling
//     data, and for words the spelling data does not hold);
// keeping the `max_terms` most frequent, as one OP_SYNONYM (one word for
// BM25, like Xapian's own wildcards).
#pragma once

#include <xapian.h>

#include <string>

namespace clause::search {

// Field names the rewrite uses; register them with add_wildcard_fields().
inline constexpr const char* kWildcardField = "zzwildcard";
inline constexpr const char* kTitleWildcardField = "zzwildcardtitle";

// `word*` outside quotes becomes `zzwildcard:word`, `title:word*`
// `zzwildcardtitle:word`; other fields and quoted text are left alone.
std::string rewrite_wildcards(const std::string& query);
// The inverse, for strings derived from a rewritten query (the spelling
// correction shown to the user).
std::string restore_wildcards(const std::string& query);

// Adds the two fields to the parser; `db` must outlive it.
void add_wildcard_fields(Xapian::QueryParser& qp, const Xapian::Database& db,
                         Xapian::termcount max_terms);

}  // namespace clause::search
