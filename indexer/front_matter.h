// A document's front matter: a leading block of "key: value" lines between
// two "---" lines, as static site generators write it. Only `language` is
// read (an explicit language wins over detection); the block is never
// segmented into clauses.
#pragma once

#include <string>
#include <string_view>

namespace clause {

struct FrontMatter {
  std::string language;   // the value of `language:`, trimmed and unquoted; empty when absent
  std::string_view body;  // the document after the block (all of it when there is none)
};

FrontMatter read_front_matter(std::string_view markdown);

}  // namespace clause
