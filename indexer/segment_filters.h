// The segmenter's judgements of substance: which blocks are navigation,
// tables of contents, "last updated" stamps or headings in disguise. Kept
// apart from the block walk so that each rule can be read and tested alone.
// Pure functions; English wording (the documents are English).
#pragma once

#include <cstddef>
#include <string_view>

namespace clause::filters {

// Words with at least one letter or digit.
std::size_t word_count(std::string_view text);

// "Table of contents", "Contents", "On this page", "Jump to"...
bool is_toc_heading(std::string_view reduced);

// A paragraph that is nothing but bold text and short: a heading in disguise.
bool is_bold_heading(std::string_view raw, std::string_view reduced);

// Why one line of a paragraph (raw markdown) is dropped, or nullptr to keep
// it: "table_of_contents", "navigation", "last_updated".
const char* line_drop_reason(std::string_view raw, bool in_toc);

// Why a list item is dropped, or nullptr to keep it. An item with a lead-in
// is read as a step ("Tap Settings > Privacy"), not as a crumb trail.
const char* item_drop_reason(std::string_view raw, std::string_view reduced, bool in_toc,
                             bool has_lead_in);

}  // namespace clause::filters
