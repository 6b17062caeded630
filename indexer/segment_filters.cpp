#include "indexer/segment_filters.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "indexer/markdown_inline.h"

namespace clause::filters {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (auto p : prefixes) {
    if (s.rfind(p, 0) == 0) return true;
  }
  return false;
}

bool contains_any(std::string_view s, std::initializer_list<std::string_view> needles) {
  for (auto n : needles) {
    if (s.find(n) != std::string_view::npos) return true;
  }
  return false;
}

// "Last updated: 1 May 2024", "Effective date: ...", "Version 3.1, ...":
// a short line that dates the document and says nothing else.
bool is_date_stamp(std::string_view reduced) {
  if (word_count(reduced) > 14) return false;
  const std::string s = lower(reduced);
  if (starts_with_any(s, {"last updated", "last update", "last modified", "last revised",
                          "last changed", "last amended", "last reviewed", "date of last",
                          "effective date", "effective as of", "effective on", "effective from",
                          "effective:", "updated on", "updated:", "revised on", "revised:",
                          "date:", "published:", "published on", "version:", "dated:",
                          "valid from", "valid as of", "in force from", "entry into force"})) {
    return true;
  }
  // Words that date a document only when a number follows ("Version 3",
  // "Effective 1 May 2024"), not in "Effective communication is...".
  const bool has_digit = s.find_first_of("0123456789") != std::string::npos;
  if (has_digit && starts_with_any(s, {"effective ", "updated ", "revised ", "version ",
                                       "this version", "current version", "amended "})) {
    return true;
  }
  // A line that is only a date: digits, month names and separators.
  static constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",
                                                 "may",     "june",     "july",      "august",
                                                 "september", "october", "november", "december"};
  bool month = false, digit = false;
  std::size_t words = 0;
  for (std::size_t i = 0; i < s.size();) {
    while (i < s.size() && !std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t j = i;
    while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
    if (j == i) break;
    const std::string_view w = std::string_view(s).substr(i, j - i);
    ++words;
    bool is_month = false;
    for (auto m : kMonths) is_month = is_month || w == m || (w.size() == 3 && m.rfind(w, 0) == 0);
    if (is_month) month = true;
    else if (std::isdigit(static_cast<unsigned char>(w[0]))) digit = true;
    else return false;
    i = j;
  }
  return words > 0 && digit && (month || words >= 3);
}

// "Back to top", "Print", "Skip to content", crumb trails "Home > Legal > Terms",
// and pointers to other versions of the document.
bool is_navigation(std::string_view raw, std::string_view reduced) {
  const std::string s = lower(reduced);
  const std::size_t words = word_count(reduced);
  if (words <= 6 && starts_with_any(s, {"back to top", "return to top", "go to top", "top of page",
                                         "skip to", "print", "download", "share this",
                                         "jump to", "scroll to", "close", "menu"})) {
    return true;
  }
  const bool has_link = raw.find("](") != std::string_view::npos;
  if (has_link && words <= 16 &&
      contains_any(s, {"previous version", "archived", "effective before", "older version",
                       "prior version", "earlier version", "click here to view", "pdf version",
                       "printable version"})) {
    return true;
  }
  // Crumbs: three or more short parts joined by > » › or /.
  std::size_t parts = 1, longest = 0, current = 0;
  bool at_word = false;
  for (char c : reduced) {
    if (c == '>' || c == '/' || static_cast<unsigned char>(c) == 0xBB ||
        static_cast<unsigned char>(c) == 0xBA) {  // '»' and '›' end in these bytes
      ++parts;
      current = 0;
      at_word = false;
      continue;
    }
    const bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (alnum && !at_word) longest = std::max(longest, ++current);
    at_word = alnum;
  }
  return parts >= 3 && longest <= 4 && words <= 14 && reduced.find(". ") == std::string_view::npos;
}

}  // namespace

std::size_t word_count(std::string_view text) {
  std::size_t n = 0;
  bool counted = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n') {
      counted = false;
      continue;
    }
    if (!counted && (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80))) {
      ++n;
      counted = true;
    }
  }
  return n;
}

bool is_toc_heading(std::string_view reduced) {
  std::string s = lower(reduced);
  while (!s.empty() && (s.back() == ':' || s.back() == ' ')) s.pop_back();
  return s == "table of contents" || s == "contents" || s == "content" || s == "on this page" ||
         s == "in this article" || s == "in this policy" || s == "in this section" ||
         s == "jump to" || s == "jump to section" || s == "quick links" || s == "sections" ||
         s == "summary of contents" || s == "index" || s == "toc";
}

bool is_bold_heading(std::string_view raw, std::string_view reduced) {
  std::string_view t = raw;
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == ':')) t.remove_suffix(1);
  if (t.size() < 5 || (t.rfind("**", 0) != 0 && t.rfind("__", 0) != 0)) return false;
  if (t.substr(t.size() - 2) != "**" && t.substr(t.size() - 2) != "__") return false;
  // Bold inside, then plain text, then bold again is not a heading.
  if (t.substr(2, t.size() - 4).find("**") != std::string_view::npos) return false;
  return word_count(reduced) <= 15 && !reduced.empty() && reduced.find(". ") == std::string_view::npos;
}

const char* line_drop_reason(std::string_view raw, bool in_toc) {
  const std::string reduced = markdown::reduce_inline(raw);
  if (reduced.empty()) return nullptr;
  if (markdown::is_link_only(raw)) {
    if (is_navigation(raw, reduced)) return "navigation";  // "[Back to top](#top)"
    return in_toc || markdown::has_only_anchor_links(raw) ? "table_of_contents" : "navigation";
  }
  if (is_date_stamp(reduced)) return "last_updated";
  if (is_navigation(raw, reduced)) return "navigation";
  return nullptr;
}

const char* item_drop_reason(std::string_view raw, std::string_view reduced, bool in_toc,
                             bool has_lead_in) {
  if (reduced.empty()) return nullptr;
  if (markdown::is_link_only(raw)) {
    if (is_navigation(raw, reduced)) return "navigation";  // "[Back to top](#top)"
    return in_toc || markdown::has_only_anchor_links(raw) ? "table_of_contents" : "navigation";
  }
  // Under a contents heading, short entries are the contents, links or not.
  if (in_toc && word_count(reduced) <= 12) return "table_of_contents";
  if (is_date_stamp(reduced)) return "last_updated";
  if (!has_lead_in && is_navigation(raw, reduced)) return "navigation";
  return nullptr;
}

}  // namespace clause::filters
