// Reduces clause text as real exports deliver it (stray HTML tags, entities,
// markdown emphasis) to plain text for tokenising and snippets. The stored
// record keeps the text exactly as given.
#pragma once

#include <string>
#include <string_view>

namespace clause {

// Drops HTML tags, decodes the common entities (&amp; &lt; &gt; &quot; &#39;
// &nbsp; and numeric ones), turns <br>/<p> boundaries into newlines and
// collapses runs of spaces. Text without markup comes back unchanged.
std::string plain_text(std::string_view text);

}  // namespace clause
