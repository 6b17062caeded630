#include "schema/change_diffs.h"

#include "schema/provision_store.h"
#include "schema/word_diff.h"

namespace clause::changes {
namespace {

using nlohmann::json;

// The text of version n of a provision, "" when the index lacks it.
std::string text_of(const Xapian::Database& db, const std::string& provision, std::size_t n) {
  return provisions::version_text(db, provision, n).value_or("");
}

bool has_reference(const json& record) {
  const auto clauses = record.find("clauses");
  if (clauses == record.end() || !clauses->is_array()) return false;
  for (const auto& c : *clauses) {
    if (c.is_object() && c.contains(kVersionRef)) return true;
  }
  return false;
}

}  // namespace

std::string clause_diff(std::string_view old_text, std::string_view new_text) {
  return word_diff_html(old_text, new_text);
}

void restore_diffs(const Xapian::Database& db, json& record) {
  const auto clauses = record.find("clauses");
  if (clauses == record.end() || !clauses->is_array()) return;
  for (auto& c : *clauses) {
    const auto ref = c.find(kVersionRef);
    if (!c.is_object() || ref == c.end() || !ref->is_number_unsigned()) continue;
    const std::size_t n = ref->get<std::size_t>();
    const std::string provision = c.value("provision_id", "");
    const std::string change = c.value("change", "");
    if (change == "removed") {
      c["diff"] = clause_diff(text_of(db, provision, n), "");
    } else {
      const bool modified = change == "modified" && n > 0;
      c["diff"] = clause_diff(modified ? text_of(db, provision, n - 1) : "", text_of(db, provision, n));
    }
    c.erase(kVersionRef);
  }
}

std::string restored_record(const Xapian::Database& db, std::string record_json) {
  json record = json::parse(record_json, nullptr, false);
  if (!record.is_object() || !has_reference(record)) return record_json;
  restore_diffs(db, record);
  return record.dump();
}

}  // namespace clause::changes
