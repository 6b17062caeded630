#include "schema/versioned_fields.h"

#include "schema/index_layout.h"
#include "schema/sha256.h"

namespace clause::layout {

void add_document_fields(const Xapian::Database& db, nlohmann::json& record) {
  if (!record.is_object() || !record.contains("provision_id")) return;
  // Not stored from schema 4.1: the SHA-256 of the text it is.
  if (const auto text = record.find("text"); !record.contains("content_sha256") && text != record.end() &&
                                             text->is_string()) {
    record["content_sha256"] = sha256_hex(text->get<std::string>());
  }
  // A removed provision's kept clause has its own last_seen: its document
  // went on without it.
  if (const auto removed = record.find("removed_at"); removed != record.end() && removed->is_string()) return;
  const auto platform = record.find("platform");
  const auto document = record.find("document");
  if (platform == record.end() || document == record.end() || !platform->is_string() || !document->is_string()) {
    return;
  }
  const std::string last_seen = db.get_metadata(
      document_key(kDocumentLastSeenPrefix, platform->get<std::string>(), document->get<std::string>()));
  // An index written before the per-document date keeps last_seen in the clause.
  if (!last_seen.empty()) record["last_seen"] = last_seen;
}

std::string with_document_fields(const Xapian::Database& db, std::string record_json) {
  if (record_json.find("\"provision_id\"") == std::string::npos) return record_json;
  nlohmann::json record = nlohmann::json::parse(record_json, nullptr, false);
  if (!record.is_object()) return record_json;
  add_document_fields(db, record);
  return record.dump();
}

}  // namespace clause::layout
