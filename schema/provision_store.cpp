#include "schema/provision_store.h"

#include "schema/index_layout.h"
#include "schema/packed_metadata.h"
#include "schema/sha256.h"
#include "schema/word_diff.h"

namespace clause::provisions {
namespace {

using nlohmann::json;

constexpr const char* kVersions = "versions";
constexpr const char* kText = "text";
constexpr const char* kDiff = "diff";
constexpr const char* kSha = "content_sha256";

json parsed(const std::string& stored) {
  json value = layout::unpack_json(stored);
  return value.is_object() ? value : json(nullptr);
}

std::string string_of(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The diff a reader computes for `version` after `previous` (null: none).
std::string recomputed_diff(const json& previous, const json& version) {
  const bool added = string_of(version, "change") == "added";
  return word_diff_html(added || previous.is_null() ? std::string() : string_of(previous, kText),
                        string_of(version, kText));
}

json& versions_of(json& history) {
  if (!history.contains(kVersions) || !history[kVersions].is_array()) history[kVersions] = json::array();
  return history[kVersions];
}

// Written before the texts had keys of their own: the list holds them.
bool holds_texts(json& history) {
  const json& versions = versions_of(history);
  return !versions.empty() && versions.front().contains(kText);
}

}  // namespace

json read_list(const Xapian::Database& db, const std::string& id) {
  return parsed(db.get_metadata(layout::provision_key(id)));
}

json read(const Xapian::Database& db, const std::string& id) {
  json history = read_list(db, id);
  if (history.is_null() || holds_texts(history)) return history;
  json& versions = versions_of(history);
  for (std::size_t n = 0; n < versions.size(); ++n) {
    const json stored = parsed(db.get_metadata(layout::provision_version_key(id, n)));
    json& version = versions[n];
    version[kText] = stored.is_null() ? std::string() : string_of(stored, kText);
    if (!version.contains(kSha)) version[kSha] = sha256_hex(version[kText].get<std::string>());
    version[kDiff] = stored.is_object() && stored.contains(kDiff)
                         ? stored[kDiff]
                         : json(recomputed_diff(n > 0 ? versions[n - 1] : json(nullptr), version));
  }
  return history;
}

Loaded read_for_update(const Xapian::Database& db, const std::string& id) {
  Loaded loaded{parsed(db.get_metadata(layout::provision_key(id))), 0};
  if (loaded.history.is_null() || holds_texts(loaded.history)) return loaded;  // all written anew
  json& versions = versions_of(loaded.history);
  loaded.stored = versions.size();
  if (!versions.empty()) {
    const json last = parsed(db.get_metadata(layout::provision_version_key(id, versions.size() - 1)));
    versions.back()[kText] = last.is_null() ? std::string() : string_of(last, kText);
  }
  return loaded;
}

void write(Xapian::WritableDatabase& db, const std::string& id, const Loaded& loaded) {
  json history = loaded.history;
  json& versions = versions_of(history);
  for (std::size_t n = loaded.stored; n < versions.size(); ++n) {
    json text = {{kText, string_of(versions[n], kText)}};
    const json& previous = n > 0 ? versions[n - 1] : json(nullptr);
    if (!versions[n].contains(kDiff) || versions[n][kDiff] != recomputed_diff(previous, versions[n])) {
      text[kDiff] = versions[n].value(kDiff, json(""));
    }
    db.set_metadata(layout::provision_version_key(id, n), layout::pack_json(text));
    // The hash of the text is computed again on reading.
    if (string_of(versions[n], kSha) == sha256_hex(string_of(versions[n], kText))) versions[n].erase(kSha);
  }
  for (auto& version : versions) version.erase(kText), version.erase(kDiff);
  db.set_metadata(layout::provision_key(id), layout::pack_json(history));
}

std::optional<std::string> version_text(const Xapian::Database& db, const std::string& id, std::size_t n) {
  json stored = parsed(db.get_metadata(layout::provision_version_key(id, n)));
  if (stored.is_object()) return string_of(stored, kText);
  json history = parsed(db.get_metadata(layout::provision_key(id)));
  if (history.is_null() || !holds_texts(history)) return std::nullopt;
  const json& versions = versions_of(history);
  if (n >= versions.size()) return std::nullopt;
  return string_of(versions[n], kText);
}

}  // namespace clause::provisions
