#include "search/collapse.h"

#include "schema/index_layout.h"

namespace clause::search {

void collapse_by_platform(Xapian::Enquire& enquire) { enquire.set_collapse_key(layout::kPlatformSlot); }

void count_collapsed(const Xapian::MSet& mset, const std::map<std::string, std::size_t>& clauses_per_platform,
                     SearchResult& result) {
  // The platform slot holds one slug per clause, so the counts add up to
  // the clauses and there is one count per platform.
  std::size_t clauses = 0;
  for (const auto& [slug, n] : clauses_per_platform) clauses += n;
  result.total = clauses;
  result.total_platforms = clauses_per_platform.size();
  std::size_t i = 0;
  for (auto it = mset.begin(); it != mset.end() && i < result.hits.size(); ++it, ++i) {
    const auto found = clauses_per_platform.find(it.get_collapse_key());
    const std::size_t of_platform = found == clauses_per_platform.end() ? 1 : found->second;
    result.hits[i].more_from_platform = of_platform > 0 ? of_platform - 1 : 0;
  }
}

}  // namespace clause::search
