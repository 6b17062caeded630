// A document's front matter: a leading block of "key: value" lines between
// two "---" lines, as static site generators write it. Only `language` is
// read (an explicit language wins over detection); the block is never
// segmented into clauses, even when it is not closed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clause {

struct FrontMatter {
  std::string language;   // the value of `language:`, trimmed and unquoted; empty when absent
  std::string_view body;  // the document after the block (all of it when there is none)
  // Lines (from line 1) of a block that "---" opened, that holds at least
  // one "key: value" line and that no "---" line closes: it runs until the
  // first line that is not front matter, or to the end. Such a block is
  // left out of `body` (it is metadata, not clause text) and its keys are
  // not used (a block we cannot delimit is not trusted); the caller warns
  // (unclosed_front_matter_warning). 0 when there is no such block.
  std::size_t unclosed_lines = 0;
};

FrontMatter read_front_matter(std::string_view markdown);

// "front matter opened by '---' on line 1 is not closed ...", for the
// caller to put after "FILE:1: warning: "; empty when the block was closed
// or there is none.
std::string unclosed_front_matter_warning(const FrontMatter& front);

}  // namespace clause
