#include "search/catalog_cache.h"

namespace clause::search {
namespace {

constexpr std::size_t kObjectBytes = 64;  // a struct, map node or json node

std::size_t bytes_of(const nlohmann::json& j) {
  std::size_t n = kObjectBytes;
  if (j.is_string()) return n + j.get_ref<const std::string&>().size();
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) n += key.size() + bytes_of(value);
  } else if (j.is_array()) {
    for (const auto& value : j) n += bytes_of(value);
  }
  return n;
}

std::size_t bytes_of(const std::vector<Hit>& hits) {
  std::size_t n = 0;
  for (const auto& h : hits) n += kObjectBytes + h.snippet.size() + bytes_of(h.record);
  return n;
}

std::size_t bytes_of(const NamedCount& c) { return kObjectBytes + c.name.size() + c.slug.size(); }

std::size_t bytes_of(const std::vector<NamedCount>& list) {
  std::size_t n = 0;
  for (const auto& c : list) n += bytes_of(c);
  return n;
}

std::size_t bytes_of(const ClausePage& page) { return bytes_of(page.subject) + bytes_of(page.hits); }

std::size_t bytes_of(const PlatformSummary& s) {
  std::size_t n = bytes_of(s.page);
  for (const auto& c : s.by_category) n += kObjectBytes + c.name.size() + c.slug.size();
  for (const auto* entries : {&s.by_severity, &s.by_document}) {
    for (const auto& e : *entries) n += kObjectBytes + e.value.size() + e.slug.size();
  }
  return n;
}

std::size_t bytes_of(const CompareResult& r) {
  std::size_t n = kObjectBytes + r.category_name.size() + r.category_slug.size();
  for (const auto& row : r.rows) n += kObjectBytes + row.name.size() + row.slug.size() + bytes_of(row.hits);
  return n;
}

std::size_t bytes_of(const TypeCount& c) {
  return kObjectBytes + c.name.size() + c.slug.size() + (c.model ? c.model->size() : 0);
}

std::size_t bytes_of(const std::vector<TypeCount>& list) {
  std::size_t n = 0;
  for (const auto& c : list) n += bytes_of(c);
  return n;
}

std::size_t bytes_of(const TypePage& page) {
  std::size_t n = bytes_of(page.subject);
  for (const auto& p : page.platforms) {
    n += kObjectBytes + p.name.size() + p.slug.size() + p.best.snippet.size() + bytes_of(p.best.record);
  }
  return n;
}

}  // namespace

std::size_t estimated_bytes(const CatalogCache::Answer& answer) {
  return std::visit([](const auto& a) { return bytes_of(a); }, answer);
}

std::shared_ptr<const CatalogCache::Answer> CatalogCache::find(const std::string& revision,
                                                               const std::string& key) {
  std::lock_guard lock(mu_);
  const auto it = revision == revision_ ? answers_.find(key) : answers_.end();
  if (it == answers_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  ++stats_.hits;
  return it->second;
}

void CatalogCache::put(const std::string& revision, const std::string& key, Answer answer) {
  const std::size_t bytes = key.size() + estimated_bytes(answer);
  auto shared = std::make_shared<const Answer>(std::move(answer));
  std::lock_guard lock(mu_);
  if (revision != revision_ || stats_.bytes + bytes > kMaxBytes) {
    answers_.clear();
    stats_.answers = stats_.bytes = 0;
    revision_ = revision;
  }
  if (answers_.emplace(key, std::move(shared)).second) {
    ++stats_.answers;
    stats_.bytes += bytes;
  }
}

CatalogCache::Stats CatalogCache::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace clause::search
