#include "indexer/markdown_inline.h"

#include <cctype>
#include <vector>

#include "schema/plain_text.h"

namespace clause::markdown {
namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Index of the bracket closing the one at s[open], honouring nesting and
// escapes; npos when unbalanced.
std::size_t match_close(std::string_view s, std::size_t open, char o, char c) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s[i] == o) ++depth;
    if (s[i] == c && --depth == 0) return i;
  }
  return std::string_view::npos;
}

struct Link {
  std::size_t begin, end;    // the whole span [begin, end)
  std::string_view text;     // the visible text
  std::string_view target;   // the URL (empty for reference links)
  bool image;
};

// The link starting at s[i] ('[' or "!["), if there is one.
bool parse_link(std::string_view s, std::size_t i, Link& link) {
  const bool image = s[i] == '!';
  const std::size_t open = image ? i + 1 : i;
  if (open >= s.size() || s[open] != '[') return false;
  const std::size_t close = match_close(s, open, '[', ']');
  if (close == std::string_view::npos || close + 1 >= s.size()) return false;
  const char next = s[close + 1];
  if (next != '(' && next != '[') return false;
  const std::size_t end = match_close(s, close + 1, next, next == '(' ? ')' : ']');
  if (end == std::string_view::npos) return false;
  link = {i, end + 1, s.substr(open + 1, close - open - 1),
          next == '(' ? s.substr(close + 2, end - close - 2) : std::string_view{}, image};
  return true;
}

std::string strip_links(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    Link link;
    if ((s[i] == '[' || s[i] == '!') && parse_link(s, i, link)) {
      if (!link.image) out += strip_links(link.text);
      i = link.end;
      continue;
    }
    // Autolinks <https://...> and <mailto:...>: keep the address (plain_text
    // would take them for tags).
    if (s[i] == '<') {
      const std::string_view rest = s.substr(i + 1);
      if (rest.rfind("http://", 0) == 0 || rest.rfind("https://", 0) == 0 ||
          rest.rfind("mailto:", 0) == 0) {
        const std::size_t gt = s.find('>', i);
        if (gt != std::string_view::npos) {
          out.append(s.substr(i + 1, gt - i - 1));
          i = gt + 1;
          continue;
        }
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

// Removes '*', '~~' and '`' markers and paired '_' emphasis, and resolves
// backslash escapes. A lone '_' inside or before a word (cookie names such
// as _ga) is kept; a '*' between two spaces is kept (it is text, not markup).
std::string strip_emphasis(const std::string& s) {
  std::vector<bool> drop(s.size(), false);
  std::vector<bool> escaped(s.size(), false);
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      drop[i] = true;
      escaped[i + 1] = true;
      ++i;
    }
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (escaped[i]) continue;
    const char c = s[i];
    const char prev = i > 0 ? s[i - 1] : ' ';
    const char next = i + 1 < s.size() ? s[i + 1] : ' ';
    if (c == '*' && !(is_space(prev) && is_space(next))) drop[i] = true;
    if (c == '`') drop[i] = true;
    if (c == '~' && (next == '~' || prev == '~')) drop[i] = true;
  }
  // '_' runs: an opener (not after a letter, before a non-space) pairs with
  // the next closer (after a non-space, not before a letter).
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '_' || escaped[i] || drop[i]) continue;
    std::size_t run = i;
    while (run < s.size() && s[run] == '_') ++run;
    const char prev = i > 0 ? s[i - 1] : ' ';
    const char next = run < s.size() ? s[run] : ' ';
    if (is_alnum(prev) || is_space(next)) {
      i = run - 1;
      continue;
    }
    for (std::size_t j = run; j < s.size(); ++j) {
      if (s[j] != '_' || escaped[j]) continue;
      std::size_t jr = j;
      while (jr < s.size() && s[jr] == '_') ++jr;
      const char before = s[j - 1];
      const char after = jr < s.size() ? s[jr] : ' ';
      if (!is_space(before) && !is_alnum(after)) {
        for (std::size_t k = i; k < run; ++k) drop[k] = true;
        for (std::size_t k = j; k < jr; ++k) drop[k] = true;
        break;
      }
      j = jr - 1;
    }
    i = run - 1;
  }
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!drop[i]) out.push_back(s[i]);
  }
  return out;
}

// Length of a Unicode space at s[i] (no-break, en/em/thin spaces, zero
// width space, ideographic space), or 0. Exports use them between words.
std::size_t unicode_space(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (i + 1 < s.size() && b(0) == 0xC2 && b(1) == 0xA0) return 2;
  if (i + 2 < s.size() && b(0) == 0xE2 && b(1) == 0x80 && (b(2) <= 0x8B || b(2) == 0xAF)) return 3;
  if (i + 2 < s.size() && b(0) == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;
  return 0;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_space(s[i])) {
      space = true;
      continue;
    }
    if (const std::size_t n = unicode_space(s, i)) {
      space = true;
      i += n - 1;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace

std::string reduce_inline(std::string_view text) {
  return collapse_spaces(plain_text(strip_emphasis(strip_links(text))));
}

bool is_link_only(std::string_view s) {
  bool any_link = false;
  for (std::size_t i = 0; i < s.size();) {
    Link link;
    if ((s[i] == '[' || s[i] == '!') && parse_link(s, i, link)) {
      any_link = true;
      i = link.end;
      continue;
    }
    // Anything alphanumeric outside a link is content.
    if (is_alnum(s[i])) return false;
    ++i;
  }
  return any_link;
}

bool has_only_anchor_links(std::string_view s) {
  bool any = false;
  for (std::size_t i = 0; i < s.size();) {
    Link link;
    if ((s[i] == '[' || s[i] == '!') && parse_link(s, i, link)) {
      if (link.target.empty() || link.target[0] != '#') return false;
      any = true;
      i = link.end;
      continue;
    }
    ++i;
  }
  return any;
}

}  // namespace clause::markdown
