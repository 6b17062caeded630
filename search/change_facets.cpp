#include "search/change_facets.h"

#include <algorithm>

#include "schema/index_layout.h"
#include "schema/schema_version.h"
#include "search/facet_counters.h"
#include "search/hits.h"

namespace clause::search {
namespace {

constexpr std::size_t index_of(ChangeFacet f) { return static_cast<std::size_t>(f); }

// Every change facet prefix is kChangeTermsPrefix + one letter.
constexpr std::string_view kChangePrefix = layout::kChangeTermsPrefix;

}  // namespace

std::string_view change_facet_prefix(ChangeFacet f) {
  switch (f) {
    case ChangeFacet::platform: return layout::kChangePlatformPrefix;
    case ChangeFacet::category: return layout::kChangeCategoryPrefix;
    case ChangeFacet::severity: return layout::kChangeSeverityPrefix;
    case ChangeFacet::month: break;
  }
  return layout::kChangeMonthPrefix;
}

ChangeColumns::ChangeColumns(const Xapian::Database& db) {
  for (const auto f : kChangeFacets) {
    const std::string prefix(change_facet_prefix(f));
    auto& values = values_[index_of(f)];
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      const auto id = static_cast<std::uint32_t>(values.size());
      values.push_back((*t).substr(prefix.size()));
      for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) rows_[*p][index_of(f)].push_back(id);
    }
  }
}

std::shared_ptr<const ChangeColumns> ChangeColumnCache::get(const Xapian::Database& db) {
  if (db.size() != 1) return nullptr;
  const std::string key = layout::revision_key(db);
  if (key.empty()) return nullptr;
  std::lock_guard lock(mu_);
  if (key != key_) {
    columns_ = std::make_shared<const ChangeColumns>(db);
    key_ = key;
  }
  return columns_;
}

ChangeFacetCounter::ChangeFacetCounter(std::vector<ChangeFacet> facets, std::shared_ptr<const ChangeColumns> columns)
    : columns_(std::move(columns)) {
  for (const auto f : facets) {
    wanted_[index_of(f)] = true;
    if (columns_) by_id_[index_of(f)].assign(columns_->ids_in(f), 0);
  }
}

void ChangeFacetCounter::operator()(const Xapian::Document& doc, double) {
  if (const ChangeColumns::Row* row = columns_ ? columns_->row(doc.get_docid()) : nullptr) {
    for (const auto f : kChangeFacets) {
      if (!wanted_[index_of(f)]) continue;
      for (const auto id : (*row)[index_of(f)]) ++by_id_[index_of(f)][id];
    }
    return;
  }
  auto term = doc.termlist_begin();
  term.skip_to(std::string(kChangePrefix));
  for (; term != doc.termlist_end(); ++term) {
    const std::string& t = *term;
    if (t.compare(0, kChangePrefix.size(), kChangePrefix) != 0) break;
    for (const auto f : kChangeFacets) {
      const std::string_view prefix = change_facet_prefix(f);
      if (!wanted_[index_of(f)] || t.compare(0, prefix.size(), prefix) != 0) continue;
      ++counts_[index_of(f)][t.substr(prefix.size())];
      break;
    }
  }
}

std::map<std::string, std::size_t> ChangeFacetCounter::counts(ChangeFacet f) const {
  const auto& raw = counts_[index_of(f)];
  std::map<std::string, std::size_t> out(raw.begin(), raw.end());
  const auto& ids = by_id_[index_of(f)];
  for (std::uint32_t id = 0; id < ids.size(); ++id) {
    if (ids[id] > 0) out[columns_->value(f, id)] += ids[id];
  }
  return out;
}

std::map<std::string, std::size_t> count_by_terms(const Xapian::Database& db, const Xapian::Query& query,
                                                  ChangeFacet f) {
  const std::string prefix(change_facet_prefix(f));
  std::map<std::string, std::size_t> counts;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(*t)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const auto n = enquire.get_mset(0, 0, exact(db)).get_matches_estimated();
    if (n > 0) counts[(*t).substr(prefix.size())] = n;
  }
  return counts;
}

FacetList change_facet_list(const Xapian::Database& db, ChangeFacet f,
                            const std::map<std::string, std::size_t>& counts, std::size_t limit) {
  FacetList list;
  for (const auto& [slug, count] : counts) list.entries.push_back({slug, slug, count});
  std::sort(list.entries.begin(), list.entries.end(), [](const auto& a, const auto& b) {
    return a.count != b.count ? a.count > b.count : a.slug < b.slug;
  });
  list.distinct = list.entries.size();
  if (list.entries.size() > limit) {
    list.entries.resize(limit);
    list.truncated = true;
  }
  // Platforms and categories are the clauses' own, with their display names
  // in the index metadata; severities and months are their own names.
  if (f == ChangeFacet::platform || f == ChangeFacet::category) {
    const auto clause_facet = f == ChangeFacet::platform ? layout::Facet::platform : layout::Facet::category;
    for (auto& e : list.entries) e.value = display_name(db, clause_facet, e.slug);
  }
  return list;
}

}  // namespace clause::search
