#include "search/index_type_models.h"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "schema/index_layout.h"
#include "schema/schema_version.h"
#include "schema/slug.h"

namespace clause::search {

std::vector<IndexInfo::TypeModel> read_type_models(const Xapian::Database& db) {
  const auto list = nlohmann::json::parse(db.get_metadata(std::string(layout::kTypeModelsKey)),
                                          nullptr, false);
  std::vector<IndexInfo::TypeModel> out;
  if (!list.is_array()) return out;
  for (const auto& m : list) {
    if (m.is_object() && m.value("name", nlohmann::json()).is_string() &&
        m.value("sha256", nlohmann::json()).is_string()) {
      out.push_back({m["name"].get<std::string>(), m["sha256"].get<std::string>()});
    }
  }
  return out;
}

bool IndexTypeModels::typed_with_all(const Xapian::Database& db) const {
  const auto used = read_type_models(db);
  return std::all_of(models_.begin(), models_.end(), [&](const TypeModel& m) {
    return std::any_of(used.begin(), used.end(), [&](const auto& u) { return u.sha256 == m.sha256(); });
  });
}

IndexTypeModels::IndexTypeModels(std::vector<TypeModel> models) : models_(std::move(models)) {
  for (const auto& m : models_) {
    for (const auto& label : m.labels()) {
      if (label.name != kNoneType) type_slugs_.insert(slugify(label.name));
    }
  }
}

bool IndexTypeModels::speaks_their_taxonomy(const Xapian::Database& db) const {
  // The type terms' frequencies: a clause counts once per type it has.
  const std::string prefix(layout::kTypePrefix);
  Xapian::doccount all = 0, known = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    all += t.get_termfreq();
    if (type_slugs_.count((*t).substr(prefix.size()))) known += t.get_termfreq();
  }
  return all == 0 || 2 * std::uint64_t{known} >= std::uint64_t{all};
}

const std::vector<TypeModel>* IndexTypeModels::for_index(const Xapian::Database& db) {
  if (models_.empty()) return nullptr;
  // Metadata and terms change only with a commit, and a commit makes a new revision.
  const std::string revision = layout::revision_key(db);
  if (revision.empty()) return usable(db) ? &models_ : nullptr;  // remote: nothing to key it by
  {
    const std::lock_guard lock(mutex_);
    if (revision_ == revision) return typed_ ? &models_ : nullptr;
  }
  const bool typed = usable(db);
  const std::lock_guard lock(mutex_);
  revision_ = revision;
  typed_ = typed;
  return typed ? &models_ : nullptr;
}

}  // namespace clause::search
