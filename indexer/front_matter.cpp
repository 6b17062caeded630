#include "indexer/front_matter.h"

namespace clause {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// The next line of `text` from `pos` (without its '\n'); pos moves past it.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  const auto end = text.find('\n', pos);
  const auto line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
  pos = end == std::string_view::npos ? text.size() : end + 1;
  return line;
}

// A "key: value" line: a key of letters, digits, '_' or '-', then a colon.
bool is_key_line(std::string_view raw) {
  const auto colon = raw.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  for (const char c : raw.substr(0, colon)) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-';
    if (!word) return false;
  }
  return true;
}

// A key line, or a line that continues a value (indented, or a "- item" of
// a list), or a blank one.
bool is_front_matter_line(std::string_view raw) {
  if (raw.empty() || raw.front() == ' ' || raw.front() == '\t' || raw.substr(0, 2) == "- ") return true;
  return is_key_line(raw);
}

std::string unquoted(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(trim(value));
}

}  // namespace

FrontMatter read_front_matter(std::string_view markdown) {
  FrontMatter out{{}, markdown, 0};
  std::size_t pos = 0;
  if (trim(next_line(markdown, pos)) != "---") return out;
  std::string language;
  std::size_t lines = 1;  // of the block so far, its opening line included
  bool has_key = false;
  // An unclosed block ends where `end` is: without a key line it was only a
  // rule (a document that opens with a rule and prose has no front matter).
  const auto unclosed = [&](std::size_t end) {
    if (has_key) {
      out.unclosed_lines = lines;
      out.body = markdown.substr(end);
    }
    return out;
  };
  while (pos < markdown.size()) {
    const std::size_t start = pos;
    const std::string_view raw = next_line(markdown, pos);
    const std::string_view line = trim(raw);
    if (line == "---") {
      out.language = std::move(language);
      out.body = markdown.substr(pos);
      return out;
    }
    const std::string_view shape = line.empty() ? std::string_view{} : raw;
    if (!is_front_matter_line(shape)) return unclosed(start);
    ++lines;
    has_key = has_key || is_key_line(shape);  // not an indented or list line
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && trim(line.substr(0, colon)) == "language") {
      language = unquoted(trim(line.substr(colon + 1)));
    }
  }
  return unclosed(markdown.size());
}

std::string unclosed_front_matter_warning(const FrontMatter& front) {
  if (front.unclosed_lines == 0) return "";
  return "front matter opened by '---' on line 1 is not closed by a '---' line: its " +
         std::to_string(front.unclosed_lines) + " lines are not indexed as text and its keys (language) are "
         "not used; close it with a '---' line";
}

}  // namespace clause
