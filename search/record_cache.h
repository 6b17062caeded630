// The stored records of GET /v1/clauses/{id}, cached per index revision.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace clause::search {

// Values by key, kept for the index revision they were read at. The first
// lookup at a new revision (or of another database: the uuid is part of the
// key) drops every entry, so an answer is never older than the database the
// request reopened. Bounded: past `max_cost` (each value costs what its
// caller says: bytes, or 1 for an entry) the cache is emptied and fills
// again with what is asked. Thread-safe. `Value` is copied out: a string,
// a small struct, or a shared pointer.
template <class Value>
class RevisionCache {
 public:
  explicit RevisionCache(std::size_t max_cost) : max_cost_(max_cost) {}

  std::optional<Value> get(const std::string& revision, const std::string& key) {
    std::lock_guard lock(mu_);
    if (revision != revision_) return std::nullopt;
    const auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }

  void put(const std::string& revision, const std::string& key, Value value, std::size_t cost) {
    std::lock_guard lock(mu_);
    if (revision != revision_ || cost_ + cost > max_cost_) {
      values_.clear();
      cost_ = 0;
      revision_ = revision;
    }
    if (values_.emplace(key, std::move(value)).second) cost_ += cost;
  }

 private:
  const std::size_t max_cost_;
  std::mutex mu_;
  std::string revision_;
  std::unordered_map<std::string, Value> values_;
  std::size_t cost_ = 0;
};

// Stored records (their JSON text) by id, at most kMaxBytes of them.
class RecordCache : public RevisionCache<std::string> {
 public:
  static constexpr std::size_t kMaxBytes = 16u << 20;
  RecordCache() : RevisionCache(kMaxBytes) {}
  void put(const std::string& revision, const std::string& id, const std::string& record) {
    RevisionCache::put(revision, id, record, id.size() + record.size());
  }
};

}  // namespace clause::search
