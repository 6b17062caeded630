// JSON text parsed with an eye on its top-level keys. JSON leaves a name
// given twice in one object to the reader (RFC 8259 4) and nlohmann keeps
// the last; the programs refuse it instead, naming the field, as they
// refuse a query parameter given twice with two values.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace clause {

// `text` parsed as nlohmann::json::parse(text, nullptr, allow_exceptions)
// would; `repeated` is set to the first key the top-level object gives
// twice (left empty when none is, or the value is not an object).
nlohmann::json parse_noting_repeated_key(std::string_view text, std::string& repeated, bool allow_exceptions);

}  // namespace clause
