// The answer shapes of the OpenAPI document: one schema per JSON answer of
// server/json_render.cpp, with the same field names. Answer objects are
// closed (additionalProperties: false), so a field added to an answer but
// not here fails the answer check of tests/openapi (validate.mjs); a clause
// record is open, since records keep fields the indexer does not know.
#include <string>
#include <utility>
#include <vector>

#include "schema/clause_record.h"
#include "schema/index_layout.h"
#include "schema/severity.h"
#include "server/openapi_parts.h"

namespace clause::server::openapi {
namespace {

json string_type() { return {{"type", "string"}}; }
json count_type() { return {{"type", "integer"}, {"minimum", 0}}; }
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

json severity_type() {
  std::vector<std::string> names;
  for (const auto name : kSeverityNames) names.emplace_back(name);
  return one_of_strings(names);
}

// A closed object: these properties, the required ones listed, no others.
json object_of(json properties, std::vector<std::string> required) {
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

// The stored record (schema/clause_record.h) plus the plain text the server
// adds to every clause it returns.
json clause_schema() {
  const json name = {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxNameBytes}};
  json properties = {
      {"id", {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxIdBytes}}},
      {"platform", name},
      {"document", name},
      {"text", {{"type", "string"}, {"description", "As the source gave it; may hold HTML. Show text_plain."}}},
      {"title", string_type()},
      {"clause_type", name},
      {"clause_types", array_of(name)},
      {"categories", array_of(name)},
      {"severity", severity_type()},
      {"source_url", string_type()},
      {"document_id", string_type()},
      {"updated", {{"type", "string"}, {"description", "ISO date YYYY-MM-DD, optionally with a time."}}},
      {"language", {{"type", "string"}, {"description", "ISO 639-1 code, given or detected (docs/languages.md)."}}},
      {"type_source", {{"enum", {"given", "predicted"}}, {"description", "Where clause_type came from."}}},
      {"type_confidence",
       {{"type", "number"}, {"minimum", 0}, {"maximum", 1}, {"description", "Calibrated; predicted types only."}}},
      {"type_band", {{"enum", {"low", "medium", "high"}}, {"description", "The confidence's band (docs/type-model.md)."}}},
      {"text_plain", {{"type", "string"}, {"description", "The text without markup: the field to show."}}},
      {"title_plain", {{"type", "string"}, {"description", "The title without markup, when there is a title."}}}};
  return {{"type", "object"},
          {"description", "A clause record as indexed; fields the indexer does not know are kept."},
          {"properties", std::move(properties)},
          {"required", {"id", "platform", "document", "text", "text_plain"}},
          {"additionalProperties", true}};
}

// A clause with more fields: the record's own, then these.
json clause_with(json properties, std::vector<std::string> required) {
  return {{"allOf",
           {schema_ref("Clause"),
            {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}}}}};
}

json snippet_type() {
  return {{"type", "string"},
          {"description", "A passage of text_plain, HTML-escaped, with <mark> around the matches."}};
}

json search_result() {
  json facets = json::object(), info = json::object();
  for (const auto& f : layout::kFacets) {
    facets[std::string(f.name)] = array_of(schema_ref("FacetEntry"));
    info[std::string(f.name)] = object_of({{"distinct", count_type()}, {"truncated", {{"type", "boolean"}}}},
                                          {"distinct", "truncated"});
  }
  return object_of(
      {{"total", count_type()},
       {"offset", count_type()},
       {"limit", count_type()},
       {"collapse", {{"const", "platform"}}},
       {"total_platforms", count_type()},
       {"results", array_of(schema_ref("SearchHit"))},
       {"facets", object_of(std::move(facets), {})},
       {"facet_info", object_of(std::move(info), {})},
       {"corrected_query", string_type()},
       {"showing_results_for", string_type()},
       {"original_query", string_type()},
       {"took_ms", {{"type", "number"}, {"minimum", 0}}}},
      {"total", "offset", "limit", "results", "took_ms"});
}

json named(bool with_clauses) {
  json properties = {{"name", string_type()}, {"slug", string_type()}};
  if (with_clauses) properties["clauses"] = count_type();
  return object_of(std::move(properties), with_clauses ? std::vector<std::string>{"name", "slug", "clauses"}
                                                       : std::vector<std::string>{"name", "slug"});
}

json category_count() {
  return object_of({{"name", string_type()}, {"slug", string_type()}, {"clauses", count_type()},
                    {"platforms", count_type()}},
                   {"name", "slug", "clauses", "platforms"});
}

json type_count() {
  return object_of({{"name", string_type()}, {"slug", string_type()}, {"model", nullable(string_type())},
                    {"clauses", count_type()}, {"given", count_type()}, {"predicted", count_type()},
                    {"platforms", count_type()}},
                   {"name", "slug", "model", "clauses", "given", "predicted", "platforms"});
}

json type_page() {
  json row = object_of({{"platform", named(false)}, {"clauses", count_type()}, {"best", schema_ref("PageHit")}},
                       {"platform", "clauses", "best"});
  return object_of({{"type", type_count()}, {"total", count_type()}, {"offset", count_type()},
                    {"limit", count_type()}, {"results", array_of(std::move(row))}},
                   {"type", "total", "offset", "limit", "results"});
}

// total/offset/limit/results of a page of clauses, plus `more`.
json clause_page(json more, std::vector<std::string> required) {
  more["total"] = count_type();
  more["offset"] = count_type();
  more["limit"] = count_type();
  more["results"] = array_of(schema_ref("PageHit"));
  for (const char* field : {"total", "offset", "limit", "results"}) required.emplace_back(field);
  return object_of(std::move(more), std::move(required));
}

json platform_summary() {
  const json worst = nullable(severity_type());
  json by_category = object_of(
      {{"name", string_type()}, {"slug", string_type()}, {"clauses", count_type()}, {"worst_severity", worst}},
      {"name", "slug", "clauses", "worst_severity"});
  return clause_page({{"platform", named(true)},
                      {"categories", array_of(std::move(by_category))},
                      {"severity", array_of(schema_ref("FacetEntry"))},
                      {"documents", array_of(schema_ref("FacetEntry"))},
                      {"changes", schema_ref("ChangeCounts")}},
                     {"platform", "categories", "severity", "documents", "changes"});
}

json compare_result() {
  json row = object_of({{"platform", named(false)},
                        {"clauses", count_type()},
                        {"worst_severity", nullable(severity_type())},
                        {"results", array_of(schema_ref("PageHit"))}},
                       {"platform", "clauses", "worst_severity", "results"});
  return object_of({{"category", named(false)},
                    {"platforms_total", count_type()},
                    {"offset", count_type()},
                    {"limit", count_type()},
                    {"rows", array_of(std::move(row))}},
                   {"category", "platforms_total", "offset", "limit", "rows"});
}

json health() {
  json index = object_of({{"path", string_type()},
                          {"clauses", count_type()},
                          {"platforms", count_type()},
                          {"categories", count_type()},
                          {"schema_version", string_type()},
                          {"revision", {{"type", {"integer", "null"}}, {"minimum", 0}}},
                          {"type_models", array_of(object_of({{"name", string_type()}, {"sha256", string_type()}},
                                                             {"name", "sha256"}))}},
                         {"path", "clauses", "platforms", "categories", "schema_version", "revision",
                          "type_models"});
  json snapshot = object_of({{"state", one_of_strings({"off", "building", "ready", "none"})},
                             {"clauses", count_type()},
                             {"memory_bytes", count_type()},
                             {"reason", string_type()}},
                            {"state"});
  json cache = object_of({{"answers", count_type()},
                          {"memory_bytes", count_type()},
                          {"hits", count_type()},
                          {"misses", count_type()},
                          {"waits", count_type()},
                          {"evictions", count_type()}},
                         {"answers", "memory_bytes", "hits", "misses", "waits", "evictions"});
  return object_of({{"status", {{"const", "ok"}}},
                    {"index", std::move(index)},
                    {"similar_snapshot", std::move(snapshot)},
                    {"catalog_cache", std::move(cache)}},
                   {"status", "index", "similar_snapshot", "catalog_cache"});
}

// The parts of an expected count (SimilarResult::type_estimate).
json type_estimate() {
  json estimate = array_of(object_of({{"type", string_type()},
                                      {"share", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
                                      {"platforms", count_type()}},
                                     {"type", "share", "platforms"}));
  estimate["description"] =
      "With count_method 'expected': the query's most probable types (slugs), each with its calibrated share "
      "and the other platforms holding a clause of it; else empty.";
  return estimate;
}

json similar_result() {
  return object_of({{"clause", schema_ref("Clause")},
                    {"results",
                     array_of(clause_with(
                         {{"score", {{"type", "number"}}},
                          {"same_type",
                           {{"type", "boolean"},
                            {"description", "Holds a type of the query (they come first when type_led)."}}}},
                         {"score", "same_type"}))},
                    {"offset", count_type()},
                    {"limit", count_type()},
                    {"platforms_with_similar",
                     {{"type", "integer"},
                      {"minimum", 0},
                      {"description",
                       "How many other platforms hold a similar clause; count_method says how it was made: "
                       "'type', the other platforms holding a clause of the query's confident type(s) (0: no "
                       "other platform has one); 'expected', the expected number under the query's type "
                       "distribution (type_estimate), the share left (less probable types, type_none_share) "
                       "counted by the bar; 'bar', the platforms "
                       "whose best clause passes the bar."}}},
                    {"platforms_total", count_type()},
                    {"type", {{"type", {"string", "null"}}, {"description", "The query's clause type (slug)."}}},
                    {"types", array_of(string_type())},
                    {"type_source", {{"enum", {"given", "predicted", nullptr}}}},
                    {"type_confidence",
                     {{"type", {"number", "null"}},
                      {"minimum", 0},
                      {"maximum", 1},
                      {"description", "Calibrated confidence of a predicted type; null for a given type or none."}}},
                    {"type_led",
                     {{"type", "boolean"},
                      {"description", "True: a confident type led the ranking and the count. False: no confident "
                                      "type, the text method ranked (with the type distribution's agreement)."}}},
                    {"count_method",
                     {{"enum", {"type", "expected", "bar", nullptr}},
                      {"description", "How platforms_with_similar was made; null when nothing was counted (a "
                                      "clause without searchable words, or no category to stay inside)."}}},
                    {"type_estimate", type_estimate()},
                    {"type_none_share",
                     {{"type", {"number", "null"}},
                      {"minimum", 0},
                      {"maximum", 1},
                      {"description", "With count_method 'expected': the share of 'none of these types' in the "
                                      "query's distribution (0 for a model without it), counted by the bar's "
                                      "count in the expected count. Else null."}}}},
                   {"results", "offset", "limit", "platforms_with_similar", "platforms_total", "type", "types",
                    "type_source", "type_confidence", "type_led", "count_method", "type_estimate",
                    "type_none_share"});
}

}  // namespace

json answer_schemas() {
  json schemas = {{"Clause", clause_schema()},
          {"SearchHit", clause_with({{"score", {{"type", "number"}}},
                                     {"snippet", snippet_type()},
                                     {"more_from_platform", count_type()},
                                     {"removed_at",
                                      {{"type", {"string", "null"}},
                                       {"description", "include_removed=true: when a version removed the "
                                                       "clause's provision; null for a live clause."}}},
                                     {"removed_in",
                                      {{"type", {"string", "null"}},
                                       {"description", "A removed clause: the change record that removed it."}}}},
                                    {"score", "snippet"})},
          {"PageHit", clause_with({{"snippet", snippet_type()}}, {"snippet"})},
          {"FacetEntry", object_of({{"value", string_type()}, {"slug", string_type()}, {"count", count_type()}},
                                   {"value", "slug", "count"})},
          {"SearchResult", search_result()},
          {"CategoryList", object_of({{"total", count_type()}, {"categories", array_of(category_count())}},
                                     {"total", "categories"})},
          {"CategoryPage", clause_page({{"category", category_count()}}, {"category"})},
          {"TypeList", object_of({{"total", count_type()}, {"types", array_of(type_count())}}, {"total", "types"})},
          {"TypePage", type_page()},
          {"PlatformList", object_of({{"total", count_type()}, {"platforms", array_of(named(true))}},
                                     {"total", "platforms"})},
          {"PlatformSummary", platform_summary()},
          {"CompareResult", compare_result()},
          {"Health", health()},
          {"SimilarResult", similar_result()}};
  schemas.update(change_schemas());
  schemas.update(history_schemas());
  return schemas;
}

}  // namespace clause::server::openapi
