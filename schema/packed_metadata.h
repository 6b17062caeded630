// Metadata values kept compressed (issue 18). Xapian keeps metadata in its
// postlist table, whose entries it never compresses; a replayed year's
// provision lists and version texts and its documents' clause lists were a
// quarter of its index. A value is packed as its text deflated by zlib
// behind one 0x00 byte, or as the text itself when deflating does not make
// it shorter; either form is read back. Texts that start with a 0x00 byte
// cannot be stored unpacked: JSON and clause ids never do.
//
// Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace clause::layout {

std::string pack_text(std::string text);

// The text of either form; nullopt when the deflated bytes are damaged.
std::optional<std::string> unpack_text(std::string_view stored);

std::string pack_json(const nlohmann::json& value);

// The value of either form: null for an empty value, discarded (see
// nlohmann::json::is_discarded) when it does not parse or its deflated
// bytes are damaged.
nlohmann::json unpack_json(std::string_view stored);

}  // namespace clause::layout
