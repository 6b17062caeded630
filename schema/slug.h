// Slugs: stable, URL-safe identifiers for platforms, categories and documents.
//
// Rules, chosen so that names which differ only in case, accents or
// punctuation share one slug on purpose ("Vinted" and "vinted" are one
// platform; "Governing law & jurisdiction" is governing-law-jurisdiction):
// - ASCII letters are lower-cased; digits are kept;
// - Latin letters with accents fold to their base letters (é -> e, ß -> ss);
// - other letters (Greek, Cyrillic, CJK, ...) are kept, lower-cased where
//   Unicode has a simple case pair, and travel percent-encoded in URLs;
// - apostrophes vanish ("Children's" -> childrens);
// - every other run of punctuation, symbols or spaces becomes one '-';
// - no leading or trailing '-'.
// A name with no letter or digit has the empty slug; validation rejects it.
#pragma once

#include <string>
#include <string_view>

namespace clause {

std::string slugify(std::string_view name);

}  // namespace clause
