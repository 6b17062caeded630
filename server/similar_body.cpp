// POST /v1/similar's JSON body parsed into a SimilarTextRequest
// (server/search_params.h has the contract), apart from the query-string
// parsers: its errors name body fields and say where the JSON went wrong.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <string_view>

#include "schema/clause_record.h"
#include "schema/json_keys.h"
#include "server/search_params.h"

namespace clause::server {
namespace {

// "not valid JSON at byte N (line L, column C): what the parser expected".
// nlohmann's `byte` is the 1-based offset of the last byte it read; the
// line and column are counted here because its message carries them only
// inside its own prefix.
std::string json_syntax_error(std::string_view body, const nlohmann::json::parse_error& e) {
  const std::size_t at = std::min<std::size_t>(e.byte, body.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i + 1 < at; ++i) {
    if (body[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  std::string detail = e.what();
  // Drop "[json.exception.parse_error.101] parse error at line 1, column 2: ".
  if (const auto colon = detail.find(": ", detail.find("parse error")); colon != std::string::npos) {
    detail.erase(0, colon + 2);
  }
  return "not valid JSON at byte " + std::to_string(e.byte) + " (line " + std::to_string(line) +
         ", column " + std::to_string(column) + "): " + detail;
}

}  // namespace

Result<SimilarTextRequest> parse_similar_text(const std::string& body) {
  nlohmann::json json;
  std::string repeated;  // a field given twice (schema/json_keys.h)
  try {
    json = parse_noting_repeated_key(body, repeated, /*allow_exceptions=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    return Error::invalid("body", json_syntax_error(body, e));
  }
  if (!json.is_object()) return Error::invalid("body", "expected a JSON object {\"text\": \"...\"}");
  if (!repeated.empty()) return Error::invalid(repeated, "field '" + repeated + "' is given twice");
  SimilarTextRequest r;
  for (const auto& [key, value] : json.items()) {
    // null means "not given" for the optional fields, as in most JSON APIs
    // (a client serialising an unset member); text is required, so a null
    // text stays an error below.
    if (value.is_null() && (key == param::kLimit || key == param::kOffset || key == param::kPlatform)) continue;
    if (key == param::kText) {
      if (!value.is_string()) return Error::invalid(key, "field 'text': expected a string");
      r.text = value.get<std::string>();
    } else if (key == param::kLimit) {
      if (!value.is_number_integer() || value.get<long long>() < 1 ||
          value.get<long long>() > static_cast<long long>(limits::kMaxLimit)) {
        return Error::invalid(key, "field 'limit': expected a whole number in 1.." +
                                       std::to_string(limits::kMaxLimit));
      }
      r.limit = value.get<std::size_t>();
    } else if (key == param::kOffset) {
      if (!value.is_number_integer() || value.get<long long>() < 0 ||
          value.get<long long>() > static_cast<long long>(limits::kMaxOffset)) {
        return Error::invalid(key, "field 'offset': expected a whole number in 0.." +
                                       std::to_string(limits::kMaxOffset));
      }
      r.offset = value.get<std::size_t>();
    } else if (key == param::kPlatform) {
      if (!value.is_string() || value.get<std::string>().empty() ||
          value.get<std::string>().size() > kMaxNameBytes) {
        return Error::invalid(key, "field 'platform': expected a platform name or slug of 1.." +
                                       std::to_string(kMaxNameBytes) + " bytes");
      }
      r.platform = value.get<std::string>();
    } else {
      return Error::invalid(key, "unknown field '" + key + "'; this endpoint takes: text, limit, offset, platform");
    }
  }
  if (!json.contains(param::kText)) return Error::invalid("text", "field 'text' is required");
  return r;
}

}  // namespace clause::server
