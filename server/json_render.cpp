#include "server/json_render.h"

#include <cmath>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "schema/plain_text.h"

namespace clause::server {

// The search layer's result structs, which this file renders.
using search::ClausePage;
using search::CompareResult;
using search::FacetEntry;
using search::FacetList;
using search::Hit;
using search::IndexInfo;
using search::NamedCount;
using search::PlatformSummary;
using search::SearchResult;
using search::TypeCount;
using search::TypePage;

namespace {

using nlohmann::json;

// `record` is the hit's record, copied or moved out of it.
json hit_json(json record, const Hit& hit, bool with_score) {
  add_plain_text(record);
  if (with_score) record["score"] = hit.score;
  record["snippet"] = hit.snippet;
  if (hit.more_from_platform) record["more_from_platform"] = *hit.more_from_platform;
  return record;
}

json hit_json(const Hit& hit, bool with_score) { return hit_json(hit.record, hit, with_score); }

json hits_json(const std::vector<Hit>& hits, bool with_score) {
  json out = json::array();
  for (const auto& h : hits) out.push_back(hit_json(h, with_score));
  return out;
}

// A search's own hits are not needed after their answer: their records are
// moved into it, not copied (a tree of every record of the page).
json hits_json(std::vector<Hit>&& hits, bool with_score) {
  json out = json::array();
  for (auto& h : hits) out.push_back(hit_json(std::move(h.record), h, with_score));
  return out;
}

json entries_json(const std::vector<FacetEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries) out.push_back({{"value", e.value}, {"slug", e.slug}, {"count", e.count}});
  return out;
}

json optional_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

// `facets` and `facet_info` of a search answer: the facets counted, by name.
void add_facets(const SearchResult& r, json& out) {
  json facets = json::object();
  // Kept beside `facets` so each facet stays a plain list of entries.
  json info = json::object();
  for (const auto f : r.counted) {
    const std::string name(layout::facet_name(f));
    const FacetList& list = r.facet(f);
    facets[name] = entries_json(list.entries);
    info[name] = {{"distinct", list.distinct}, {"truncated", list.truncated}};
  }
  out["facets"] = std::move(facets);
  out["facet_info"] = std::move(info);
}

// The plain form of a record's string field `name`, or nothing.
std::optional<std::string> plain_field(const json& record, const char* name) {
  const auto it = record.find(name);
  if (it == record.end() || !it->is_string()) return std::nullopt;
  return plain_text(it->get_ref<const std::string&>());
}

}  // namespace

void add_plain_text(json& record) {
  if (!record.is_object()) return;
  record["text_plain"] = plain_field(record, "text").value_or("");
  if (auto title = plain_field(record, "title")) record["title_plain"] = std::move(*title);
}

namespace {

// The top-level fields an answer adds to a stored record, read by one SAX
// pass: the lexer alone, with no tree of the record built (a parse into a
// json object spent most of GET /v1/clauses/{id}'s time in malloc).
class StoredFieldsReader : public nlohmann::json_sax<json> {
 public:
  std::optional<std::string> text, title;
  StoredRecordFields fields;
  bool empty = true;  // the record is "{}"
  bool is_object = false;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool string(string_t& s) override {
    if (depth_ == 1 && key_ == Key::text) text = std::move(s);
    if (depth_ == 1 && key_ == Key::title) title = std::move(s);
    return value();
  }
  bool start_object(std::size_t) override {
    if (depth_ == 0) is_object = true;
    ++depth_;
    return value();
  }
  bool end_object() override { return --depth_, true; }
  bool start_array(std::size_t) override { return ++depth_, value(); }
  bool end_array() override { return --depth_, true; }
  bool key(string_t& k) override {
    if (depth_ != 1) return true;
    empty = false;
    key_ = k == "text" ? Key::text : k == "title" ? Key::title : Key::other;
    // A repeated key: the last value counts, as in a parsed object.
    if (key_ == Key::text) text.reset();
    if (key_ == Key::title) title.reset();
    if (k == "removed_at") fields.has_removed_at = true;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  enum class Key { other, text, title };
  // A value read: the next one at this depth needs a key of its own.
  bool value() { return key_ = Key::other, true; }
  int depth_ = 0;
  Key key_ = Key::other;
};

}  // namespace

std::string with_plain_text(std::string record_json) {
  return with_plain_text(std::move(record_json), [](const StoredRecordFields&) { return json::object(); });
}

std::string with_plain_text(std::string record_json, const std::function<json(const StoredRecordFields&)>& more) {
  RenderedRecord record = render_stored_record(std::move(record_json));
  if (!record.object) return std::move(record.json);
  return stored_record_answer(record, more(record.fields));
}

RenderedRecord render_stored_record(std::string record_json) {
  // Appended to the stored bytes rather than parsed and dumped again, which
  // would cost twice as much for the same answer.
  RenderedRecord out;
  StoredFieldsReader stored;
  const bool parsed = json::sax_parse(record_json, &stored);
  const auto close = record_json.rfind('}');
  out.json = std::move(record_json);
  if (!parsed || !stored.is_object || close == std::string::npos) return out;
  out.object = true;
  out.empty = stored.empty;
  out.close = close;
  out.fields = stored.fields;
  const auto dumped = [](const char* name, const std::string& text) {
    return json(name).dump() + ":" + json(plain_text(text)).dump(-1, ' ', false, json::error_handler_t::replace);
  };
  out.text_plain = dumped("text_plain", stored.text ? *stored.text : std::string());
  if (stored.title) out.title_plain = dumped("title_plain", *stored.title);
  return out;
}

std::string stored_record_answer(const RenderedRecord& record, const json& extra) {
  if (!record.object) return record.json;
  // Every added field, dumped, by name: in the order one dumped object has
  // them. The record's own plain texts win over extra fields of their names.
  std::vector<std::string> dumped;
  dumped.reserve(extra.size());
  std::map<std::string_view, std::string_view> fields;
  for (const auto& [name, value] : extra.items()) {
    dumped.push_back(json(name).dump(-1, ' ', false, json::error_handler_t::replace) + ":" +
                     value.dump(-1, ' ', false, json::error_handler_t::replace));
    fields[name] = dumped.back();
  }
  fields["text_plain"] = record.text_plain;
  if (!record.title_plain.empty()) fields["title_plain"] = record.title_plain;
  std::string out;
  out.reserve(record.bytes() + 256);
  out.append(record.json, 0, record.close);
  char separator = record.empty ? ' ' : ',';
  for (const auto& [name, field] : fields) {
    out += separator;
    out += field;
    separator = ',';
  }
  out.append(record.json, record.close, std::string::npos);
  return out;
}

namespace {

// A search answer around its rendered hits (`results`): the rest of `r` is
// only read, so the const and the moving to_json share it without a copy.
json search_json(const SearchResult& r, json results) {
  json out = {{"total", r.total}, {"offset", r.offset}, {"limit", r.limit}};
  if (r.total_platforms) {
    out["collapse"] = "platform";
    out["total_platforms"] = *r.total_platforms;
  }
  out["results"] = std::move(results);
  if (!r.counted.empty()) add_facets(r, out);
  if (r.corrected_query) out["corrected_query"] = *r.corrected_query;
  if (r.showing_results_for) {
    out["showing_results_for"] = *r.showing_results_for;
    out["original_query"] = r.original_query;
  }
  out["took_ms"] = r.took_ms;
  return out;
}

}  // namespace

json to_json(const SearchResult& r) { return search_json(r, hits_json(r.hits, true)); }

json to_json(SearchResult&& r) {
  json results = hits_json(std::move(r.hits), true);
  return search_json(r, std::move(results));
}

json categories_json(const std::vector<NamedCount>& categories) {
  json list = json::array();
  for (const auto& c : categories) {
    list.push_back({{"name", c.name}, {"slug", c.slug}, {"clauses", c.clauses}, {"platforms", c.platforms}});
  }
  return {{"total", categories.size()}, {"categories", std::move(list)}};
}

json category_json(const ClausePage& page) {
  const auto& c = page.subject;
  return {{"category", {{"name", c.name}, {"slug", c.slug}, {"clauses", c.clauses}, {"platforms", c.platforms}}},
          {"total", page.total},
          {"offset", page.offset},
          {"limit", page.limit},
          {"results", hits_json(page.hits, false)}};
}

json type_count_json(const TypeCount& t) {
  return {{"name", t.name},       {"slug", t.slug},           {"model", optional_string(t.model)},
          {"clauses", t.clauses}, {"given", t.given},         {"predicted", t.predicted},
          {"platforms", t.platforms}};
}

json types_json(const std::vector<TypeCount>& types) {
  json list = json::array();
  for (const auto& t : types) list.push_back(type_count_json(t));
  return {{"total", types.size()}, {"types", std::move(list)}};
}

json type_json(const TypePage& page) {
  json results = json::array();
  for (const auto& p : page.platforms) {
    results.push_back({{"platform", {{"name", p.name}, {"slug", p.slug}}},
                       {"clauses", p.clauses},
                       {"best", hit_json(p.best, false)}});
  }
  return {{"type", type_count_json(page.subject)},
          {"total", page.subject.platforms},
          {"offset", page.offset},
          {"limit", page.limit},
          {"results", std::move(results)}};
}

json platforms_json(const std::vector<NamedCount>& platforms) {
  json list = json::array();
  for (const auto& p : platforms) list.push_back({{"name", p.name}, {"slug", p.slug}, {"clauses", p.clauses}});
  return {{"total", platforms.size()}, {"platforms", std::move(list)}};
}

json to_json(const PlatformSummary& s) {
  const auto& p = s.page.subject;
  json categories = json::array();
  for (const auto& c : s.by_category) {
    categories.push_back({{"name", c.name}, {"slug", c.slug}, {"clauses", c.clauses},
                          {"worst_severity", optional_string(c.worst_severity)}});
  }
  return {{"platform", {{"name", p.name}, {"slug", p.slug}, {"clauses", p.clauses}}},
          {"categories", std::move(categories)},
          {"severity", entries_json(s.by_severity)},
          {"documents", entries_json(s.by_document)},
          {"total", s.page.total},
          {"offset", s.page.offset},
          {"limit", s.page.limit},
          {"results", hits_json(s.page.hits, false)}};
}

json to_json(const CompareResult& r) {
  json rows = json::array();
  for (const auto& row : r.rows) {
    rows.push_back({{"platform", {{"name", row.name}, {"slug", row.slug}}},
                    {"clauses", row.clauses},
                    {"worst_severity", optional_string(row.worst_severity)},
                    {"results", hits_json(row.hits, false)}});
  }
  return {{"category", {{"name", r.category_name}, {"slug", r.category_slug}}},
          {"platforms_total", r.platforms_total},
          {"offset", r.offset},
          {"limit", r.limit},
          {"rows", std::move(rows)}};
}

json to_json(const IndexInfo& info) {
  const auto& snap = info.similar_snapshot;
  json snapshot = {{"state", snap.state}};
  if (snap.state == "ready") {
    snapshot["clauses"] = snap.clauses;
    snapshot["memory_bytes"] = snap.bytes;
  }
  if (!snap.reason.empty()) snapshot["reason"] = snap.reason;
  const auto& cache = info.catalog_cache;
  json type_models = json::array();
  for (const auto& m : info.type_models) type_models.push_back({{"name", m.name}, {"sha256", m.sha256}});
  return {{"status", "ok"},
          {"index",
           {{"path", info.path},
            {"clauses", info.clauses},
            {"platforms", info.platforms},
            {"categories", info.categories},
            {"schema_version", info.schema_version},
            {"revision", info.revision ? json(*info.revision) : json(nullptr)},
             {"type_models", std::move(type_models)}}},
          {"similar_snapshot", std::move(snapshot)},
          {"catalog_cache",
           {{"answers", cache.answers},
            {"memory_bytes", cache.bytes},
            {"hits", cache.hits},
            {"misses", cache.misses},
            {"waits", cache.waits},
            {"evictions", cache.evictions}}}};
}

json error_json(const std::string& code, const std::string& message, const std::string& parameter,
                const std::string& request_id) {
  json error = {{"code", code}, {"message", message}};
  if (!parameter.empty()) error["parameter"] = parameter;
  if (!request_id.empty()) error["request_id"] = request_id;
  return {{"error", std::move(error)}};
}

nlohmann::json to_json(const clause::SimilarResult& r) {
  nlohmann::json out = nlohmann::json::object();
  if (r.clause_json) {
    out["clause"] = nlohmann::json::parse(*r.clause_json);
    add_plain_text(out["clause"]);
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& hit : r.results) {
    auto record = nlohmann::json::parse(hit.record_json);
    add_plain_text(record);
    record["score"] = hit.score;
    record["same_type"] = hit.same_type;
    results.push_back(std::move(record));
  }
  out["results"] = std::move(results);
  out["offset"] = r.offset;
  out["limit"] = r.limit;
  out["platforms_with_similar"] = r.platforms_with_similar;
  out["platforms_total"] = r.platforms_total;
  // The query's type and how sure (docs/similarity.md "Types").
  out["type"] = r.type.empty() ? nlohmann::json() : nlohmann::json(r.type);
  out["types"] = r.types;
  out["type_source"] = r.type_source.empty() ? nlohmann::json() : nlohmann::json(r.type_source);
  out["type_confidence"] = r.type_confidence ? nlohmann::json(*r.type_confidence) : nlohmann::json();
  out["type_led"] = r.type_led;
  // How the count was made, and from what (docs/similarity.md "Types, second round").
  out["count_method"] = r.count_method.empty() ? nlohmann::json() : nlohmann::json(r.count_method);
  // Three decimals, as a type's confidence is shown, cut rather than
  // rounded: the parts add up to at most 1 as shown too (rounded, ten
  // shares of 0.0995 would show as 1.0).
  const auto thousandths = [](double share) { return std::floor(share * 1000.0 + 1e-9) / 1000.0; };
  nlohmann::json estimate = nlohmann::json::array();
  for (const auto& e : r.type_estimate) {
    estimate.push_back({{"type", e.type}, {"share", thousandths(e.share)}, {"platforms", e.platforms}});
  }
  out["type_estimate"] = std::move(estimate);
  out["type_none_share"] = r.type_none_share ? nlohmann::json(thousandths(*r.type_none_share)) : nlohmann::json();
  return out;
}

}  // namespace clause::server
