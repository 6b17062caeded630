#include "search/relevance_page.h"

#include <algorithm>
#include <string>

namespace clause::search {

namespace {

// The page [offset, offset + limit) of `mset` (fetched from 0 with `fetched`
// items), each run of neighbouring items that `same_place` calls equal put
// in order of the value in `slot`, then docid; nullopt when the mset is full
// and the run at the page's end reaches its last item (more may follow).
template <class SamePlace>
std::optional<std::vector<Xapian::MSetIterator>> page_with_runs_by_value(const Xapian::MSet& mset,
                                                                         Xapian::doccount offset,
                                                                         Xapian::doccount limit,
                                                                         Xapian::doccount fetched,
                                                                         Xapian::valueno slot, SamePlace same_place) {
  const Xapian::doccount end = offset + limit;
  const Xapian::doccount size = mset.size();
  // Every item up to the page's end, and after it those of the same place
  // as its last one: all of them unless the mset is full and ends in them.
  Xapian::doccount kept = std::min(size, end);
  if (kept > 0) {
    const Xapian::doccount last = kept - 1;
    while (kept < size && same_place(mset[kept], mset[last])) ++kept;
    if (kept == size && size >= fetched && size > end) return std::nullopt;
  }
  struct Item {
    Xapian::MSetIterator it;
    Xapian::doccount run;  // neighbours of one place share a run
    std::string value;     // read only for items whose run has others
    Xapian::docid did;
  };
  std::vector<Item> items;
  items.reserve(kept);
  Xapian::doccount run = 0;
  for (Xapian::doccount i = 0; i < kept; ++i) {
    if (i > 0 && !same_place(mset[i], mset[i - 1])) ++run;
    items.push_back({mset[i], run, {}, *mset[i]});
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const bool tied = (i > 0 && items[i - 1].run == items[i].run) ||
                      (i + 1 < items.size() && items[i + 1].run == items[i].run);
    if (tied) items[i].value = items[i].it.get_document().get_value(slot);
  }
  // The runs keep the mset's order; inside one, Xapian's order for a value
  // sort: value ascending, then docid ascending (matcher/msetcmp.cc).
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.run != b.run) return a.run < b.run;
    if (a.value != b.value) return a.value < b.value;
    return a.did < b.did;
  });
  std::vector<Xapian::MSetIterator> page;
  for (Xapian::doccount i = offset; i < std::min(kept, end); ++i) page.push_back(items[i].it);
  return page;
}

}  // namespace

std::optional<std::vector<Xapian::MSetIterator>> relevance_then_value_page(const Xapian::MSet& mset,
                                                                            Xapian::doccount offset,
                                                                            Xapian::doccount limit,
                                                                            Xapian::valueno slot) {
  // The mset is in weight order: equal weights are neighbours.
  return page_with_runs_by_value(mset, offset, limit, relevance_fetch(offset, limit), slot,
                                 [](const Xapian::MSetIterator& a, const Xapian::MSetIterator& b) {
                                   return a.get_weight() == b.get_weight();
                                 });
}

std::optional<std::vector<Xapian::MSetIterator>> value_then_relevance_page(const Xapian::MSet& mset,
                                                                            Xapian::doccount offset,
                                                                            Xapian::doccount limit,
                                                                            Xapian::doccount fetched,
                                                                            Xapian::valueno platform_slot) {
  return page_with_runs_by_value(mset, offset, limit, fetched, platform_slot,
                                 [](const Xapian::MSetIterator& a, const Xapian::MSetIterator& b) {
                                   return a.get_sort_key() == b.get_sort_key() && a.get_weight() == b.get_weight();
                                 });
}

}  // namespace clause::search
