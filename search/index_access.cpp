#include "search/index_access.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "schema/plain_text.h"
#include "schema/severity.h"

namespace clause::search {

DbPool::DbPool(std::string path) : path_(std::move(path)) { give(std::make_unique<Index>(path_)); }

std::unique_ptr<DbPool::Index> DbPool::take() const {
  {
    std::lock_guard lock(mu_);
    if (!free_.empty()) {
      auto index = std::move(free_.back());
      free_.pop_back();
      return index;
    }
  }
  return std::make_unique<Index>(path_);
}

void DbPool::give(std::unique_ptr<Index> index) const {
  std::lock_guard lock(mu_);
  free_.push_back(std::move(index));
}

void add_count(const std::string& value, std::size_t n, bool multi,
               std::map<std::string, std::size_t>& counts) {
  if (!multi) {
    counts[value] += n;
    return;
  }
  std::size_t start = 0;
  while (start <= value.size()) {
    auto end = value.find(layout::kListSeparator, start);
    if (end == std::string::npos) end = value.size();
    if (end > start) counts[value.substr(start, end - start)] += n;
    start = end + 1;
  }
}

std::map<std::string, std::size_t> SlotCounter::counts() const {
  std::map<std::string, std::size_t> counts;
  for (auto it = values_begin(); it != values_end(); ++it) add_count(*it, it.get_termfreq(), multi_, counts);
  return counts;
}

void FacetCounter::operator()(const Xapian::Document& doc, double) {
  std::string value = doc.get_value(slot_);
  if (value.empty()) return;  // like ValueCountMatchSpy: no value, no count
  const auto it = raw_.find(value);
  if (it != raw_.end()) {
    ++it->second;
  } else {
    raw_.emplace(std::move(value), 1);
  }
}

std::map<std::string, std::size_t> FacetCounter::counts() const {
  std::map<std::string, std::size_t> counts;
  for (const auto& [value, n] : raw_) add_count(value, n, multi_, counts);
  return counts;
}

std::optional<std::string> RecordCache::get(const std::string& revision, const std::string& id) {
  std::lock_guard lock(mu_);
  if (revision != revision_) return std::nullopt;
  const auto it = records_.find(id);
  if (it == records_.end()) return std::nullopt;
  return it->second;
}

void RecordCache::put(const std::string& revision, const std::string& id, const std::string& record) {
  std::lock_guard lock(mu_);
  if (revision != revision_ || bytes_ + id.size() + record.size() > kMaxBytes) {
    records_.clear();
    bytes_ = 0;
    revision_ = revision;
  }
  if (records_.emplace(id, record).second) bytes_ += id.size() + record.size();
}

std::string display_name(const Xapian::Database& db, layout::Facet facet, const std::string& slug) {
  std::string name = db.get_metadata(layout::name_key(facet, slug));
  return name.empty() ? slug : name;
}

std::optional<std::string> severity_of_rank(const std::string& rank) {
  if (rank.size() != 1 || rank[0] < '1' || rank[0] > '4') return std::nullopt;
  return std::string(severity_name(static_cast<Severity>(rank[0] - '0')));
}

FacetList to_facet(const Xapian::Database& db, layout::Facet facet,
                   const std::map<std::string, std::size_t>& counts, std::size_t limit) {
  FacetList list;
  for (const auto& [value, count] : counts) {
    if (facet == layout::Facet::severity) {
      if (auto name = severity_of_rank(value)) list.entries.push_back({*name, *name, count});
    } else {
      list.entries.push_back({std::string(), value, count});
    }
  }
  std::sort(list.entries.begin(), list.entries.end(), [](const auto& a, const auto& b) {
    return a.count != b.count ? a.count > b.count : a.slug < b.slug;
  });
  list.distinct = list.entries.size();
  if (list.entries.size() > limit) {
    list.entries.resize(limit);
    list.truncated = true;
  }
  // Display names (a metadata lookup each) only for the entries kept: a
  // broad query counts hundreds of platforms and shows 25.
  if (facet != layout::Facet::severity) {
    for (auto& e : list.entries) e.value = display_name(db, facet, e.slug);
  }
  return list;
}

std::vector<Hit> to_hits(const Xapian::MSet& mset, bool text_query) {
  static constexpr std::size_t kSnippetBytes = 240;
  const Xapian::Stem stem{std::string(layout::kStemLanguage)};
  std::vector<Hit> hits;
  hits.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Hit hit;
    hit.record = nlohmann::json::parse(it.get_document().get_data());
    hit.score = text_query ? it.get_weight() : 0.0;
    const auto text = hit.record.find("text");
    if (text != hit.record.end() && text->is_string()) {
      hit.snippet = mset.snippet(plain_text(text->get_ref<const std::string&>()), kSnippetBytes,
                                 stem,
                                 Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                     Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                 "<mark>", "</mark>", "\xE2\x80\xA6");
    }
    hits.push_back(std::move(hit));
  }
  return hits;
}

std::set<std::string> distinct_values(const Xapian::Database& db, const std::string& term,
                                      Xapian::valueno slot) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(term));
  Xapian::ValueCountMatchSpy spy(slot);
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, exact(db));
  std::set<std::string> values;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) values.insert(*it);
  return values;
}

}  // namespace clause::search
