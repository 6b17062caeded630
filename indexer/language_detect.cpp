#include "indexer/language_detect.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>

#include "schema/language.h"
#include "schema/plain_text.h"

namespace clause {
namespace {
// CLD2 scores the first bytes of long texts well enough; a whole document
// of 300 kB adds time, not accuracy.
constexpr std::size_t kMaxBytes = 64 * 1024;
}  // namespace

LanguageGuess detect_language(std::string_view text) {
  std::size_t length = std::min(text.size(), kMaxBytes);
  // Cut at a character's start: CLD2 gives up on a text with a broken one.
  while (length > 0 && length < text.size() && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) {
    --length;
  }
  bool reliable = false;
  int valid_bytes = 0;
  const CLD2::Language language = CLD2::DetectLanguageCheckUTF8(
      text.data(), static_cast<int>(length), /*is_plain_text=*/true, &reliable, &valid_bytes);
  LanguageGuess guess;
  guess.detected = CLD2::LanguageCode(language);
  const auto supported = find_language(guess.detected);
  guess.determined = reliable && supported.has_value();
  guess.code = guess.determined ? std::string(supported->code) : std::string(kDefaultLanguage);
  return guess;
}

LanguageGuess detect_document_language(const std::vector<ClauseRecord>& clauses) {
  std::string text;
  for (const auto& c : clauses) {
    if (text.size() >= kMaxBytes) break;
    text += plain_text(c.title + "\n" + c.text) + "\n";
  }
  return detect_language(text);
}

}  // namespace clause
