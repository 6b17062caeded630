#include "schema/plain_text.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "schema/utf8.h"

namespace clause {
namespace {

bool looks_like_tag(std::string_view s, std::size_t lt) {
  if (lt + 1 >= s.size()) return false;
  const char c = s[lt + 1];
  return std::isalpha(static_cast<unsigned char>(c)) || c == '/' || c == '!';
}

struct Named {
  std::string_view name, text;
};
// The typographic ones are decoded to their characters, as a browser shows
// them (they were folded to ASCII until 2026-12-08, so a clause's text_plain
// said "-" where its history's diff, decoded by the page, said "—").
constexpr Named kNamed[] = {{"amp", "&"},        {"lt", "<"},          {"gt", ">"},
                            {"quot", "\""},      {"apos", "'"},        {"nbsp", " "},
                            {"ndash", "\u2013"}, {"mdash", "\u2014"}, {"rsquo", "\u2019"},
                            {"lsquo", "\u2018"}, {"ldquo", "\u201C"}, {"rdquo", "\u201D"}};
// The entities browsers also read without their ';' ("&nbsp." and "&amp."
// occur in real exports, where the ';' was lost on the way).
constexpr Named kLegacy[] = {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"nbsp", " "}};

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// A legacy entity without its ';' at s[amp] == '&': its length or 0.
std::size_t decode_legacy_entity(std::string_view s, std::size_t amp, std::string& out) {
  const std::string_view rest = s.substr(amp + 1);
  for (const auto& n : kLegacy) {
    if (rest.substr(0, n.name.size()) != n.name) continue;
    if (rest.size() > n.name.size() && is_alnum(rest[n.name.size()])) continue;
    out.append(n.text);
    return n.name.size() + 1;
  }
  return 0;
}

// Decodes an entity starting at s[amp] == '&'; returns its length or 0.
std::size_t decode_entity(std::string_view s, std::size_t amp, std::string& out) {
  const std::size_t semi = s.find(';', amp);
  if (semi == std::string_view::npos || semi - amp > 10) return decode_legacy_entity(s, amp, out);
  const std::string_view name = s.substr(amp + 1, semi - amp - 1);
  for (const auto& n : kNamed) {
    if (name == n.name) {
      out.append(n.text);
      return semi - amp + 1;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string digits(name.substr(hex ? 2 : 1));
    char* end = nullptr;
    const long cp = std::strtol(digits.c_str(), &end, hex ? 16 : 10);
    if (!digits.empty() && end && *end == '\0' && cp > 0 && cp <= 0x10FFFF &&
        !(cp >= 0xD800 && cp <= 0xDFFF)) {
      utf8::append(out, static_cast<char32_t>(cp));
      return semi - amp + 1;
    }
  }
  return decode_legacy_entity(s, amp, out);
}

constexpr std::string_view kBlockTags[] = {"br", "p",  "div", "li", "tr", "ul", "ol", "dl", "dt", "dd",
                                           "h1", "h2", "h3",  "h4", "h5", "h6", "blockquote", "table"};
constexpr std::string_view kInlineTags[] = {"a", "b", "i", "u", "em", "strong", "span", "small", "sup", "sub",
                                            "code"};

// The lower-case name of the tag at tag[0] == '<' ("</P>" -> "p").
std::string tag_name(std::string_view tag) {
  std::size_t i = 1;
  if (i < tag.size() && tag[i] == '/') ++i;
  std::string name;
  while (i < tag.size() && is_alnum(tag[i])) {
    name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(tag[i++]))));
  }
  return name;
}

bool is_block_tag(std::string_view tag) {
  const std::string name = tag_name(tag);
  return std::find(std::begin(kBlockTags), std::end(kBlockTags), name) != std::end(kBlockTags);
}

bool is_known_tag(std::string_view tag) {
  const std::string name = tag_name(tag);
  return is_block_tag(tag) ||
         std::find(std::begin(kInlineTags), std::end(kInlineTags), name) != std::end(kInlineTags);
}

// A tag cut short, as exports that clip text leave them ("...assets.</p",
// "<str" at the end, "</p\n<p>" in the middle): '<', an optional '/', a tag
// name or nothing after the '/', then only blanks up to the next '<' or the
// end. Returns where it ends, or npos when s[lt..] is not one.
std::size_t broken_tag_end(std::string_view s, std::size_t lt) {
  std::size_t i = lt + 1;
  const bool closing = i < s.size() && s[i] == '/';
  if (closing) ++i;
  const std::size_t name_start = i;
  while (i < s.size() && is_alnum(s[i])) ++i;
  if (i == name_start && !closing) return std::string_view::npos;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return i == s.size() || s[i] == '<' ? i : std::string_view::npos;
}

// The tail of a tag whose start was clipped off, at the start of a text
// ("p>\n<p>For more...", "strong>&nbsp;...", a lone ">"): blanks, an
// optional '/', the name of a common HTML tag (or nothing), '>'. Returns
// where it ends, or 0. One-letter names but p are left alone: "a>b" is text.
std::size_t clipped_tag_tail_end(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  const std::size_t start = i;
  if (i < s.size() && s[i] == '/') ++i;
  while (i < s.size() && is_alnum(s[i])) ++i;
  if (i >= s.size() || s[i] != '>') return 0;
  // As if the '<' were there: "<" + "/p" is a tag is_known_tag can read.
  const std::string tag = "<" + std::string(s.substr(start, i - start));
  const std::string name = tag_name(tag);
  return name.empty() || (is_known_tag(tag) && (name.size() > 1 || name == "p")) ? i + 1 : 0;
}

// Where the element opened at s[open_end - 1] == '>' ends, when it is one
// whose content is not text (a script, a style sheet): past its closing tag
// ("</script>", any case), or the end of s when it has none. npos for any
// other element, whose content is text.
std::size_t non_text_element_end(std::string_view s, std::string_view open_tag, std::size_t open_end) {
  if (open_tag.size() > 1 && open_tag[1] == '/') return std::string_view::npos;
  const std::string name = tag_name(open_tag);
  if (name != "script" && name != "style") return std::string_view::npos;
  for (std::size_t at = s.find("</", open_end); at != std::string_view::npos; at = s.find("</", at + 2)) {
    if (tag_name(s.substr(at, name.size() + 2)) != name) continue;
    const std::size_t gt = s.find('>', at);
    return gt == std::string_view::npos ? s.size() : gt + 1;
  }
  return s.size();
}

// True when plain_text has nothing to change: no markup, no entity, no
// blank to collapse or trim. Most clause texts are such; they are answered
// by one scan and a copy (every /v1/clauses/{id} answer asks for this).
bool already_plain(std::string_view s) {
  if (s.empty()) return true;
  if (s.front() == ' ' || s.back() == ' ') return false;
  if (s.find_first_of("<>&\t\n\r") != std::string_view::npos) return false;
  return s.find("  ") == std::string_view::npos;
}

}  // namespace

std::string plain_text(std::string_view s) {
  if (already_plain(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = clipped_tag_tail_end(s); i < s.size();) {
    const char c = s[i];
    if (c == '<' && looks_like_tag(s, i)) {
      const std::size_t gt = s.find_first_of("<>", i + 1);
      if (gt != std::string_view::npos && s[gt] == '>') {
        out.push_back(is_block_tag(s.substr(i, gt - i)) ? '\n' : ' ');
        // A script's or style sheet's content is code, not the clause's words.
        const std::size_t skip = non_text_element_end(s, s.substr(i, gt - i), gt + 1);
        i = skip != std::string_view::npos ? skip : gt + 1;
        continue;
      }
      if (const std::size_t end = broken_tag_end(s, i); end != std::string_view::npos) {
        out.push_back(is_block_tag(s.substr(i, end - i)) ? '\n' : ' ');
        i = end;
        continue;
      }
    }
    if (c == '&') {
      if (const std::size_t len = decode_entity(s, i, out)) {
        i += len;
        continue;
      }
    }
    out.push_back(c);
    ++i;
  }
  // Collapse runs of blanks, keeping one newline where a run held one.
  std::string collapsed;
  collapsed.reserve(out.size());
  bool in_space = false, saw_newline = false;
  for (char c : out) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      in_space = true;
      saw_newline = saw_newline || c == '\n';
      continue;
    }
    if (in_space && !collapsed.empty()) collapsed.push_back(saw_newline ? '\n' : ' ');
    in_space = saw_newline = false;
    collapsed.push_back(c);
  }
  return collapsed;
}

}  // namespace clause
