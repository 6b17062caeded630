// The stored records of GET /v1/clauses/{id}, cached per index revision.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace clause::search {

// Stored records by id, kept for the index revision they were read at. The
// first lookup at a new revision (or of another database: the uuid is part
// of the key) drops every entry, so an answer is never older than the
// database the request reopened. Bounded: past kMaxBytes of records the
// cache is emptied and fills again with what is asked. Thread-safe.
class RecordCache {
 public:
  static constexpr std::size_t kMaxBytes = 16u << 20;
  // The record of `id` at `revision`, if cached.
  std::optional<std::string> get(const std::string& revision, const std::string& id);
  void put(const std::string& revision, const std::string& id, const std::string& record);

 private:
  std::mutex mu_;
  std::string revision_;
  std::unordered_map<std::string, std::string> records_;
  std::size_t bytes_ = 0;
};

}  // namespace clause::search
