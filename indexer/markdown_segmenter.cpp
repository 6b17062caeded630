#include "indexer/markdown_segmenter.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <unordered_map>

#include "indexer/markdown_blocks.h"
#include "indexer/markdown_inline.h"
#include "indexer/segment_filters.h"
#include "schema/slug.h"

namespace clause {
namespace {

using markdown::Block;
using markdown::BlockKind;

// Cuts s to at most max bytes without splitting a UTF-8 sequence.
std::string cut_utf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

// Splits text longer than the record limit at sentence ends (". "), so that
// every part fits; shorter text comes back whole.
std::vector<std::string> fit_to_limit(const std::string& text) {
  const std::size_t limit = kMaxTextBytes - 16;
  if (text.size() <= limit) return {text};
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (text.size() - begin > limit) {
    std::size_t cut = text.rfind(". ", begin + limit);
    if (cut == std::string::npos || cut <= begin) cut = text.rfind(' ', begin + limit);
    if (cut == std::string::npos || cut <= begin) cut = begin + limit - 1;
    parts.push_back(cut_utf8(text.substr(begin, cut + 1 - begin), limit));
    begin = cut + 1;
    while (begin < text.size() && text[begin] == ' ') ++begin;
  }
  if (begin < text.size()) parts.push_back(text.substr(begin));
  return parts;
}

// A table row as "Header: cell — Header: cell"; list markers and <br> inside
// cells become "; ".
std::string render_row(const std::vector<std::string>& row, const std::vector<std::string>& header) {
  std::string out;
  for (std::size_t i = 0; i < row.size(); ++i) {
    std::string cell;
    std::string_view rest = row[i];
    while (!rest.empty()) {
      std::size_t br = rest.find("<br>");
      std::string part = markdown::reduce_inline(rest.substr(0, br));
      if (part.size() >= 2 && (part[0] == '*' || part[0] == '-') && part[1] == ' ') {
        part = part.substr(2);
      }
      if (!part.empty()) cell += (cell.empty() ? "" : "; ") + part;
      rest = br == std::string_view::npos ? std::string_view{} : rest.substr(br + 4);
    }
    if (cell.empty()) continue;
    if (!out.empty()) out += " — ";
    if (i < header.size() && !header[i].empty() && header[i] != cell) out += header[i] + ": ";
    out += cell;
  }
  return out;
}

bool all_bold(const std::vector<std::string>& row) {
  bool any = false;
  for (const auto& c : row) {
    if (c.empty()) continue;
    if (c.size() < 4 || c.rfind("**", 0) != 0 || c.substr(c.size() - 2) != "**") return false;
    any = true;
  }
  return any;
}

class Segmenter {
 public:
  Segmenter(const std::string& platform, const std::string& document)
      : platform_(platform), document_(document) {}

  Segmented run(std::string_view md) {
    blocks_ = markdown::parse_blocks(md);
    for (i_ = 0; i_ < blocks_.size(); ++i_) block(blocks_[i_]);
    return std::move(out_);
  }

 private:
  void block(const Block& b);
  void heading(int level, const std::string& text);
  void paragraph(const Block& b);
  void list_item(const Block& b);
  void table(const Block& b);
  void emit(const std::string& text);
  void drop(const char* reason) { ++out_.dropped[reason]; }
  bool next_is_list_item(int deeper_than) const {
    return i_ + 1 < blocks_.size() && blocks_[i_ + 1].kind == BlockKind::list_item &&
           blocks_[i_ + 1].level > deeper_than;
  }
  void end_list() {
    items_.clear();
    lead_in_.clear();
  }

  std::string platform_, document_;
  std::vector<Block> blocks_;
  std::size_t i_ = 0;
  Segmented out_;
  std::vector<std::pair<int, std::string>> headings_;  // (level, text), outermost first
  bool in_toc_ = false;
  int toc_level_ = 0;
  std::string lead_in_;                               // paragraph ending ':' before a list
  std::vector<std::pair<int, std::string>> items_;  // open list items: (indent, lead-in or "")
  std::unordered_map<std::string, int> seen_;       // base id -> occurrences
};

void Segmenter::block(const Block& b) {
  switch (b.kind) {
    case BlockKind::heading: heading(b.level, markdown::reduce_inline(b.text)); break;
    case BlockKind::rule: end_list(); break;
    case BlockKind::code: drop("code"); break;
    case BlockKind::paragraph: paragraph(b); break;
    case BlockKind::list_item: list_item(b); break;
    case BlockKind::table: end_list(); table(b); break;
  }
}

void Segmenter::heading(int level, const std::string& text) {
  end_list();
  if (text.empty()) return;
  std::string title = text;
  while (!title.empty() && (title.back() == ':' || title.back() == ' ')) title.pop_back();
  while (!headings_.empty() && headings_.back().first >= level) headings_.pop_back();
  headings_.emplace_back(level, title);
  if (in_toc_ && level <= toc_level_) in_toc_ = false;
  if (filters::is_toc_heading(text)) {
    in_toc_ = true;
    toc_level_ = level;
  }
}

void Segmenter::paragraph(const Block& b) {
  end_list();
  // A paragraph that is only bold text reads as a heading; it ranks below
  // every real heading (level 7).
  const std::string reduced_whole = markdown::reduce_inline(b.text);
  if (filters::is_bold_heading(b.text, reduced_whole)) {
    heading(7, reduced_whole);
    return;
  }
  std::string kept;
  std::size_t begin = 0;
  while (begin <= b.text.size()) {
    std::size_t nl = b.text.find('\n', begin);
    if (nl == std::string::npos) nl = b.text.size();
    const std::string_view raw = std::string_view(b.text).substr(begin, nl - begin);
    begin = nl + 1;
    if (const char* reason = filters::line_drop_reason(raw, in_toc_)) {
      drop(reason);
      continue;
    }
    const std::string line = markdown::reduce_inline(raw);
    if (!line.empty()) kept += (kept.empty() ? "" : " ") + line;
  }
  if (kept.empty()) return;
  if (kept.back() == ':' && next_is_list_item(-1)) {
    lead_in_ = kept;
    ++out_.lead_ins_merged;
    return;
  }
  emit(kept);
}

void Segmenter::list_item(const Block& b) {
  while (!items_.empty() && items_.back().first >= b.level) items_.pop_back();
  const std::string& context = items_.empty() ? lead_in_ : items_.back().second;
  const std::string text = markdown::reduce_inline(b.text);
  std::string own_lead_in;
  if (const char* reason = filters::item_drop_reason(b.text, text, in_toc_, !context.empty())) {
    drop(reason);
  } else if (!text.empty() && text.back() == ':' && next_is_list_item(b.level)) {
    own_lead_in = context.empty() ? text : context + " " + text;
    ++out_.lead_ins_merged;
  } else if (!text.empty()) {
    emit(context.empty() ? text : context + " " + text);
  } else {
    drop("empty");
  }
  items_.emplace_back(b.level, own_lead_in);
}

void Segmenter::table(const Block& b) {
  std::vector<std::string> header;
  std::size_t first = 0;
  if (b.header_rows == 1 && !b.rows.empty()) {
    for (const auto& c : b.rows[0]) header.push_back(markdown::reduce_inline(c));
    first = 1;
    bool empty_header = true;
    for (const auto& h : header) empty_header = empty_header && h.empty();
    // Exports often give tables an empty header and put it in a bold first row.
    if (empty_header && b.rows.size() > 1 && all_bold(b.rows[1])) {
      header.clear();
      for (const auto& c : b.rows[1]) header.push_back(markdown::reduce_inline(c));
      first = 2;
    }
  }
  for (std::size_t r = first; r < b.rows.size(); ++r) {
    const std::string text = render_row(b.rows[r], header);
    if (text.empty()) {
      drop("empty");
    } else if (in_toc_ || filters::word_count(text) < kMinClauseWords) {
      drop(in_toc_ ? "table_of_contents" : "fragment");
    } else {
      emit(text);
    }
  }
}

void Segmenter::emit(const std::string& whole) {
  if (filters::word_count(whole) < kMinClauseWords) {
    drop("fragment");
    return;
  }
  for (const std::string& text : fit_to_limit(whole)) {
    ClauseRecord r;
    const std::string base = clause_id(platform_, document_, text);
    const int n = ++seen_[base];
    r.id = n == 1 ? base : base + "-" + std::to_string(n);
    r.platform = platform_;
    r.document = document_;
    r.text = text;
    if (!headings_.empty()) r.title = cut_utf8(headings_.back().second, kMaxNameBytes * 4);
    out_.clauses.push_back(std::move(r));
  }
}

// FNV-1a, 64 bits: stable across platforms and runs, which is all an id needs.
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string clause_id(const std::string& platform, const std::string& document,
                      std::string_view text) {
  // Normalised: lower case, letters and digits only, one space between words,
  // so that re-wrapping or re-punctuating a clause keeps its id.
  std::string norm;
  norm.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) {
      norm.push_back(static_cast<char>(std::tolower(c)));
    } else if (!norm.empty() && norm.back() != ' ') {
      norm.push_back(' ');
    }
  }
  if (!norm.empty() && norm.back() == ' ') norm.pop_back();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(norm)));
  return document_id_prefix(platform, document) + hex;
}

std::string document_id_prefix(const std::string& platform, const std::string& document) {
  return cut_utf8(slugify(platform), 80) + "--" + cut_utf8(slugify(document), 80) + "--";
}

Segmented segment_markdown(std::string_view markdown, const std::string& platform,
                           const std::string& document) {
  return Segmenter(platform, document).run(markdown);
}

}  // namespace clause
