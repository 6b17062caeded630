#include "schema/word_diff.h"

#include <algorithm>
#include <cstdint>

namespace clause {
namespace {

constexpr std::size_t kMaxCells = 4'000'000;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

void append_escaped(std::string& out, std::string_view word) {
  for (const char c : word) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
}

enum class Op { same, del, ins };

// Collects runs of words of one kind, then renders them joined by spaces,
// each deleted or inserted run in one element.
class DiffWriter {
 public:
  void add(Op op, std::string_view word) {
    if (runs_.empty() || runs_.back().op != op) runs_.push_back({op, {}});
    runs_.back().words.push_back(word);
  }
  std::string finish() const {
    std::string out;
    for (const auto& run : runs_) {
      if (!out.empty()) out += ' ';
      if (run.op == Op::del) out += "<del>";
      if (run.op == Op::ins) out += "<ins>";
      for (std::size_t i = 0; i < run.words.size(); ++i) {
        if (i > 0) out += ' ';
        append_escaped(out, run.words[i]);
      }
      if (run.op == Op::del) out += "</del>";
      if (run.op == Op::ins) out += "</ins>";
    }
    return out;
  }

 private:
  struct Run {
    Op op;
    std::vector<std::string_view> words;
  };
  std::vector<Run> runs_;
};

}  // namespace

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::string word_diff_html(std::string_view old_text, std::string_view new_text) {
  const auto a = split_words(old_text);
  const auto b = split_words(new_text);
  DiffWriter out;
  // Common prefix and suffix first: most edits touch a few words, and this
  // keeps the table small.
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  for (std::size_t i = 0; i < head; ++i) out.add(Op::same, a[i]);
  const std::size_t n = a.size() - head - tail, m = b.size() - head - tail;
  if (n * m > kMaxCells) {
    for (std::size_t i = 0; i < n; ++i) out.add(Op::del, a[head + i]);
    for (std::size_t j = 0; j < m; ++j) out.add(Op::ins, b[head + j]);
  } else {
    // lcs[i][j]: the LCS length of a[head+i..] and b[head+j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        out.add(Op::same, a[head + i]);
        ++i, ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        out.add(Op::del, a[head + i++]);
      } else {
        out.add(Op::ins, b[head + j++]);
      }
    }
  }
  for (std::size_t k = a.size() - tail; k < a.size(); ++k) out.add(Op::same, a[k]);
  return out.finish();
}

}  // namespace clause
