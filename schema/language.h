// The languages a clause can be indexed in: those with a Xapian stemmer
// (Snowball) that the indexer's detector (indexer/language_detect.h) knows,
// by ISO 639-1 code. Each record is stemmed with its own language's stemmer;
// a record whose language is unknown or undetermined is English.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

namespace clause {

struct LanguageInfo {
  std::string_view code;     // ISO 639-1, lower case ("fr")
  std::string_view stemmer;  // Xapian::Stem's name ("french")
  std::string_view name;     // English display name ("French")
};

// The default language: of a record that does not say and whose language
// cannot be determined, and of a query that does not say (`lang`).
inline constexpr std::string_view kDefaultLanguage = "en";

// The row of a code (case-insensitive); nullopt for a code not supported.
std::optional<LanguageInfo> find_language(std::string_view code);

// "ar, ca, da, ..., tr": the supported codes, for error messages and docs.
std::string supported_language_codes();

// The stemmer of a supported code; English for any other (see above).
Xapian::Stem stemmer_for(std::string_view code);

}  // namespace clause
