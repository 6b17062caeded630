#include "search/provision_history.h"

#include <nlohmann/json.hpp>

#include "schema/index_layout.h"
#include "schema/index_terms.h"
#include "schema/provision_store.h"
#include "schema/versioned_fields.h"

namespace clause::search {
namespace {

using nlohmann::json;

// A clause's stored record with the fields kept per document (last_seen).
json stored_record(const Xapian::Database& db, Xapian::docid doc) {
  json record = json::parse(db.get_document(doc).get_data(), nullptr, false);
  if (record.is_object()) layout::add_document_fields(db, record);
  return record;
}

std::optional<std::string> optional_string(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::string string_or_empty(const json& object, const char* key) {
  return optional_string(object, key).value_or("");
}

ProvisionHistory from_metadata(const json& p) {
  ProvisionHistory h;
  h.provision_id = string_or_empty(p, "provision_id");
  h.platform = string_or_empty(p, "platform");
  h.document = string_or_empty(p, "document");
  h.first_seen = optional_string(p, "first_seen");
  h.removed_at = optional_string(p, "removed_at");
  h.removed_in = optional_string(p, "removed_in");
  if (!h.removed_at) h.current_clause_id = optional_string(p, "current_clause_id");
  for (const auto& v : p.value("versions", json::array())) {
    h.versions.push_back({string_or_empty(v, "clause_id"), string_or_empty(v, "text"),
                          optional_string(v, "content_sha256"), optional_string(v, "first_seen"),
                          optional_string(v, "last_seen"), string_or_empty(v, "change"),
                          optional_string(v, "change_id"), string_or_empty(v, "diff")});
  }
  return h;
}

// A clause whose provision never changed: its one version, from its data.
ProvisionHistory single_version(const json& record, const std::string& id) {
  ProvisionHistory h;
  h.provision_id = optional_string(record, "provision_id").value_or(id);
  h.platform = string_or_empty(record, "platform");
  h.document = string_or_empty(record, "document");
  h.first_seen = optional_string(record, "first_seen");
  h.current_clause_id = id;
  auto since = optional_string(record, "version_since");
  h.versions.push_back({id, string_or_empty(record, "text"), optional_string(record, "content_sha256"),
                        since ? since : h.first_seen, optional_string(record, "last_seen"), "added",
                        std::nullopt, ""});
  return h;
}

std::optional<json> stored_provision(const Xapian::Database& db, const std::string& provision_id) {
  json p = provisions::read(db, provision_id);
  if (!p.is_object()) return std::nullopt;
  return p;
}

// The provision one of whose versions had the clause id `id`: its id and
// its version list (provisions::read_list, no texts). Provision ids are
// clause ids of the same document, so only that document's provisions are
// read: the keys that start with the id's "<platform>--<document>--".
struct ListedProvision {
  std::string id;
  json list;
};
std::optional<ListedProvision> provision_holding(const Xapian::Database& db, const std::string& id) {
  const auto cut = id.rfind("--");
  if (cut == std::string::npos || cut == 0) return std::nullopt;
  const std::string prefix = layout::provision_key(id.substr(0, cut + 2));
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    std::string provision = (*key).substr(layout::kProvisionKeyPrefix.size());
    json list = provisions::read_list(db, provision);
    if (!list.is_object()) continue;
    for (const auto& v : list.value("versions", json::array())) {
      if (v.value("clause_id", "") == id) return ListedProvision{std::move(provision), std::move(list)};
    }
  }
  return std::nullopt;
}

// The metadata closes a version when the next one arrives; the current one
// was last seen when its clause was.
void close_with_current_clause(const Xapian::Database& db, ProvisionHistory& h) {
  if (h.versions.empty() || h.versions.back().last_seen || !h.current_clause_id) return;
  const auto doc = layout::clause_docid(db, *h.current_clause_id);
  if (!doc) return;
  const json record = stored_record(db, *doc);
  if (record.is_object()) h.versions.back().last_seen = optional_string(record, "last_seen");
}

}  // namespace

std::optional<Xapian::docid> removed_clause_docid(const Xapian::Database& db, const std::string& id) {
  if (id.empty()) return std::nullopt;
  if (auto doc = layout::removed_docid(db, id)) return doc;
  // An index written before removed documents carried their last clause's
  // id: found through the provision's versions. The removed document holds
  // the last version: an earlier version's id names text it does not hold.
  const auto provision = provision_holding(db, id);
  if (!provision || !optional_string(provision->list, "removed_at")) return std::nullopt;
  const json versions = provision->list.value("versions", json::array());
  if (versions.empty() || versions.back().value("clause_id", "") != id) return std::nullopt;
  return layout::removed_docid(db, provision->id);
}

Result<ProvisionHistory> provision_history(const Xapian::Database& db, const std::string& id) {
  std::optional<json> stored;
  if (const auto doc = layout::clause_docid(db, id)) {
    const json record = stored_record(db, *doc);
    if (!record.is_object()) return Error::internal("the stored record of clause '" + id + "' is not JSON");
    stored = stored_provision(db, optional_string(record, "provision_id").value_or(id));
    if (!stored) return single_version(record, id);
  } else {
    stored = stored_provision(db, id);
    if (!stored) {
      if (const auto listed = provision_holding(db, id)) stored = stored_provision(db, listed->id);
    }
    if (!stored) return Error::not_found("id", "no clause or provision with id '" + id + "'");
  }
  ProvisionHistory h = from_metadata(*stored);
  close_with_current_clause(db, h);
  return h;
}

}  // namespace clause::search
