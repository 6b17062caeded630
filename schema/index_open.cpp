#include "schema/index_open.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "schema/schema_version.h"

namespace clause::layout {
namespace {

namespace fs = std::filesystem;

thread_local const OpenedIndex* t_scoped = nullptr;

// Stub database types that name a local database by path (Xapian 1.4).
bool local_type(const std::string& type) { return type == "auto" || type == "glass" || type == "chert"; }

}  // namespace

std::optional<std::vector<std::string>> local_stub_parts(const std::string& path) {
  std::error_code ec;
  fs::path stub = path;
  if (fs::is_directory(stub, ec)) stub /= "XAPIANDB";
  if (!fs::is_regular_file(stub, ec)) return std::nullopt;
  std::ifstream in(stub);
  if (!in) return std::nullopt;
  std::vector<std::string> parts;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string type;
    if (!(words >> type) || type[0] == '#') continue;
    std::string rest;
    std::getline(words >> std::ws, rest);
    if (!local_type(type) || rest.empty()) return std::nullopt;
    const fs::path part = rest;
    parts.push_back(part.is_absolute() ? part.string() : (stub.parent_path() / part).string());
  }
  if (parts.size() < 2) return std::nullopt;
  return parts;
}

OpenedIndex::OpenedIndex(const std::string& path) {
  if (auto parts = local_stub_parts(path)) {
    for (const auto& p : *parts) {
      Xapian::Database shard(p);
      if (shard.size() != 1) {  // a stub inside the stub: Xapian opens the whole
        shards_.clear();
        break;
      }
      shards_.push_back(shard);
    }
    if (!shards_.empty()) {
      for (const auto& shard : shards_) db_.add_database(shard);
      return;
    }
  }
  db_ = Xapian::Database(path);
}

std::string OpenedIndex::revision_key() const {
  if (shards_.empty()) return database_revision_key(db_);
  std::string key;
  for (const auto& shard : shards_) {
    const std::string k = database_revision_key(shard);
    if (k.empty()) return {};
    if (!key.empty()) key += ';';
    key += k;
  }
  return key;
}

RevisionScope::RevisionScope(const OpenedIndex& index) : previous_(t_scoped) { t_scoped = &index; }
RevisionScope::~RevisionScope() { t_scoped = previous_; }

const OpenedIndex* scoped_index(const Xapian::Database& db) {
  return t_scoped != nullptr && &t_scoped->db() == &db ? t_scoped : nullptr;
}

}  // namespace clause::layout
