#include "similar/idf.h"

#include <cmath>
#include <mutex>

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
    state_ = state;
  }
}

double IdfCache::idf(const Xapian::Database& db, const std::string& term) {
  {
    std::shared_lock lock(mutex_);
    if (auto it = idf_.find(term); it != idf_.end()) return it->second;
  }
  const double df = db.get_termfreq(term);
  const double value = idf_of(db.get_doccount(), df);
  std::unique_lock lock(mutex_);
  if (idf_.size() >= max_entries_) idf_.clear();
  idf_.emplace(term, value);
  return value;
}

}  // namespace clause::similar
