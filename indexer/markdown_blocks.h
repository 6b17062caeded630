// The block structure of a markdown document, as the segmenter needs it:
// headings (ATX and setext), paragraphs, list items with their indentation,
// tables as rows of cells, fenced code and thematic breaks. Inline markup is
// left in place (see markdown_inline.h). Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clause::markdown {

enum class BlockKind { heading, paragraph, list_item, table, code, rule };

struct Block {
  BlockKind kind = BlockKind::paragraph;
  // heading: 1..6; list_item: column of the marker (deeper items have more).
  int level = 0;
  // heading, paragraph, list_item: the raw text, lines joined by ' ', except
  // hard line breaks (two trailing spaces or '\'), kept as '\n'.
  std::string text;
  // table: raw cells of each row, the delimiter row left out; header_rows
  // says how many leading rows came before it (0 or 1).
  std::vector<std::vector<std::string>> rows;
  int header_rows = 0;
};

std::vector<Block> parse_blocks(std::string_view markdown);

}  // namespace clause::markdown
