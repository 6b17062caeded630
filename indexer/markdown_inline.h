// Inline markdown reduced to plain text: what a reader of the rendered page
// would see, without the markup. Used by the segmenter on every block.
#pragma once

#include <string>
#include <string_view>

namespace clause::markdown {

// Links and reference links become their text, images and their alt text
// vanish, autolinks become the address, emphasis/strike/code markers and
// backslash escapes are removed, inline HTML is stripped and its entities
// decoded (via plain_text), and whitespace collapses to single spaces.
// Text without markup comes back trimmed but otherwise unchanged.
std::string reduce_inline(std::string_view text);

// True when the text is nothing but links (and separators such as '|', '>',
// '·', bullets): a navigation line, a crumb trail or a table-of-contents entry.
bool is_link_only(std::string_view text);

// True when every link in the text points into the same page ("#anchor").
bool has_only_anchor_links(std::string_view text);

}  // namespace clause::markdown
