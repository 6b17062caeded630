#include "server/similar_idf.h"

#include <cmath>
#include <mutex>

#include "schema/index_layout.h"

namespace clause::similar {

void IdfCache::bind(const Xapian::Database& db) {
  const std::string state = db.get_uuid() + ':' + std::to_string(db.get_doccount()) + ':' +
                            std::to_string(db.get_total_length());
  {
    std::shared_lock lock(mutex_);
    if (state == state_) return;
  }
  std::unique_lock lock(mutex_);
  if (state != state_) {
    idf_.clear();
    platform_idf_.clear();
    platform_of_.clear();
    platforms_ = 0;
    state_ = state;
  }
}

double IdfCache::idf(const Xapian::Database& db, const std::string& term) {
  {
    std::shared_lock lock(mutex_);
    if (auto it = idf_.find(term); it != idf_.end()) return it->second;
  }
  const double df = db.get_termfreq(term);
  const double value = df > 0 ? std::log((double(db.get_doccount()) + 1) / df) : 0.0;
  std::unique_lock lock(mutex_);
  if (idf_.size() >= max_entries_) idf_.clear();
  idf_.emplace(term, value);
  return value;
}

double IdfCache::platform_idf(const Xapian::Database& db, const std::string& term) {
  {
    std::shared_lock lock(mutex_);
    if (auto it = platform_idf_.find(term); it != platform_idf_.end()) return it->second;
  }
  std::unique_lock lock(mutex_);
  if (platform_of_.empty()) {
    std::unordered_map<std::string, std::uint32_t> number;
    platform_of_.assign(db.get_lastdocid() + 1, 0);
    for (auto it = db.valuestream_begin(layout::kPlatformSlot); it != db.valuestream_end(layout::kPlatformSlot); ++it) {
      auto [pos, fresh] = number.emplace(*it, static_cast<std::uint32_t>(number.size() + 1));
      if (it.get_docid() < platform_of_.size()) platform_of_[it.get_docid()] = pos->second;
    }
    platforms_ = static_cast<std::uint32_t>(number.size());
  }
  std::vector<char> seen(platforms_ + 1, 0);
  std::uint32_t pf = 0;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    const auto p = *it < platform_of_.size() ? platform_of_[*it] : 0;
    if (p != 0 && !seen[p]) {
      seen[p] = 1;
      ++pf;
    }
  }
  const double value = pf > 0 ? std::log(double(platforms_) / pf) : 0.0;
  if (platform_idf_.size() >= max_entries_) platform_idf_.clear();
  platform_idf_.emplace(term, value);
  return value;
}

}  // namespace clause::similar
