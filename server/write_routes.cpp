// The write routes (issue 20, docs/API.md "Writes"): PUT and DELETE
// /v1/clauses/{id}, POST /v1/clauses:batch, POST /v1/documents. Admin keys only; off without
// --keys or on a sharded index. The work is indexer/record_writes.h's.
#include <nlohmann/json.hpp>

#include "indexer/record_writes.h"
#include "server/http_api.h"

namespace clause::server {
namespace {

using nlohmann::json;

const char* single_result(const WriteCounts& c) {
  if (c.deleted > 0) return "deleted";
  if (c.added > 0) return "added";
  return c.updated > 0 ? "updated" : "unchanged";
}

json batch_json(const BatchOutcome& outcome) {
  json rejected = json::array();
  for (const auto& r : outcome.rejected) {
    json item = {{"line", r.line}, {"message", r.message}};
    if (!r.field.empty()) item["field"] = r.field;
    rejected.push_back(std::move(item));
  }
  return {{"added", outcome.counts.added},
          {"updated", outcome.counts.updated},
          {"unchanged", outcome.counts.unchanged},
          {"rejected", std::move(rejected)},
          {"warnings", outcome.warnings}};
}

json document_json(const DocumentOutcome& outcome) {
  return {{"clauses", outcome.clauses},
          {"language", outcome.language},
          {"added", outcome.counts.added},
          {"updated", outcome.counts.updated},
          {"unchanged", outcome.counts.unchanged},
          {"deleted", outcome.counts.deleted},
          {"dropped", outcome.dropped},
          {"warnings", outcome.warnings}};
}

// A write's answer; a busy writer is 503 with Retry-After, never a wait.
template <class Outcome, class Render>
ApiResponse write_response(const Result<Outcome>& outcome, const Render& render) {
  if (!outcome) {
    ApiResponse r = error_response(outcome.error());
    if (r.status == 503) r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  ApiResponse r;
  r.body = render(*outcome).dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

}  // namespace

void Api::register_write_routes() {
  add("PUT", "/v1/clauses/{id}", [this](const ApiRequest& req, const PathArgs& args) {
    if (auto ok = parse_no_params(req.params); !ok) return error_response(ok.error());
    return write_response(writer_->put_one(args[0], req.body), [&args](const BatchOutcome& o) {
      return json{{"id", args[0]}, {"result", single_result(o.counts)}};
    });
  }, Access::write);
  add("DELETE", "/v1/clauses/{id}", [this](const ApiRequest& req, const PathArgs& args) {
    if (auto ok = parse_no_params(req.params); !ok) return error_response(ok.error());
    return write_response(writer_->remove(args[0]), [&args](const BatchOutcome& o) {
      return json{{"id", args[0]}, {"result", single_result(o.counts)}};
    });
  }, Access::write);
  add("POST", "/v1/clauses:batch", [this](const ApiRequest& req, const PathArgs&) {
    if (auto ok = parse_no_params(req.params); !ok) return error_response(ok.error());
    return write_response(writer_->put_batch(req.body), batch_json);
  }, Access::write);
  add("POST", "/v1/documents", [this](const ApiRequest& req, const PathArgs&) {
    if (auto ok = parse_no_params(req.params); !ok) return error_response(ok.error());
    return write_response(writer_->put_document(req.body), document_json);
  }, Access::write);
}

}  // namespace clause::server
