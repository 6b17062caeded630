#include "search/relevance_page.h"

#include <algorithm>
#include <string>

namespace clause::search {

std::optional<std::vector<Xapian::MSetIterator>> relevance_then_value_page(const Xapian::MSet& mset,
                                                                            Xapian::doccount offset,
                                                                            Xapian::doccount limit,
                                                                            Xapian::valueno slot) {
  const Xapian::doccount end = offset + limit;
  const Xapian::doccount size = mset.size();
  // Every item up to the page's end, and after it those of the same weight
  // as its last one: all of them unless the mset is full and ends in them.
  Xapian::doccount kept = std::min(size, end);
  if (kept > 0) {
    const double last = mset[kept - 1].get_weight();
    while (kept < size && mset[kept].get_weight() == last) ++kept;
    if (kept == size && size >= relevance_fetch(offset, limit) && size > end) return std::nullopt;
  }
  struct Item {
    Xapian::MSetIterator it;
    double weight;
    Xapian::docid did;
    std::string value;  // read only for items whose weight another one shares
  };
  std::vector<Item> items;
  items.reserve(kept);
  for (Xapian::doccount i = 0; i < kept; ++i) {
    const auto it = mset[i];
    items.push_back({it, it.get_weight(), *it, {}});
  }
  // The mset is in weight order: equal weights are neighbours.
  for (std::size_t i = 0; i < items.size(); ++i) {
    const bool tied = (i > 0 && items[i - 1].weight == items[i].weight) ||
                      (i + 1 < items.size() && items[i + 1].weight == items[i].weight);
    if (tied) items[i].value = items[i].it.get_document().get_value(slot);
  }
  // Xapian's order (matcher/msetcmp.cc, relevance then value, ascending
  // value and docid): weight descending, value ascending, docid ascending.
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    if (a.value != b.value) return a.value < b.value;
    return a.did < b.did;
  });
  std::vector<Xapian::MSetIterator> page;
  for (Xapian::doccount i = offset; i < std::min(kept, end); ++i) page.push_back(items[i].it);
  return page;
}

std::optional<std::vector<Xapian::MSetIterator>> value_then_relevance_page(const Xapian::MSet& mset,
                                                                            Xapian::doccount offset,
                                                                            Xapian::doccount limit,
                                                                            Xapian::doccount fetched,
                                                                            Xapian::valueno platform_slot) {
  const Xapian::doccount end = offset + limit;
  const Xapian::doccount size = mset.size();
  const auto same_place = [&](Xapian::doccount a, Xapian::doccount b) {
    return mset[a].get_sort_key() == mset[b].get_sort_key() && mset[a].get_weight() == mset[b].get_weight();
  };
  Xapian::doccount kept = std::min(size, end);
  if (kept > 0) {
    const Xapian::doccount last = kept - 1;
    while (kept < size && same_place(kept, last)) ++kept;
    if (kept == size && size >= fetched && size > end) return std::nullopt;
  }
  struct Item {
    Xapian::MSetIterator it;
    Xapian::doccount group;  // items of one value and weight share a group
    std::string platform;    // read only for items whose group has others
    Xapian::docid did;
  };
  std::vector<Item> items;
  items.reserve(kept);
  Xapian::doccount group = 0;
  for (Xapian::doccount i = 0; i < kept; ++i) {
    if (i > 0 && !same_place(i, i - 1)) ++group;
    items.push_back({mset[i], group, {}, *mset[i]});
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const bool tied = (i > 0 && items[i - 1].group == items[i].group) ||
                      (i + 1 < items.size() && items[i + 1].group == items[i].group);
    if (tied) items[i].platform = items[i].it.get_document().get_value(platform_slot);
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.group != b.group) return a.group < b.group;
    if (a.platform != b.platform) return a.platform < b.platform;
    return a.did < b.did;
  });
  std::vector<Xapian::MSetIterator> page;
  for (Xapian::doccount i = offset; i < std::min(kept, end); ++i) page.push_back(items[i].it);
  return page;
}

}  // namespace clause::search
