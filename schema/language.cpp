#include "schema/language.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace clause {
namespace {

// Xapian 1.4's Snowball stemmers with an ISO 639-1 code (its variants
// "earlyenglish", "german2", "kraaij_pohlmann", "lovins", "porter" have
// none), all of which CLD2 detects. Sorted by code.
constexpr LanguageInfo kLanguages[] = {
    {"ar", "arabic", "Arabic"},         {"ca", "catalan", "Catalan"},
    {"da", "danish", "Danish"},         {"de", "german", "German"},
    {"en", "english", "English"},       {"es", "spanish", "Spanish"},
    {"eu", "basque", "Basque"},         {"fi", "finnish", "Finnish"},
    {"fr", "french", "French"},         {"ga", "irish", "Irish"},
    {"hu", "hungarian", "Hungarian"},   {"hy", "armenian", "Armenian"},
    {"id", "indonesian", "Indonesian"}, {"it", "italian", "Italian"},
    {"lt", "lithuanian", "Lithuanian"}, {"ne", "nepali", "Nepali"},
    {"nl", "dutch", "Dutch"},           {"no", "norwegian", "Norwegian"},
    {"pt", "portuguese", "Portuguese"}, {"ro", "romanian", "Romanian"},
    {"ru", "russian", "Russian"},       {"sv", "swedish", "Swedish"},
    {"ta", "tamil", "Tamil"},           {"tr", "turkish", "Turkish"},
};

}  // namespace

std::optional<LanguageInfo> find_language(std::string_view code) {
  if (code.size() != 2) return std::nullopt;
  const std::string lower{static_cast<char>(std::tolower(static_cast<unsigned char>(code[0]))),
                          static_cast<char>(std::tolower(static_cast<unsigned char>(code[1])))};
  const auto it = std::find_if(std::begin(kLanguages), std::end(kLanguages),
                               [&](const LanguageInfo& l) { return l.code == lower; });
  if (it == std::end(kLanguages)) return std::nullopt;
  return *it;
}

std::string supported_language_codes() {
  std::string codes;
  for (const auto& l : kLanguages) {
    if (!codes.empty()) codes += ", ";
    codes += l.code;
  }
  return codes;
}

Xapian::Stem stemmer_for(std::string_view code) {
  const auto language = find_language(code);
  return Xapian::Stem(std::string(language ? language->stemmer : "english"));
}

}  // namespace clause
