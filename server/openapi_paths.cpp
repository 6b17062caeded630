// The API's routes in the OpenAPI document, one function per route, in the
// order of register_routes() (server/http_api.cpp). The parameter names and
// limits are the parsers' own constants (search/requests.h); which route
// takes which, and the enums of the switches, are checked against the
// handlers by tests/openapi_test.cpp. A new route: a function here and one
// line in api_paths().
#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "schema/clause_record.h"
#include "schema/index_layout.h"
#include "schema/language.h"
#include "schema/severity.h"
#include "indexer/record_writes.h"
#include "search/requests.h"
#include "server/http_api.h"
#include "server/openapi_parts.h"

namespace clause::server::openapi {
namespace {

namespace param = search::param;
namespace limits = search::limits;

json severity_item() {
  std::vector<std::string> names;
  for (const auto name : kSeverityNames) names.emplace_back(name);
  return one_of_strings(names);
}

json name_item() { return {{"type", "string"}, {"minLength", 1}}; }

json type_source_item() {
  return one_of_strings({std::string(layout::kTypeSourceGiven), std::string(layout::kTypeSourcePredicted)});
}

json min_type_confidence_param() {
  return query_param(param::kMinTypeConfidence, {{"type", "number"}, {"minimum", 0}, {"maximum", 1}},
                     "Only typed clauses whose type confidence is at least this (a given type counts as 1); "
                     "applies to the results and every count.");
}

// facets=true|false|1|0 or a comma list of facet names.
json facets_param() {
  std::string names;
  for (const auto& f : layout::kFacets) names += (names.empty() ? "" : "|") + std::string(f.name);
  std::string defaults;
  for (const auto f : search::kDefaultFacets) defaults += (defaults.empty() ? "" : ", ") + std::string(layout::facet_name(f));
  return query_param(param::kFacets,
                     {{"type", "string"},
                      {"pattern", "^(true|false|1|0|(" + names + ")(,(" + names + "))*)$"},
                      {"default", "true"}},
                     "Which facets to count: true counts " + defaults +
                         "; a comma list names them; false counts none (no facets or facet_info).");
}

// lang: the code of a supported language, the query's stemmer.
json lang_param() {
  std::vector<std::string> codes;
  const std::string listed = supported_language_codes();
  for (std::size_t start = 0; start < listed.size();) {
    const auto comma = std::min(listed.find(", ", start), listed.size());
    codes.push_back(listed.substr(start, comma - start));
    start = comma + 2;
  }
  json schema = one_of_strings(codes);
  schema["default"] = std::string(kDefaultLanguage);
  return query_param(param::kLang, std::move(schema),
                     "The language q is written in (ISO 639-1, any case): its words are stemmed so. "
                     "Not a filter: see language.");
}

json search_operation() {
  std::vector<json> params = {query_param(
      param::kQuery, {{"type", "string"}, {"maxLength", limits::kMaxQueryBytes}, {"default", ""}},
      "The query (Xapian query language: AND, OR, NOT, phrases, wildcards, fields); empty lists the "
      "clauses matching the filters. At most " + std::to_string(limits::kMaxQueryTerms) + " words, " +
          std::to_string(limits::kMaxQueryDepth) + " levels of brackets, " +
          std::to_string(limits::kMaxQueryWildcards) + " wildcards."),
                              lang_param()};
  for (const auto& f : layout::kFacets) {
    const bool severity = f.facet == layout::Facet::severity;
    const bool source = f.facet == layout::Facet::type_source;
    params.push_back(list_param(f.name, severity ? severity_item() : source ? type_source_item() : name_item(),
                                "Only clauses with one of these values (name or slug); at most " +
                                    std::to_string(limits::kMaxFilterValues) + "."));
  }
  params.push_back(min_type_confidence_param());
  const json date = {{"type", "string"}, {"format", "date"}};
  params.push_back(query_param(param::kUpdatedAfter, date, "Only clauses updated on or after this day."));
  params.push_back(query_param(param::kUpdatedBefore, date, "Only clauses updated on or before this day."));
  json sort = one_of_strings({"relevance", "severity", "platform", "updated"});
  sort["default"] = "relevance";
  params.push_back(query_param(param::kSort, std::move(sort), "The order of the results."));
  for (auto& p : paging_params(0, "results")) params.push_back(std::move(p));
  params.push_back(query_param(param::kFacetLimit,
                               whole_number(0, limits::kMaxFacetLimit, limits::kDefaultFacetLimit),
                               "Entries per facet."));
  params.push_back(facets_param());
  json collapse = one_of_strings({"none", "platform"});
  collapse["default"] = "none";
  params.push_back(query_param(param::kCollapse, std::move(collapse),
                               "platform: one result per platform; limit and offset page over platforms."));
  params.push_back(query_param(param::kAutocorrect, {{"type", "boolean"}, {"default", true}},
                               "Answer a query without hits with its spelling correction's hits."));
  params.push_back(query_param(param::kIncludeRemoved, {{"type", "boolean"}, {"default", false}},
                               "Also the last clause of each removed provision (with removed_at) in the "
                               "results, total and facets; every result then carries removed_at."));
  return operation("Search clauses", "Keyword search with filters, facets and paging.", std::move(params),
                   json_answer("The matching clauses and the facet counts.", schema_ref("SearchResult")));
}

json similar_operation() {
  std::vector<json> params = {path_param("id", "The clause's id.")};
  for (auto& p : paging_params(1, "platforms")) params.push_back(std::move(p));
  params.push_back(query_param(param::kSameCategory, {{"type", "boolean"}, {"default", false}},
                               "Only clauses sharing a category with this one."));
  return operation("Similar clauses of other platforms",
                   "The best clause of each other platform, most similar first (docs/similarity.md).",
                   std::move(params), json_answer("The clause and its similar clauses.", schema_ref("SimilarResult")),
                   {404});
}

json similar_text_operation() {
  json body = {{"type", "object"},
               {"additionalProperties", false},
               {"required", {param::kText}},
               {"properties",
                {{param::kText, {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxTextBytes}}},
                 {param::kLimit, nullable(whole_number(1, limits::kMaxLimit, limits::kDefaultLimit))},
                 {param::kOffset, nullable(whole_number(0, limits::kMaxOffset, 0))},
                 {param::kPlatform, nullable({{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxNameBytes}})}}}};
  json op = operation("Clauses similar to a text",
                      "The best clause of each platform for a text; `platform` names the platform the text "
                      "comes from, whose clauses are left out. null is the field left out.",
                      {}, json_answer("The similar clauses.", schema_ref("SimilarResult")));
  op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", std::move(body)}}}}}};
  return op;
}

json clause_operation() {
  json op = operation("One clause",
                      "The stored record, with text_plain (and title_plain) and its document's change counts "
                      "added. A removed provision's last clause answers with its removal (removed_at, "
                      "removed_in); an earlier id of a live provision (its provision id, a reworded clause's "
                      "old id) is a 302 to its current clause.",
                      {path_param("id", "The clause's id (or an id one of its provision's versions had)."),
                       as_of_param()},
                      json_answer("The clause.", schema_ref("ClauseAnswer")), {404});
  json moved = json_answer("An earlier id of a live provision: its current clause is at Location.",
                           {{"type", "object"},
                            {"required", {"moved_to", "provision_id", "message"}},
                            {"properties",
                             {{"moved_to", {{"type", "string"}, {"description", "The current clause's id."}}},
                              {"provision_id", {{"type", "string"}}},
                              {"message", {{"type", "string"}}}}}});
  moved["headers"]["Location"] = {{"description", "/v1/clauses/{current id} with the request's parameters."},
                                  {"schema", {{"type", "string"}}}};
  op["responses"]["302"] = std::move(moved);
  return op;
}

json categories_operation() {
  return operation("Every category", "Sorted by name, ignoring case.", {},
                   json_answer("The categories with their counts.", schema_ref("CategoryList")));
}

json category_operation() {
  std::vector<json> params = {path_param("slug", "The category's slug or name."),
                              list_param(param::kSeverity, severity_item(), "Only clauses of these severities.")};
  for (auto& p : paging_params(0, "clauses")) params.push_back(std::move(p));
  return operation("One category's clauses", "Worst severity first, then by platform.", std::move(params),
                   json_answer("The category and a page of its clauses.", schema_ref("CategoryPage")), {404});
}

json types_operation() {
  return operation("Every clause type", "Most platforms first, then most clauses, then by slug.",
                   {min_type_confidence_param()},
                   json_answer("The clause types with their counts.", schema_ref("TypeList")));
}

json type_operation() {
  std::vector<json> params = {path_param("slug", "The clause type's slug or name."), min_type_confidence_param()};
  for (auto& p : paging_params(0, "platforms")) params.push_back(std::move(p));
  return operation("All platforms with one clause type",
                   "The most confident clause of each platform that has the type; most confident first, then "
                   "by platform.",
                   std::move(params), json_answer("The type and a page of its platforms.", schema_ref("TypePage")),
                   {404});
}

json platforms_operation() {
  return operation("Every platform", "Sorted by name, ignoring case.", {},
                   json_answer("The platforms with their clause counts.", schema_ref("PlatformList")));
}

json platform_operation() {
  std::vector<json> params = {path_param("slug", "The platform's slug or name.")};
  for (auto& p : paging_params(0, "clauses")) params.push_back(std::move(p));
  params.push_back(as_of_param());
  return operation("One platform summarised",
                   "Its categories, counts by severity and document, a page of its clauses and the change counts "
                   "of its documents.",
                   std::move(params), json_answer("The platform's summary.", schema_ref("PlatformSummary")), {404});
}

json compare_operation() {
  std::vector<json> params = {
      query_param(param::kCategory, name_item(), "The category to compare (slug or name), exactly one.", true),
      list_param(param::kPlatforms, name_item(),
                 "The platforms to compare, in this order: a row each (limit defaults to their number, up to "
                 "100); none: every platform with the category, paged.")};
  for (auto& p : paging_params(0, "platforms")) params.push_back(std::move(p));
  params.push_back(query_param(param::kPerPlatform,
                               whole_number(0, limits::kMaxPerPlatform, limits::kDefaultPerPlatform),
                               "Clauses per platform."));
  return operation("Compare platforms in one category", "One row per platform, worst clauses first.",
                   std::move(params), json_answer("The rows.", schema_ref("CompareResult")), {404});
}

json health_operation() {
  return operation("Health", "The index's counts and the similarity snapshot's state.", {},
                   json_answer("The server is up and the index readable.", schema_ref("Health")));
}

json metrics_operation() {
  return operation("Metrics", "Request counts and latencies by route and status.", {},
                   text_answer("Prometheus text format 0.0.4.", "text/plain; version=0.0.4; charset=utf-8"));
}

json write_result() {
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", {"id", "result"}},
          {"properties",
           {{"id", {{"type", "string"}}},
            {"result", one_of_strings({"added", "updated", "unchanged", "deleted"})}}}};
}

json put_operation() {
  json op = operation("Add or replace one clause",
                      "The body is one clause record (the fields of a JSONL line; its id is the path's, "
                      "or must equal it). Validated, classified and committed as clause-indexer does. "
                      "Admin key; writes are on only with --keys and a single index.",
                      {path_param("id", "The clause's id.")}, json_answer("What the write did.", write_result()),
                      {401, 403, 429});
  op["requestBody"] = {{"required", true},
                       {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  return op;
}

json delete_operation() {
  return operation("Delete one clause", "Admin key; 404 when the index has no clause of this id.",
                   {path_param("id", "The clause's id.")}, json_answer("What the write did.", write_result()),
                   {401, 403, 404, 429});
}

json batch_operation() {
  const json rejected = {{"type", "object"},
                         {"additionalProperties", false},
                         {"required", {"line", "message"}},
                         {"properties",
                          {{"line", {{"type", "integer"}, {"minimum", 1}}},
                           {"field", {{"type", "string"}}},
                           {"message", {{"type", "string"}}}}}};
  const json counts = {{"type", "integer"}, {"minimum", 0}};
  const json result = {{"type", "object"},
                       {"additionalProperties", false},
                       {"required", {"added", "updated", "unchanged", "rejected", "warnings"}},
                       {"properties",
                        {{"added", counts},
                         {"updated", counts},
                         {"unchanged", counts},
                         {"rejected", {{"type", "array"}, {"items", rejected}}},
                         {"warnings", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
  json op = operation("Add or replace many clauses",
                      "A JSON Lines body of clause records, at most " + std::to_string(kMaxBatchLines) +
                          " lines and --max-body-bytes: the valid ones in one commit, the bad ones listed "
                          "by line and field. Admin key.",
                      {}, json_answer("The counts, as clause-indexer prints them.", result), {401, 403, 429});
  op["requestBody"] = {{"required", true},
                       {"content", {{"application/x-ndjson", {{"schema", {{"type", "string"}}}}}}}};
  return op;
}

json document_operation() {
  const json counts = {{"type", "integer"}, {"minimum", 0}};
  const json name = {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxNameBytes}};
  const json result = {{"type", "object"},
                       {"additionalProperties", false},
                       {"required", {"clauses", "language", "added", "updated", "unchanged", "deleted", "dropped", "warnings"}},
                       {"properties",
                        {{"clauses", counts},
                         {"language", {{"type", "string"}}},
                         {"added", counts},
                         {"updated", counts},
                         {"unchanged", counts},
                         {"deleted", counts},
                         {"dropped", {{"type", "object"}, {"additionalProperties", counts}}},
                         {"warnings", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
  const json body = {{"type", "object"},
                     {"additionalProperties", false},
                     {"required", {"platform", "document", "markdown"}},
                     {"properties",
                      {{"platform", name},
                       {"document", name},
                       {"date", {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?$"}}},
                       {"markdown", {{"type", "string"}, {"minLength", 1}}}}}};
  json op = operation("Add or replace one document's clauses",
                      "A markdown document of a platform, segmented, typed and classified as "
                      "clause-indexer --docs does, in one commit: its clauses are upserted and those its "
                      "new version no longer has are deleted. `date` (the version's) becomes each "
                      "clause's `updated`. Admin key.",
                      {}, json_answer("The counts, as clause-indexer --docs makes them.", result),
                      {401, 403, 429});
  op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", body}}}}}};
  return op;
}

// With --keys every route here but /healthz needs a key: a missing or
// unknown one is 401, one over its rate 429; /metrics needs an admin key.
void add_key_errors(json& paths) {
  for (auto& [path, methods] : paths.items()) {
    if (path == "/healthz") continue;
    for (auto& [method, op] : methods.items()) {
      for (const int status : {401, 429}) {
        op["responses"][std::to_string(status)] = {
            {"$ref", "#/components/responses/" + std::string(error_code(status))}};
      }
    }
  }
  paths["/metrics"]["get"]["responses"]["403"] = {{"$ref", "#/components/responses/" + std::string(error_code(403))}};
}

}  // namespace

json api_paths() {
  json paths = json::object();
  paths["/healthz"]["get"] = health_operation();
  paths["/metrics"]["get"] = metrics_operation();
  paths["/v1/search"]["get"] = search_operation();
  paths["/v1/clauses/{id}/similar"]["get"] = similar_operation();
  paths["/v1/clauses/{id}/history"]["get"] = history_operation();
  paths["/v1/similar"]["post"] = similar_text_operation();
  paths["/v1/clauses/{id}"]["get"] = clause_operation();
  paths["/v1/categories"]["get"] = categories_operation();
  paths["/v1/categories/{slug}"]["get"] = category_operation();
  paths["/v1/types"]["get"] = types_operation();
  paths["/v1/types/{slug}"]["get"] = type_operation();
  paths["/v1/platforms"]["get"] = platforms_operation();
  paths["/v1/platforms/{slug}"]["get"] = platform_operation();
  paths["/v1/compare"]["get"] = compare_operation();
  paths["/v1/changes"]["get"] = change_list_operation();
  paths["/v1/changes.atom"]["get"] = change_feed_operation();
  paths["/v1/changes/{id}"]["get"] = change_operation();
  paths["/v1/clauses/{id}"]["put"] = put_operation();
  paths["/v1/clauses/{id}"]["delete"] = delete_operation();
  paths["/v1/clauses:batch"]["post"] = batch_operation();
  paths["/v1/documents"]["post"] = document_operation();
  add_key_errors(paths);
  return paths;
}

}  // namespace clause::server::openapi
