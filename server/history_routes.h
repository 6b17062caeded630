// The answers of issue 18 on the clause and platform routes: GET
// /v1/clauses/{id}/history, and the `changes` counts that GET
// /v1/clauses/{id} and GET /v1/platforms/{slug} carry (docs/API.md,
// "History and change counts"). Registered in Api::register_routes
// (http_api.cpp); each is "parse, call, render" like the other handlers.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "search/history_results.h"
#include "search/search_service.h"
#include "server/http_api.h"

namespace clause::server {

class RenderedRecordCache;

// GET /v1/clauses/{id}?as_of=: the stored record, its plain text and its
// document's `changes`. The record with its plain text is kept in `cache`
// for the revision it was read at.
ApiResponse clause_answer(const search::SearchService& service, const ApiRequest& request, const std::string& id,
                          RenderedRecordCache& cache);
// GET /v1/platforms/{slug}?limit=&offset=&as_of=: the platform's summary and
// the `changes` of all its documents.
ApiResponse platform_answer(const search::SearchService& service, const ApiRequest& request,
                            const std::string& slug);
// GET /v1/clauses/{id}/history.
ApiResponse history_answer(const search::SearchService& service, const ApiRequest& request,
                           const std::string& id);

// {"last_30_days", "last_365_days", "last_change": {id, date, summary,
// severity} or null, "as_of"}
nlohmann::json changes_json(const search::ChangeCounts& counts);
// {"id" (as asked), "provision_id", "platform", "document", "first_seen",
// "removed_at", "removed_in", "current_clause_id", "total", "versions": [...]}
nlohmann::json history_json(const search::ProvisionHistory& history, const std::string& id);

}  // namespace clause::server
