#include "server/history_routes.h"

#include "server/json_render.h"
#include "server/search_params.h"
#include "server/url_text.h"

namespace clause::server {
namespace {

using nlohmann::json;

json optional_json(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

ApiResponse json_answer(const json& body) {
  ApiResponse r;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

}  // namespace

json changes_json(const search::ChangeCounts& counts) {
  json last = nullptr;
  if (counts.last_change) {
    const auto& c = *counts.last_change;
    last = {{"id", c.id}, {"date", c.date}, {"summary", c.summary}, {"severity", optional_json(c.severity)}};
  }
  return {{"last_30_days", counts.last_30_days},
          {"last_365_days", counts.last_365_days},
          {"last_change", std::move(last)},
          {"as_of", counts.as_of}};
}

json history_json(const search::ProvisionHistory& h, const std::string& id) {
  json versions = json::array();
  for (const auto& v : h.versions) {
    versions.push_back({{"clause_id", v.clause_id},
                        {"text", v.text},
                        {"content_sha256", optional_json(v.content_sha256)},
                        {"first_seen", optional_json(v.first_seen)},
                        {"last_seen", optional_json(v.last_seen)},
                        {"change", v.change},
                        {"change_id", optional_json(v.change_id)},
                        {"diff", v.diff}});
  }
  return {{"id", id},
          {"provision_id", h.provision_id},
          {"platform", h.platform},
          {"document", h.document},
          {"first_seen", optional_json(h.first_seen)},
          {"removed_at", optional_json(h.removed_at)},
          {"removed_in", optional_json(h.removed_in)},
          {"current_clause_id", optional_json(h.current_clause_id)},
          {"total", h.versions.size()},
          {"versions", std::move(versions)}};
}

namespace {

// An id that is no current clause but that a live provision's versions
// remember (its provision id, a reworded clause's old id): a 302 to the
// provision's current clause, with the same parameters, so that an old link
// (a change record's, a bookmark) still leads to the clause. Not permanent:
// the next edit moves it again. nullopt when the id is unknown.
std::optional<ApiResponse> moved_clause(const search::SearchService& s, const ApiRequest& req,
                                        const std::string& id) {
  auto history = s.history(id);
  if (!history || !history->current_clause_id || *history->current_clause_id == id) return std::nullopt;
  const std::string& current = *history->current_clause_id;
  ApiResponse r = json_answer({{"moved_to", current},
                               {"provision_id", history->provision_id},
                               {"message", "clause '" + id + "' is an earlier version of provision '" +
                                               history->provision_id + "'; its current clause is '" + current +
                                               "' (its versions: /v1/clauses/" + percent_encoded(current) +
                                               "/history)"}});
  r.status = 302;
  r.headers.emplace_back("Location", "/v1/clauses/" + percent_encoded(current) + query_string(req.params, false));
  return r;
}

}  // namespace

ApiResponse clause_answer(const search::SearchService& s, const ApiRequest& req, const std::string& id,
                          RenderedRecordCache& cache) {
  auto as_of = parse_clause_params(req.params);
  if (!as_of) return error_response(as_of.error());
  auto found = s.clause_with_changes(id, *as_of);
  if (!found && found.error().kind == ErrorKind::not_found) {
    if (auto moved = moved_clause(s, req, id)) return std::move(*moved);
  }
  if (!found) return error_response(found.error());
  // The stored record (written by nlohmann::json's dump at indexing) with
  // its plain text and changes appended, not parsed and dumped again.
  ApiResponse r;
  // A removed provision's last clause carries removed_at; a live one says
  // null, so that a page tells them apart by one field (as search hits with
  // include_removed=true do).
  // The record read and its plain text made once per revision: for a clause
  // asked again only the changes are new (docs/benchmarks.md).
  std::shared_ptr<const RenderedRecord> record;
  if (!found->revision.empty()) record = cache.get(found->revision, id).value_or(nullptr);
  if (!record) {
    record = std::make_shared<const RenderedRecord>(render_stored_record(std::move(found->record)));
    if (!found->revision.empty()) cache.put(found->revision, id, record);
  }
  json extra{{"changes", changes_json(found->changes)}};
  if (!record->fields.has_removed_at) extra["removed_at"] = nullptr;
  r.body = stored_record_answer(*record, extra);
  return r;
}

ApiResponse platform_answer(const search::SearchService& s, const ApiRequest& req, const std::string& slug) {
  auto request = parse_platform(slug, req.params);
  if (!request) return error_response(request.error());
  auto as_of = parse_as_of(req.params);
  if (!as_of) return error_response(as_of.error());
  auto summary = s.platform(*request);
  if (!summary) return error_response(summary.error());
  auto counts = s.changes({request->slug, std::nullopt, *as_of});
  if (!counts) return error_response(counts.error());
  json body = to_json(*summary);
  body["changes"] = changes_json(*counts);
  return json_answer(body);
}

ApiResponse history_answer(const search::SearchService& s, const ApiRequest& req, const std::string& id) {
  if (auto ok = parse_no_params(req.params); !ok) return error_response(ok.error());
  auto history = s.history(id);
  if (!history) return error_response(history.error());
  return json_answer(history_json(*history, id));
}

}  // namespace clause::server
