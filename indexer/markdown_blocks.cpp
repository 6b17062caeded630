#include "indexer/markdown_blocks.h"

#include <cctype>

namespace clause::markdown {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

int indent_of(std::string_view line) {
  int n = 0;
  for (char c : line) {
    if (c == ' ') ++n;
    else if (c == '\t') n += 4;
    else break;
  }
  return n;
}

// "---", "***", "_ _ _": three or more of one of -*_ and nothing else.
bool is_rule(std::string_view t) {
  if (t.empty() || (t[0] != '-' && t[0] != '*' && t[0] != '_')) return false;
  int n = 0;
  for (char c : t) {
    if (c == t[0]) ++n;
    else if (c != ' ' && c != '\t') return false;
  }
  return n >= 3;
}

bool is_setext_underline(std::string_view t, int& level) {
  if (t.empty() || (t[0] != '=' && t[0] != '-')) return false;
  for (char c : t) {
    if (c != t[0]) return false;
  }
  level = t[0] == '=' ? 1 : 2;
  return true;
}

// "# Title ##" -> level 1, "Title".
bool is_atx_heading(std::string_view t, int& level, std::string& text) {
  std::size_t n = 0;
  while (n < t.size() && t[n] == '#') ++n;
  if (n == 0 || n > 6 || (n < t.size() && t[n] != ' ' && t[n] != '\t')) return false;
  std::string_view rest = trim(t.substr(n));
  while (!rest.empty() && rest.back() == '#') rest.remove_suffix(1);
  level = static_cast<int>(n);
  text = std::string(trim(rest));
  return true;
}

// "* item", "- item", "+ item", "12. item", "3) item": the content after the marker.
bool is_list_marker(std::string_view t, std::string_view& content) {
  std::size_t n = 0;
  if (!t.empty() && (t[0] == '*' || t[0] == '-' || t[0] == '+')) {
    n = 1;
  } else {
    while (n < t.size() && n < 9 && std::isdigit(static_cast<unsigned char>(t[n]))) ++n;
    if (n == 0 || n >= t.size() || (t[n] != '.' && t[n] != ')')) return false;
    ++n;
  }
  if (n < t.size() && t[n] != ' ' && t[n] != '\t') return false;
  content = trim(t.substr(n));
  return true;
}

bool is_fence(std::string_view t) { return t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0; }

std::vector<std::string> split_cells(std::string_view row) {
  row = trim(row);
  if (!row.empty() && row.front() == '|') row.remove_prefix(1);
  if (!row.empty() && row.back() == '|' && (row.size() < 2 || row[row.size() - 2] != '\\')) {
    row.remove_suffix(1);
  }
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell.push_back('|');
      ++i;
    } else if (row[i] == '|') {
      cells.emplace_back(trim(cell));
      cell.clear();
    } else {
      cell.push_back(row[i]);
    }
  }
  cells.emplace_back(trim(cell));
  return cells;
}

bool is_delimiter_row(const std::vector<std::string>& cells) {
  for (const auto& c : cells) {
    if (c.empty()) return false;
    for (char ch : c) {
      if (ch != '-' && ch != ':' && ch != ' ') return false;
    }
  }
  return !cells.empty();
}

class Parser {
 public:
  std::vector<Block> run(std::string_view md);

 private:
  void line(std::string_view raw);
  void add_text(Block& b, std::string_view raw, std::string_view t) {
    if (!b.text.empty()) b.text.push_back(hard_break_ ? '\n' : ' ');
    b.text.append(t);
    hard_break_ = raw.size() >= 2 && (raw.substr(raw.size() - 2) == "  " || raw.back() == '\\');
    if (raw.back() == '\\') b.text.pop_back();
  }
  void flush() {
    if (open_) blocks_.push_back(std::move(current_));
    open_ = false;
    current_ = Block{};
    blank_ = hard_break_ = false;
  }
  void start(BlockKind kind, int level) {
    flush();
    current_.kind = kind;
    current_.level = level;
    open_ = true;
  }

  std::vector<Block> blocks_;
  Block current_;
  bool open_ = false;
  bool blank_ = false;       // a blank line since the open block's last line
  bool hard_break_ = false;  // the previous line ended with a hard break
  bool in_fence_ = false;
};

std::vector<Block> Parser::run(std::string_view md) {
  std::size_t pos = 0;
  while (pos <= md.size()) {
    std::size_t nl = md.find('\n', pos);
    if (nl == std::string_view::npos) nl = md.size();
    std::string_view raw = md.substr(pos, nl - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    line(raw);
    pos = nl + 1;
  }
  flush();
  return std::move(blocks_);
}

void Parser::line(std::string_view raw) {
  const std::string_view t = trim(raw);
  const int indent = indent_of(raw);
  if (in_fence_) {
    if (is_fence(t)) in_fence_ = false;
    return;
  }
  if (t.empty()) {
    if (open_ && current_.kind != BlockKind::list_item) flush();
    blank_ = open_;
    return;
  }
  if (is_fence(t)) {
    start(BlockKind::code, 0);
    flush();
    in_fence_ = true;
    return;
  }
  const bool tables = open_ && current_.kind == BlockKind::table;
  if (t.front() == '|') {
    auto cells = split_cells(t);
    if (!tables) start(BlockKind::table, 0);
    if (current_.rows.size() == 1 && current_.header_rows == 0 && is_delimiter_row(cells)) {
      current_.header_rows = 1;
    } else if (!is_delimiter_row(cells)) {
      current_.rows.push_back(std::move(cells));
    }
    return;
  }
  int level = 0;
  if (open_ && current_.kind == BlockKind::paragraph && !blank_ &&
      is_setext_underline(t, level)) {
    current_.kind = BlockKind::heading;
    current_.level = level;
    flush();
    return;
  }
  if (is_rule(t)) {
    start(BlockKind::rule, 0);
    flush();
    return;
  }
  std::string heading;
  if (indent < 4 && is_atx_heading(t, level, heading)) {
    start(BlockKind::heading, level);
    current_.text = std::move(heading);
    flush();
    return;
  }
  std::string_view content;
  if (is_list_marker(t, content)) {
    start(BlockKind::list_item, indent);
    add_text(current_, raw, content);
    return;
  }
  std::string_view text = t;
  if (text.front() == '>') text = trim(text.substr(1));
  if (open_ && current_.kind == BlockKind::list_item) {
    // After a blank line, only indented text continues the item.
    if (!blank_ || indent > current_.level) {
      blank_ = false;
      add_text(current_, raw, text);
      return;
    }
  }
  if (!open_ || current_.kind != BlockKind::paragraph) start(BlockKind::paragraph, 0);
  add_text(current_, raw, text);
}

}  // namespace

std::vector<Block> parse_blocks(std::string_view markdown) { return Parser().run(markdown); }

}  // namespace clause::markdown
