// The OpenAPI description of issue 18's reads: GET /v1/clauses/{id}/history,
// the as_of parameter of the clause and platform routes, and the answer
// shapes they add (ChangeCounts, ProvisionHistory, ClauseAnswer). Answer
// objects are closed, as in openapi_schemas.cpp.
#include <string>
#include <utility>
#include <vector>

#include "search/requests.h"
#include "server/openapi_parts.h"

namespace clause::server::openapi {
namespace {

json string_type() { return {{"type", "string"}}; }
json nullable_string() { return {{"type", {"string", "null"}}}; }
json count_type() { return {{"type", "integer"}, {"minimum", 0}}; }

json closed(json properties) {
  std::vector<std::string> required;
  for (const auto& [name, schema] : properties.items()) required.push_back(name);
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

json change_counts() {
  json last = closed({{"id", string_type()},
                      {"date", {{"type", "string"}, {"description", "ISO date or date-time (UTC)."}}},
                      {"summary", string_type()},
                      {"severity", nullable(one_of_strings({"low", "medium", "high", "critical"}))}});
  last["type"] = {"object", "null"};
  last["description"] = "The newest change record dated at or before as_of; null when none.";
  json out = closed({{"last_30_days", count_type()},
                     {"last_365_days", count_type()},
                     {"last_change", std::move(last)},
                     {"as_of", {{"type", "string"}, {"format", "date"}}}});
  out["description"] =
      "Change records of the clause's document (or of all the platform's documents) dated in the 30 and 365 "
      "days that end with as_of (whole days, UTC); records after as_of count nowhere. Exact.";
  return out;
}

json provision_history() {
  const json version = closed({{"clause_id", string_type()},
                               {"text", string_type()},
                               {"content_sha256", nullable_string()},
                               {"first_seen", nullable_string()},
                               {"last_seen", nullable_string()},
                               {"change", {{"enum", {"added", "modified", "formatting"}}}},
                               {"change_id", nullable_string()},
                               {"diff", {{"type", "string"},
                                         {"description",
                                          "Word diff against the version before: HTML-escaped text with "
                                          "<del> and <ins> only."}}}});
  json out = closed({{"id", string_type()},
                     {"provision_id", string_type()},
                     {"platform", string_type()},
                     {"document", string_type()},
                     {"first_seen", nullable_string()},
                     {"removed_at", nullable_string()},
                     {"removed_in", nullable_string()},
                     {"current_clause_id", nullable_string()},
                     {"total", count_type()},
                     {"versions", {{"type", "array"}, {"items", version}}}});
  out["description"] = "Every version of the provision, oldest first.";
  return out;
}

}  // namespace

json as_of_param() {
  return query_param(search::param::kAsOf, {{"type", "string"}, {"format", "date"}},
                     "The day the change counts end with (YYYY-MM-DD, UTC); default today.");
}

json history_operation() {
  return operation("A clause's history",
                   "Every version of the clause's provision, oldest first, with word diffs. Also answers for a "
                   "provision id and for the old id of a reworded or removed clause.",
                   {path_param("id", "A clause id, a provision id, or the id a version of one had.")},
                   json_answer("The provision's versions.", schema_ref("ProvisionHistory")), {404});
}

json history_schemas() {
  return {{"ChangeCounts", change_counts()},
          {"ProvisionHistory", provision_history()},
          {"ClauseAnswer",
           {{"allOf",
             {schema_ref("Clause"),
              {{"type", "object"},
               {"properties",
                {{"changes", schema_ref("ChangeCounts")},
                 {"provision_id", {{"type", "string"}, {"description", "Versioned clauses: the provision's id."}}},
                 {"content_sha256", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}},
                 {"first_seen", {{"type", "string"}, {"description", "When the provision was first seen."}}},
                 {"last_seen", {{"type", "string"}, {"description", "The last version that held it."}}},
                 {"version_since",
                  {{"type", "string"},
                   {"description", "When this wording appeared: a later formatting-only version keeps it (its "
                                   "history entry has its own first_seen)."}}},
                 {"removed_at",
                  {{"type", {"string", "null"}},
                   {"description", "null for a live clause; for a removed provision's last clause, the date "
                                   "of the version that removed it."}}},
                 {"removed_in",
                  {{"type", "string"}, {"description", "A removed clause's: the change record that removed it."}}}}},
               {"required", {"changes", "removed_at"}}}}}}}};
}

}  // namespace clause::server::openapi
