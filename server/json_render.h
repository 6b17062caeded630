// Result structs -> JSON, the response shapes of docs/API.md. Pure functions
// of their input; no Xapian, no HTTP.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "schema/result.h"
#include "search/record_cache.h"
#include "search/results.h"
#include "similar/types.h"

namespace clause::server {

nlohmann::json to_json(const search::SearchResult& r);
// The same answer, the hits' records moved into it.
nlohmann::json to_json(search::SearchResult&& r);
nlohmann::json categories_json(const std::vector<search::NamedCount>& categories);
nlohmann::json category_json(const search::ClausePage& page);
// {total, types: [{name, slug, model, clauses, given, predicted, platforms}]}
nlohmann::json types_json(const std::vector<search::TypeCount>& types);
// {type, total (platforms), offset, limit, results: [{platform, clauses, best}]}
nlohmann::json type_json(const search::TypePage& page);
nlohmann::json platforms_json(const std::vector<search::NamedCount>& platforms);
nlohmann::json to_json(const search::PlatformSummary& s);
nlohmann::json to_json(const search::CompareResult& r);
nlohmann::json to_json(const search::IndexInfo& info);
// {clause (id form), results: [record + score], platforms_with_similar, platforms_total}
nlohmann::json to_json(const clause::SimilarResult& r);

// Adds `text_plain` (and `title_plain` when the record has a title) to a
// clause record: its text with markup stripped and entities decoded
// (schema/plain_text.h), the field that is safe to show a reader. The stored
// text is kept as given.
void add_plain_text(nlohmann::json& record);
// The same for a stored record as its JSON text (GET /v1/clauses/{id}).
std::string with_plain_text(std::string record_json);
// What `more` may ask of the stored record: read in one pass over its text,
// without building the record (the answer appends to the stored bytes).
struct StoredRecordFields {
  bool has_removed_at = false;
};
// ... with more fields: `more(fields)` returns an object whose fields are
// added too.
std::string with_plain_text(std::string record_json,
                            const std::function<nlohmann::json(const StoredRecordFields& fields)>& more);

// The same in two steps, so that the first can be kept per index revision:
// a stored record read once, its plain texts made and dumped...
struct RenderedRecord {
  std::string json;        // the stored record, as read
  bool object = false;     // read as a JSON object; else it goes out as stored
  bool empty = true;       // "{}"
  std::size_t close = 0;   // where its closing brace is
  StoredRecordFields fields;
  std::string text_plain;   // "text_plain":"..." as dumped
  std::string title_plain;  // "title_plain":"...", empty without a title
  std::size_t bytes() const { return json.size() + text_plain.size() + title_plain.size(); }
};
RenderedRecord render_stored_record(std::string record_json);
// ... and the answer: the record with `extra`'s fields and the plain texts
// joined into it, in the order of their names, byte for byte what
// with_plain_text gives with `more` returning `extra`.
std::string stored_record_answer(const RenderedRecord& record, const nlohmann::json& extra);
// Rendered records by id per index revision (search/record_cache.h), at
// most kMaxBytes of them.
class RenderedRecordCache : public search::RevisionCache<std::shared_ptr<const RenderedRecord>> {
 public:
  static constexpr std::size_t kMaxBytes = 16u << 20;
  RenderedRecordCache() : RevisionCache(kMaxBytes) {}
  void put(const std::string& revision, const std::string& id, std::shared_ptr<const RenderedRecord> record) {
    const std::size_t bytes = id.size() + record->bytes();
    RevisionCache::put(revision, id, std::move(record), bytes);
  }
};

// {"error": {"code", "message", "parameter"?, "request_id"?}}
nlohmann::json error_json(const std::string& code, const std::string& message,
                          const std::string& parameter = {}, const std::string& request_id = {});

}  // namespace clause::server
