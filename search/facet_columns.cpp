#include "search/facet_columns.h"

#include "schema/schema_version.h"
#include "search/facet_counters.h"

namespace clause::search {

FacetColumns::FacetColumns(const Xapian::Database& db, const std::vector<Xapian::valueno>& slots) {
  for (const Xapian::valueno slot : slots) {
    Column column;
    column.slot = slot;
    column.ids.assign(std::size_t{db.get_lastdocid()} + 1, 0);
    std::unordered_map<std::string, std::uint32_t> known;
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
      std::string value = *it;
      if (value.empty()) continue;
      auto [entry, added] = known.try_emplace(value, static_cast<std::uint32_t>(column.values.size()));
      if (added) column.values.push_back(std::move(value));
      column.ids[it.get_docid()] = entry->second;
    }
    columns_.push_back(std::move(column));
  }
}

std::shared_ptr<const FacetColumns> FacetColumnCache::get(const Xapian::Database& db) {
  if (db.size() != 1) return nullptr;
  const std::string key = layout::revision_key(db);
  if (key.empty()) return nullptr;
  {
    std::lock_guard lock(mu_);
    if (key == key_) return columns_;
  }
  std::unique_lock building(build_, std::try_to_lock);
  if (!building.owns_lock()) return nullptr;
  {
    std::lock_guard lock(mu_);  // built by the previous holder meanwhile?
    if (key == key_) return columns_;
  }
  auto columns = std::make_shared<const FacetColumns>(db, slots_);
  std::lock_guard lock(mu_);
  key_ = key;
  columns_ = columns;
  return columns;
}

ColumnCounter::ColumnCounter(std::shared_ptr<const FacetColumns> columns, std::size_t column,
                             bool multi_valued)
    : columns_(std::move(columns)),
      ids_(columns_->ids(column)),
      column_(column),
      multi_(multi_valued),
      counts_(columns_->ids_in(column), 0) {}

void ColumnCounter::operator()(const Xapian::Document& doc, double) {
  const Xapian::docid did = doc.get_docid();
  if (did < ids_.size()) {
    ++counts_[ids_[did]];  // id 0 (no value) is never reported
    return;
  }
  std::string value = doc.get_value(columns_->slot(column_));
  if (!value.empty()) ++extra_[std::move(value)];
}

std::map<std::string, std::size_t> ColumnCounter::counts() const {
  std::map<std::string, std::size_t> counts;
  for (std::uint32_t id = 1; id < counts_.size(); ++id) {
    if (counts_[id] > 0) add_count(columns_->value(column_, id), counts_[id], multi_, counts);
  }
  for (const auto& [value, n] : extra_) add_count(value, n, multi_, counts);
  return counts;
}

}  // namespace clause::search
