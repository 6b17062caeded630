#include "search/record_cache.h"

namespace clause::search {

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

}  // namespace clause::search
