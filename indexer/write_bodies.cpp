#include "indexer/write_bodies.h"

#include <algorithm>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "indexer/jsonl_reader.h"
#include "schema/iso_date.h"
#include "schema/json_keys.h"
#include "schema/slug.h"

namespace clause {
namespace {

using nlohmann::json;

std::size_t line_count(std::string_view body) {
  const auto newlines = static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
  return newlines + (!body.empty() && body.back() != '\n');
}

// A document's platform or document name: what a --docs folder or file name
// may be (a record's name limit; something left once slugged).
std::optional<Error> check_name(const json& body, const char* field) {
  const auto it = body.find(field);
  const std::string prefix = std::string("field '") + field + "': ";
  if (it == body.end()) return Error::invalid(field, prefix + "is required");
  if (!it->is_string()) return Error::invalid(field, prefix + "expected a string");
  const auto& name = it->get_ref<const std::string&>();
  if (name.size() > kMaxNameBytes) {
    return Error::invalid(field, prefix + "longer than " + std::to_string(kMaxNameBytes) + " bytes");
  }
  if (slugify(name).empty()) return Error::invalid(field, prefix + "needs a letter or a digit");
  return std::nullopt;
}

}  // namespace

Result<BatchBody> read_batch_body(std::string_view body) {
  if (line_count(body) > kMaxBatchLines) {
    return Error::too_large("body", "a batch holds at most " + std::to_string(kMaxBatchLines) +
                                        " lines; send several");
  }
  BatchBody out;
  std::istringstream in{std::string(body)};
  JsonlReader reader(in, kDefaultMaxLineBytes);
  while (auto line = reader.next()) {
    if (line->record.ok()) {
      out.records.emplace_back(line->number, std::move(*line->record));
    } else {
      out.rejected.push_back({line->number, line->record.error().field, line->record.error().message});
    }
  }
  return out;
}

Result<ClauseRecord> record_from_put_body(const std::string& id, std::string_view body) {
  std::string repeated;
  json value = parse_noting_repeated_key(body, repeated, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) {
    return Error::invalid("body", "the body must be one clause record, a JSON object");
  }
  if (!repeated.empty()) return Error::invalid(repeated, "field '" + repeated + "' is given twice");
  if (!value.contains("id")) value["id"] = id;
  if (value["id"] != id) {
    return Error::invalid("id", "field 'id': the body's id differs from the path's '" + id + "'");
  }
  return clause_from_json(value);
}

Result<DocumentWrite> document_from_body(std::string_view body) {
  std::string repeated;
  const json value = parse_noting_repeated_key(body, repeated, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) {
    return Error::invalid("body", "the body must be a JSON object: {\"platform\", \"document\", \"markdown\", \"date\"?}");
  }
  if (!repeated.empty()) return Error::invalid(repeated, "field '" + repeated + "' is given twice");
  for (const auto& [key, _] : value.items()) {
    if (key != "platform" && key != "document" && key != "markdown" && key != "date") {
      // An empty key cannot name its place: the body as a whole is at fault.
      return Error::invalid(key.empty() ? "body" : key,
                            "field '" + key + "' is not known: expected platform, document, markdown, date");
    }
  }
  for (const char* field : {"platform", "document"}) {
    if (auto bad = check_name(value, field)) return *bad;
  }
  DocumentWrite out;
  out.platform = value["platform"].get<std::string>();
  out.document = value["document"].get<std::string>();
  if (const auto date = value.find("date"); date != value.end()) {
    if (!date->is_string() || date->get_ref<const std::string&>().size() > 64 ||
        !is_iso_date(date->get_ref<const std::string&>())) {
      return Error::invalid("date", "field 'date': expected an ISO date (YYYY-MM-DD)");
    }
    out.date = date->get<std::string>();
  }
  const auto markdown = value.find("markdown");
  if (markdown == value.end()) return Error::invalid("markdown", "field 'markdown' is required");
  if (!markdown->is_string()) return Error::invalid("markdown", "field 'markdown': expected a string");
  out.markdown = markdown->get<std::string>();
  if (out.markdown.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::invalid("markdown", "field 'markdown' is empty; to remove clauses, DELETE them");
  }
  return out;
}

}  // namespace clause
