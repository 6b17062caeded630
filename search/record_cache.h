// The stored records of GET /v1/clauses/{id}, cached per index revision.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace clause::search {

// Values by id, kept for the index revision they were read at. The first
// lookup at a new revision (or of another database: the uuid is part of the
// key) drops every entry, so an answer is never older than the database the
// request reopened. Bounded: past kMaxBytes (as the caller counts a value's
// bytes) the cache is emptied and fills again with what is asked.
// Thread-safe. `Value` is copied out: a string, or a shared pointer.
template <class Value>
class RevisionCache {
 public:
  static constexpr std::size_t kMaxBytes = 16u << 20;

  std::optional<Value> get(const std::string& revision, const std::string& id) {
    std::lock_guard lock(mu_);
    if (revision != revision_) return std::nullopt;
    const auto it = values_.find(id);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }

  void put(const std::string& revision, const std::string& id, Value value, std::size_t bytes) {
    std::lock_guard lock(mu_);
    if (revision != revision_ || bytes_ + id.size() + bytes > kMaxBytes) {
      values_.clear();
      bytes_ = 0;
      revision_ = revision;
    }
    if (values_.emplace(id, std::move(value)).second) bytes_ += id.size() + bytes;
  }

 private:
  std::mutex mu_;
  std::string revision_;
  std::unordered_map<std::string, Value> values_;
  std::size_t bytes_ = 0;
};

// Stored records (their JSON text) by id.
class RecordCache : public RevisionCache<std::string> {
 public:
  void put(const std::string& revision, const std::string& id, const std::string& record) {
    RevisionCache::put(revision, id, record, record.size());
  }
};

}  // namespace clause::search
