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

std::size_t estimated_bytes(const CatalogAnswer& answer) {
  return std::visit([](const auto& a) { return bytes_of(a); }, answer);
}

namespace {

std::string flight_key(const std::string& revision, const std::string& key) {
  return revision + '\n' + key;  // request keys hold '\n' too, revisions never
}

}  // namespace

CatalogCache::Lookup CatalogCache::begin(const std::string& revision, const std::string& key) {
  std::unique_lock lock(mu_);
  if (revision == revision_) {
    if (const auto it = answers_.find(key); it != answers_.end()) {
      ++stats_.hits;
      recent_.splice(recent_.begin(), recent_, it->second.recent);
      return {it->second.answer, nullptr};
    }
  }
  const std::string in_flight = flight_key(revision, key);
  if (const auto it = flights_.find(in_flight); it != flights_.end()) {
    const std::shared_ptr<Flight> flight = it->second;
    ++stats_.waits;
    flight->landed_cv.wait(lock, [&] { return flight->landed; });
    if (flight->answer) {
      ++stats_.hits;
      return {flight->answer, nullptr};
    }
    ++stats_.misses;
    return {};  // it failed: compute alone (no flight, so no waiters on a failure again)
  }
  ++stats_.misses;
  auto flight = std::make_shared<Flight>();
  flights_.emplace(in_flight, flight);
  return {nullptr, std::move(flight)};
}

void CatalogCache::land(const std::string& revision, const std::string& key, Flight* flight,
                        std::shared_ptr<const Answer> answer, std::size_t bytes) {
  std::lock_guard lock(mu_);
  if (answer) store(revision, key, answer, bytes);
  if (!flight) return;
  flights_.erase(flight_key(revision, key));
  flight->answer = std::move(answer);
  flight->landed = true;
  flight->landed_cv.notify_all();
}

void CatalogCache::store(const std::string& revision, const std::string& key,
                         std::shared_ptr<const Answer> answer, std::size_t bytes) {
  if (revision != revision_) {
    answers_.clear();
    recent_.clear();
    stats_.answers = stats_.bytes = 0;
    revision_ = revision;
  }
  if (bytes > max_bytes_ || answers_.count(key)) return;
  recent_.push_front(key);
  answers_.emplace(key, Entry{std::move(answer), bytes, recent_.begin()});
  ++stats_.answers;
  stats_.bytes += bytes;
  evict_to_bounds();
}

void CatalogCache::evict_to_bounds() {
  while (stats_.answers > max_answers_ || stats_.bytes > max_bytes_) {
    const auto it = answers_.find(recent_.back());
    stats_.bytes -= it->second.bytes;
    --stats_.answers;
    ++stats_.evictions;
    answers_.erase(it);
    recent_.pop_back();
  }
}

CatalogCache::Stats CatalogCache::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace clause::search
