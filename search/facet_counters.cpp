#include "search/facet_counters.h"

#include <algorithm>

#include "search/hits.h"

namespace clause::search {

void add_count(const std::string& value, std::size_t n, bool multi,
               std::map<std::string, std::size_t>& counts) {
  if (!multi) {
    counts[value] += n;
    return;
  }
  std::size_t start = 0;
  while (start <= value.size()) {
    auto end = value.find(layout::kListSeparator, start);
    if (end == std::string::npos) end = value.size();
    if (end > start) counts[value.substr(start, end - start)] += n;
    start = end + 1;
  }
}

std::map<std::string, std::size_t> SlotCounter::counts() const {
  std::map<std::string, std::size_t> counts;
  for (auto it = values_begin(); it != values_end(); ++it) add_count(*it, it.get_termfreq(), multi_, counts);
  return counts;
}

void FacetCounter::operator()(const Xapian::Document& doc, double) {
  std::string value = doc.get_value(slot_);
  if (value.empty()) return;  // like ValueCountMatchSpy: no value, no count
  const auto it = raw_.find(value);
  if (it != raw_.end()) {
    ++it->second;
  } else {
    raw_.emplace(std::move(value), 1);
  }
}

std::map<std::string, std::size_t> FacetCounter::counts() const {
  std::map<std::string, std::size_t> counts;
  for (const auto& [value, n] : raw_) add_count(value, n, multi_, counts);
  return counts;
}

FacetList to_facet(const Xapian::Database& db, layout::Facet facet,
                   const std::map<std::string, std::size_t>& counts, std::size_t limit) {
  FacetList list;
  for (const auto& [value, count] : counts) {
    if (facet == layout::Facet::severity) {
      if (auto name = severity_of_rank(value)) list.entries.push_back({*name, *name, count});
    } else {
      list.entries.push_back({std::string(), value, count});
    }
  }
  std::sort(list.entries.begin(), list.entries.end(), [](const auto& a, const auto& b) {
    return a.count != b.count ? a.count > b.count : a.slug < b.slug;
  });
  list.distinct = list.entries.size();
  if (list.entries.size() > limit) {
    list.entries.resize(limit);
    list.truncated = true;
  }
  // Display names (a metadata lookup each) only for the entries kept: a
  // broad query counts hundreds of platforms and shows 25.
  if (facet != layout::Facet::severity) {
    for (auto& e : list.entries) e.value = display_name(db, facet, e.slug);
  }
  return list;
}

std::set<std::string> distinct_values(const Xapian::Database& db, const std::string& term,
                                      Xapian::valueno slot) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(term));
  Xapian::ValueCountMatchSpy spy(slot);
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, exact(db));
  std::set<std::string> values;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) values.insert(*it);
  return values;
}

}  // namespace clause::search
