#include "schema/slug.h"

#include "schema/utf8.h"

namespace clause {
namespace {

// ASCII folding of U+00C0..U+017F (Latin-1 Supplement letters and Latin
// Extended-A), lower case; a space marks a code point that is not a letter.
// Index = code point - 0xC0.
constexpr std::string_view kLatinFold[] = {
    // C0..DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss",
    // E0..FF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",
    // 100..17F, pairs of upper/lower
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

bool is_apostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

// Punctuation, symbols and spaces outside ASCII that separate words.
bool is_separator(char32_t cp) {
  return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
         (cp >= 0x2000 && cp <= 0x2BFF) ||  // punctuation, symbols, arrows, shapes
         (cp >= 0x3000 && cp <= 0x303F) ||  // CJK punctuation
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || cp == 0xFFFD || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

// Simple lower-casing for the scripts whose case pairs are a fixed offset.
char32_t to_lower(char32_t cp) {
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;  // Greek
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;                  // Cyrillic
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

}  // namespace

std::string slugify(std::string_view name) {
  std::string slug;
  slug.reserve(name.size());
  bool pending_dash = false;
  auto emit = [&](std::string_view piece) {
    if (pending_dash && !slug.empty()) slug.push_back('-');
    pending_dash = false;
    slug.append(piece);
  };
  std::size_t pos = 0;
  while (pos < name.size()) {
    const char32_t cp = utf8::next(name, pos);
    if (is_apostrophe(cp)) continue;
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        const char lower = static_cast<char>(c - 'A' + 'a');
        emit(std::string_view(&lower, 1));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        emit(std::string_view(&c, 1));
      } else {
        pending_dash = true;
      }
    } else if (cp >= 0xC0 && cp <= 0x17F) {
      const std::string_view folded = kLatinFold[cp - 0xC0];
      if (folded == " ") {
        pending_dash = true;
      } else {
        emit(folded);
      }
    } else if (is_separator(cp)) {
      pending_dash = true;
    } else {
      std::string encoded;
      utf8::append(encoded, to_lower(cp));
      emit(encoded);
    }
  }
  return slug;
}

}  // namespace clause
