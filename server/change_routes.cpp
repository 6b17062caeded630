// The change-record routes (issue 18), registered by Api's constructor:
// GET /v1/changes (JSON), /v1/changes.atom (the same page as an Atom feed)
// and /v1/changes/{id} (one whole record, with its clauses' word diffs).
#include "server/change_params.h"
#include "server/change_render.h"
#include "server/conditional.h"
#include "server/http_api.h"

namespace clause::server {

void Api::register_change_routes() {
  const search::SearchService& s = service_;
  add("GET", "/v1/changes", [&s](const ApiRequest& req, const PathArgs&) {
    const auto request = parse_changes(req.params, ChangeAnswer::list);
    if (!request) return error_response(request.error());
    const auto page = s.changes(*request);
    if (!page) return error_response(page.error());
    ApiResponse r;
    r.body = changes_json(*page).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
  });
  add("GET", "/v1/changes.atom", [this, &s](const ApiRequest& req, const PathArgs&) {
    const auto request = parse_changes(req.params, ChangeAnswer::feed);
    if (!request) return error_response(request.error());
    const auto page = s.changes(*request);
    if (!page) return error_response(page.error());
    ApiResponse r;
    r.content_type = kAtomContentType;
    // The feed's own links never repeat its key.
    ParamMap linked = req.params;
    linked.erase(std::string(kFeedKey));
    r.body = changes_atom(*page, {public_url_, "/v1/changes.atom", std::move(linked)});
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    // Feed readers poll: the tag lets them hear "304 Not Modified" until
    // the feed's bytes change (server/conditional.h).
    r.headers.emplace_back("ETag", entity_tag(r.body));
    return r;
  }, Access::feed);
  add("GET", "/v1/changes/{id}", [&s](const ApiRequest& req, const PathArgs& args) {
    if (auto ok = parse_no_params(req.params); !ok) return error_response(ok.error());
    auto record = s.change_text(args[0]);
    if (!record) return error_response(record.error());
    ApiResponse r;
    r.body = std::move(*record);  // the stored JSON, as GET /v1/clauses/{id} answers its record
    return r;
  });
}

}  // namespace clause::server
