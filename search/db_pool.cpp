#include "search/db_pool.h"

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

}  // namespace clause::search
