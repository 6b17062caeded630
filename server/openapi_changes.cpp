// The change-record routes (issue 18) in the OpenAPI document: GET
// /v1/changes, /v1/changes.atom and /v1/changes/{id}, and the shapes of
// their answers. Parameter names and limits are the parser's constants
// (search/change_requests.h, search/requests.h).
#include <string>
#include <utility>
#include <vector>

#include "schema/severity.h"
#include "search/change_requests.h"
#include "server/change_params.h"
#include "server/change_render.h"
#include "server/openapi_parts.h"

namespace clause::server::openapi {
namespace {

namespace param = search::param;
namespace limits = search::limits;

json string_type() { return {{"type", "string"}}; }
json count_type() { return {{"type", "integer"}, {"minimum", 0}}; }
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json closed(json properties, std::vector<std::string> required) {
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

std::vector<std::string> severity_names() {
  std::vector<std::string> names;
  for (const auto name : kSeverityNames) names.emplace_back(name);
  return names;
}

json nullable_severity() {
  std::vector<json> values;
  for (const auto& n : severity_names()) values.emplace_back(n);
  values.emplace_back(nullptr);
  return {{"enum", values}, {"description", "The highest severity of the changed clauses; null when none has one."}};
}

// The parameters of the list and of the feed (the same parser; facet_limit
// for the list only).
std::vector<json> change_params(bool list) {
  const json name = {{"type", "string"}, {"minLength", 1}};
  const std::string most = "; at most " + std::to_string(limits::kMaxFilterValues) + ".";
  std::vector<json> params = {
      query_param(param::kQuery, {{"type", "string"}, {"maxLength", limits::kMaxQueryBytes}, {"default", ""}},
                  "Words of the changes' summaries and diffs (the query language of /v1/search); empty lists "
                  "every change the filters keep."),
      list_param(param::kPlatform, name, "Only changes of these platforms (name or slug)" + most),
      list_param(param::kDocument, name, "Only changes of these documents (name or slug)" + most),
      list_param(param::kCategory, name, "Only changes touching a clause of these categories" + most),
      list_param(param::kSeverity, one_of_strings(severity_names()),
                 "Only changes whose highest severity is one of these, exactly: ask high,critical for "
                 "\"high or above\"."),
      list_param(param::kType, name, "Only changes touching a clause of these clause types" + most),
      list_param(param::kMonth, {{"type", "string"}, {"pattern", "^[0-9]{4}-(0[1-9]|1[0-2])$"}},
                 "Only changes dated in these months (YYYY-MM, UTC; the month facet's values)" + most)};
  const json date = {{"type", "string"}, {"format", "date"}};
  params.push_back(query_param(param::kSince, date, "Only changes dated on or after this day (UTC)."));
  params.push_back(query_param(param::kUntil, date, "Only changes dated on or before this day (UTC)."));
  for (auto& p : paging_params(0, "changes")) params.push_back(std::move(p));
  if (!list) {
    params.push_back(query_param(kFeedKey, {{"type", "string"}},
                                 "A search API key, for feed readers that send no headers (a server started "
                                 "with --keys). Admin keys are refused here: a URL is logged and shared."));
    return params;
  }
  params.push_back(query_param(param::kFacetLimit, whole_number(0, limits::kMaxFacetLimit, limits::kDefaultFacetLimit),
                               "Entries per facet."));
  return params;
}

json change_clause() {
  return closed({{"change", {{"enum", {"added", "removed", "modified"}}}},
                 {"provision_id", string_type()},
                 {"clause_id", string_type()},
                 {"title", string_type()},
                 {"diff", {{"type", "string"}, {"description", "Word diff: escaped text with <del> and <ins>."}}},
                 {"categories", array_of(string_type())},
                 {"clause_types", array_of(string_type())},
                 {"severity", nullable_severity()}},
                {"change", "provision_id", "clause_id", "diff"});
}

// A change record; `with_clauses` for GET /v1/changes/{id}.
json change_record(bool with_clauses) {
  json properties = {
      {"id", string_type()},
      {"platform", string_type()},
      {"document", string_type()},
      {"date", {{"type", "string"}, {"description", "The version's date: ISO date or date-time (UTC)."}}},
      {"source", {{"type", "string"}, {"description", "The git commit of the version, or \"snapshot\"."}}},
      {"counts", closed({{"added", count_type()}, {"removed", count_type()}, {"modified", count_type()},
                         {"formatting", count_type()}},
                        {"added", "removed", "modified"})},
      {"categories", array_of(string_type())},
      {"clause_types", array_of(string_type())},
      {"severity", nullable_severity()},
      {"summary", string_type()}};
  std::vector<std::string> required = {"id", "platform", "document", "date", "counts", "summary"};
  if (with_clauses) {
    properties["clauses"] = array_of(change_clause());
    required.emplace_back("clauses");
  }
  return closed(std::move(properties), std::move(required));
}

json change_list() {
  json facets = json::object(), info = json::object();
  std::vector<std::string> names;
  for (const auto f : search::kChangeFacets) {
    const std::string name(search::change_facet_name(f));
    facets[name] = array_of(schema_ref("FacetEntry"));
    info[name] = closed({{"distinct", count_type()}, {"truncated", {{"type", "boolean"}}}}, {"distinct", "truncated"});
    names.push_back(name);
  }
  return closed({{"total", count_type()},
                 {"offset", count_type()},
                 {"limit", count_type()},
                 {"results", array_of(schema_ref("ChangeSummary"))},
                 {"facets", closed(std::move(facets), names)},
                 {"facet_info", closed(std::move(info), names)},
                 {"took_ms", {{"type", "number"}, {"minimum", 0}}}},
                {"total", "offset", "limit", "results", "facets", "facet_info", "took_ms"});
}

}  // namespace

json change_schemas() {
  return {{"ChangeRecord", change_record(true)},
          {"ChangeSummary", change_record(false)},
          {"ChangeList", change_list()}};
}

json change_list_operation() {
  return operation("Change records",
                   "The recorded changes of documents (one per version that added, removed or modified a clause), "
                   "newest first, with the exact total and facets (platform, category, severity, month; each "
                   "counted without its own filter). The clauses and their diffs are in GET /v1/changes/{id}.",
                   change_params(true), json_answer("A page of changes and the facets.", schema_ref("ChangeList")));
}

json change_feed_operation() {
  json feed = operation("Change records as an Atom feed",
                        "The page GET /v1/changes answers, as an Atom 1.0 feed (RFC 4287): one entry per change, "
                        "its id a urn:uuid derived from the change id, its content the word diffs "
                        "(type=\"html\"). The answer carries an ETag of its bytes.",
                        change_params(false), text_answer("An Atom feed.", "application/atom+xml"));
  feed["responses"]["304"] = {{"description", "Not modified: If-None-Match names the feed's ETag; no body."}};
  return feed;
}

json change_operation() {
  return operation("One change record", "The whole stored record, with each changed clause and its word diff.",
                   {path_param("id", "The change's id (chg-...).")},
                   json_answer("The change record.", schema_ref("ChangeRecord")), {404});
}

}  // namespace clause::server::openapi
