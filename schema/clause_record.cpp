#include "schema/clause_record.h"

#include "schema/iso_date.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "schema/json_keys.h"
#include "schema/language.h"
#include "schema/plain_text.h"
#include "schema/slug.h"
#include "schema/utf8.h"

namespace clause {
namespace {

using nlohmann::json;

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "a list";
    case json::value_t::object: return "an object";
    default: return "a number";
  }
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// Reads an optional string field; null counts as absent.
std::optional<Error> read_string(const json& obj, const char* field, std::string& out,
                                 bool required, std::size_t max_bytes) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) {
    if (required) return Error::invalid(field, std::string("field '") + field + "' is required");
    return std::nullopt;
  }
  if (!it->is_string()) {
    return Error::invalid(field, std::string("field '") + field + "': expected a string, got " +
                                     type_name(*it));
  }
  const auto& s = it->get_ref<const std::string&>();
  if (required && is_blank(s)) {
    return Error::invalid(field, std::string("field '") + field + "' must not be empty");
  }
  if (s.size() > max_bytes) {
    return Error::too_large(field, std::string("field '") + field + "': " +
                                       std::to_string(s.size()) + " bytes, the limit is " +
                                       std::to_string(max_bytes));
  }
  out = s;
  return std::nullopt;
}

std::optional<Error> read_string_list(const json& obj, const char* field,
                                      std::vector<std::string>& out) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) {  // a lone string is a list of one: forgiving on purpose
    if (!is_blank(it->get_ref<const std::string&>())) out.push_back(it->get<std::string>());
    return std::nullopt;
  }
  if (!it->is_array()) {
    return Error::invalid(field, std::string("field '") + field +
                                     "': expected a list of strings, got " + type_name(*it));
  }
  if (it->size() > kMaxCategories) {
    return Error::too_large(field, std::string("field '") + field + "': " +
                                       std::to_string(it->size()) + " entries, the limit is " +
                                       std::to_string(kMaxCategories));
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    const std::string where = std::string("field '") + field + "[" + std::to_string(i) + "]'";
    if (!item.is_string()) {
      return Error::invalid(field, where + ": expected a string, got " + type_name(item));
    }
    const auto& s = item.get_ref<const std::string&>();
    if (slugify(s).empty()) {
      return Error::invalid(field, where + ": needs at least one letter or digit");
    }
    if (s.size() > kMaxNameBytes) {
      return Error::too_large(field, where + ": longer than " + std::to_string(kMaxNameBytes) +
                                         " bytes");
    }
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return std::nullopt;
}

bool is_unicode_space(char32_t cp) {
  return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// True when the text is nothing but markup, entities and spaces (ASCII or
// Unicode, e.g. "<p>&#160;</p>"): such a record is indexed without a single
// word and can never be found by its text. Punctuation alone is kept: it is
// noise in real exports, not an empty record.
bool has_no_content(std::string_view text) {
  const std::string plain = plain_text(text);
  for (std::size_t pos = 0; pos < plain.size();) {
    if (!is_unicode_space(utf8::next(plain, pos))) return false;
  }
  return true;
}

// True when `value` nests lists or objects more than `limit` deep. Walked
// with a stack of our own: recursion is what a deep value would overflow.
bool nests_deeper_than(const json& value, std::size_t limit) {
  std::vector<std::pair<const json*, std::size_t>> pending{{&value, 1}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    if (depth > limit) return true;
    for (const auto& child : *node) pending.emplace_back(&child, depth + 1);
  }
  return false;
}

const char* const kKnownFields[] = {"id",          "platform",   "document", "text",
                                    "title",       "clause_type", "clause_types", "categories",
                                    "severity",    "source_url", "document_id", "updated",
                                    "language",
                                    // The indexer's (type model): never taken from the input.
                                    "type_source", "type_confidence", "type_band"};

}  // namespace

std::vector<std::string> ClauseRecord::all_clause_types() const {
  std::vector<std::string> types;
  if (!clause_type.empty()) types.push_back(clause_type);
  for (const auto& t : clause_types) {
    if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
  }
  return types;
}

Result<ClauseRecord> clause_from_json(const json& value) {
  if (!value.is_object()) {
    return Error::invalid("", std::string("expected a JSON object, got ") + type_name(value));
  }
  ClauseRecord r;
  struct StringField {
    const char* name;
    std::string* out;
    bool required;
    std::size_t max;
  };
  const StringField fields[] = {
      {"id", &r.id, true, kMaxIdBytes},
      {"platform", &r.platform, true, kMaxNameBytes},
      {"document", &r.document, true, kMaxNameBytes},
      {"text", &r.text, true, kMaxTextBytes},
      {"title", &r.title, false, kMaxNameBytes * 4},
      {"clause_type", &r.clause_type, false, kMaxNameBytes},
      {"source_url", &r.source_url, false, 2048},
      {"document_id", &r.document_id, false, kMaxIdBytes},
      {"updated", &r.updated, false, 64},
      {"language", &r.language, false, 64},
  };
  for (const auto& f : fields) {
    if (auto err = read_string(value, f.name, *f.out, f.required, f.max)) return *err;
  }
  if (has_no_content(r.text)) {
    return Error::invalid("text", "field 'text' must not be empty: it holds only markup or spaces");
  }
  if (slugify(r.platform).empty()) {
    return Error::invalid("platform", "field 'platform': needs at least one letter or digit");
  }
  if (slugify(r.document).empty()) {
    return Error::invalid("document", "field 'document': needs at least one letter or digit");
  }
  if (!r.updated.empty() && !is_iso_date(r.updated)) {
    return Error::invalid("updated", "field 'updated': expected a calendar date YYYY-MM-DD, optionally with a "
                                     "time (2025-01-10T12:00:00Z), got '" + r.updated + "'");
  }
  if (!r.language.empty()) {
    const auto language = find_language(r.language);
    if (!language) {
      return Error::invalid("language", "field 'language': expected an ISO 639-1 code of a "
                                        "supported language (" + supported_language_codes() +
                                        "), got '" + r.language + "'");
    }
    r.language = language->code;
  }
  if (auto err = read_string_list(value, "categories", r.categories)) return *err;
  if (auto err = read_string_list(value, "clause_types", r.clause_types)) return *err;

  if (const auto it = value.find("severity"); it != value.end() && !it->is_null()) {
    if (!it->is_string()) {
      return Error::invalid("severity", std::string("field 'severity': expected a string, got ") +
                                            type_name(*it));
    }
    r.severity = parse_severity(it->get_ref<const std::string&>());
    if (!r.severity) {
      return Error::invalid("severity", "field 'severity': expected one of low, medium, high, "
                                        "critical, got '" + it->get<std::string>() + "'");
    }
  }
  for (const auto& [key, v] : value.items()) {
    if (std::find(std::begin(kKnownFields), std::end(kKnownFields), key) == std::end(kKnownFields)) {
      if (nests_deeper_than(v, kMaxValueDepth)) {
        return Error::invalid(key, "field '" + key + "': nested deeper than " +
                                       std::to_string(kMaxValueDepth) + " levels");
      }
      r.extra[key] = v;
    }
  }
  return r;
}

Result<ClauseRecord> clause_from_json_text(std::string_view line) {
  if (const auto bad = utf8::first_invalid(line)) {
    return Error::invalid("", "invalid UTF-8 at byte " + std::to_string(*bad + 1));
  }
  std::string repeated;
  json value = parse_noting_repeated_key(line, repeated, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    // Parse again with exceptions only for the message, which names the column.
    try {
      value = json::parse(line);
    } catch (const json::exception& e) {
      // parse_error, and out_of_range for a number too large for a double
      // (found by fuzz/clause_record_fuzz.cpp).
      return Error::invalid("", std::string("malformed JSON: ") + e.what());
    }
  }
  if (!repeated.empty()) return Error::invalid(repeated, "field '" + repeated + "' is given twice");
  return clause_from_json(value);
}

json clause_to_json(const ClauseRecord& r) {
  json out = json::object();
  out["id"] = r.id;
  out["platform"] = r.platform;
  out["document"] = r.document;
  if (!r.title.empty()) out["title"] = r.title;
  out["text"] = r.text;
  if (!r.clause_type.empty()) out["clause_type"] = r.clause_type;
  if (!r.clause_types.empty()) out["clause_types"] = r.clause_types;
  if (!r.type_source.empty()) out["type_source"] = r.type_source;
  if (r.type_confidence) out["type_confidence"] = *r.type_confidence;
  if (!r.type_band.empty()) out["type_band"] = r.type_band;
  if (!r.categories.empty()) out["categories"] = r.categories;
  if (r.severity) out["severity"] = severity_name(*r.severity);
  if (!r.source_url.empty()) out["source_url"] = r.source_url;
  if (!r.document_id.empty()) out["document_id"] = r.document_id;
  if (!r.updated.empty()) out["updated"] = r.updated;
  if (!r.language.empty()) out["language"] = r.language;
  for (const auto& [key, v] : r.extra.items()) out[key] = v;
  return out;
}

}  // namespace clause
