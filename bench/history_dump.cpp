// What a replayed index answers about versions, as JSON Lines, so that two
// indexes of the same input (two builds of the indexer) can be compared with
// diff (issue 18: a faster or smaller replay must answer the same):
//   bench_history_dump --db INDEX > answers.jsonl
// Through Api::handle, as a client sees them: every change record
// (GET /v1/changes/{id}), then the history (GET /v1/clauses/{id}/history)
// and the clause answer (GET /v1/clauses/{id}) of every live clause, and the
// history of every provision and clause id the change records and histories
// name (removed provisions, old ids of reworded clauses). Lines sorted by
// request, each with its status (an id a record names may be unknown: 404);
// "took_ms" dropped. Exit 1 on a server error.
#include <spdlog/spdlog.h>
#include <xapian.h>

#include <cctype>
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "schema/index_layout.h"
#include "search/requests.h"
#include "search/search_service.h"
#include "server/http_api.h"

namespace {

using nlohmann::json;

std::string percent_encoded(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%', out += kHex[c >> 4], out += kHex[c & 15];
    }
  }
  return out;
}

class Dumper {
 public:
  explicit Dumper(const clause::server::Api& api) : api_(api) {}

  // The answer to GET path?params, recorded under that request.
  json get(const std::string& path, const clause::server::ParamMap& params = {}) {
    clause::server::ApiRequest req;
    req.path = path;
    req.params = params;
    const auto answer = api_.handle(req);
    if (answer.status >= 500) throw std::runtime_error(path + ": " + std::to_string(answer.status) + " " + answer.body);
    json body = json::parse(answer.body);
    if (body.is_object()) body.erase("took_ms");
    std::string key = path;
    for (const auto& [name, value] : params) key += " " + name + "=" + value;
    lines_[key] = std::to_string(answer.status) + "\t" + body.dump();
    return answer.status == 200 ? body : json::object();
  }

  void history(const std::string& id) {
    if (!seen_.insert(id).second) return;
    const json h = get("/v1/clauses/" + percent_encoded(id) + "/history");
    for (const auto& v : h.value("versions", json::array())) pending_.insert(v.value("clause_id", ""));
    if (h.contains("provision_id") && h["provision_id"].is_string()) pending_.insert(h["provision_id"]);
  }

  void note(const std::string& id) { pending_.insert(id); }

  void drain() {
    while (!pending_.empty()) {
      const std::string id = *pending_.begin();
      pending_.erase(pending_.begin());
      if (!id.empty()) history(id);
    }
  }

  void print() const {
    for (const auto& [request, body] : lines_) std::cout << request << "\t" << body << "\n";
  }

 private:
  const clause::server::Api& api_;
  std::map<std::string, std::string> lines_;
  std::set<std::string> seen_, pending_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::string(argv[1]) != "--db") {
    std::fprintf(stderr, "usage: bench_history_dump --db INDEX > answers.jsonl\n");
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);
  auto service = clause::search::SearchService::open(argv[2]);
  if (!service) {
    std::fprintf(stderr, "%s\n", service.error().message.c_str());
    return 1;
  }
  clause::server::Metrics metrics;
  clause::server::Api api(**service, metrics);
  Dumper dump(api);
  try {
    std::set<std::string> change_ids;
    const std::string limit = std::to_string(clause::search::limits::kMaxLimit);
    for (std::size_t offset = 0;; offset += clause::search::limits::kMaxLimit) {
      const json page = dump.get("/v1/changes", {{"limit", limit}, {"offset", std::to_string(offset)}});
      for (const auto& r : page.at("results")) change_ids.insert(r.at("id").get<std::string>());
      if (offset + clause::search::limits::kMaxLimit >= page.at("total").get<std::size_t>()) break;
    }
    for (const auto& id : change_ids) {
      const json record = dump.get("/v1/changes/" + percent_encoded(id));
      for (const auto& c : record.value("clauses", json::array())) dump.note(c.value("provision_id", ""));
    }
    Xapian::Database db(argv[2]);
    const std::string id_prefix(clause::layout::kIdPrefix);
    for (auto t = db.allterms_begin(id_prefix); t != db.allterms_end(id_prefix); ++t) {
      const std::string id = (*t).substr(id_prefix.size());
      dump.get("/v1/clauses/" + percent_encoded(id));
      dump.note(id);
    }
    dump.drain();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_history_dump: %s\n", e.what());
    return 1;
  }
  dump.print();
  return 0;
}
