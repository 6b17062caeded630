// Which language a text is written in, by CLD2 (Debian's libcld2: Google's
// Compact Language Detector 2, quadgram statistics over 80+ languages),
// narrowed to the languages the index can stem (schema/language.h).
//
// Why CLD2: of the detectors Debian packages for C++, it is the one made for
// short texts (web snippets), which clauses are; libexttextcat ranks
// character n-gram profiles, which need a few hundred bytes to be right, and
// wants a configuration file of profile paths at run time. CLD2's upstream
// is frozen (2015), but its tables are compiled in and Debian keeps it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/clause_record.h"

namespace clause {

struct LanguageGuess {
  std::string code;         // a supported ISO 639-1 code: the guess, or "en" when not determined
  std::string detected;     // what CLD2 said ("fr", "ja", "un" for unknown), supported or not
  bool determined = false;  // CLD2 was reliable and the language is supported
};

// The language of plain text (valid UTF-8 or not: invalid input is
// undetermined). A text CLD2 is not reliable about (too short, mixed) or in
// a language without a stemmer falls back to English.
LanguageGuess detect_language(std::string_view text);

// The language of a document from its clauses (titles and texts together):
// a whole document tells its language far better than its clauses one by
// one (a heading, a list item of four words), so the indexer gives every
// clause of a document this one.
LanguageGuess detect_document_language(const std::vector<ClauseRecord>& clauses);

}  // namespace clause
