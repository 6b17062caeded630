// Small UTF-8 helpers shared by the schema, the indexer and the server.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace clause::utf8 {

// Byte offset of the first invalid UTF-8 sequence, or nullopt when the text
// is valid (overlong forms, surrogates and code points past U+10FFFF are invalid).
std::optional<std::size_t> first_invalid(std::string_view text);

// Decodes the code point at text[pos], advancing pos. Invalid bytes decode to
// U+FFFD one byte at a time, so a caller never loops forever.
char32_t next(std::string_view text, std::size_t& pos);

void append(std::string& out, char32_t cp);

}  // namespace clause::utf8
