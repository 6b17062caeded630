// Counting the facets of change records (internal to search/): from each
// matching record's own boolean terms (XHP, XHC, XHS, XHM), which are the
// only place a change's platform, categories, severity and month live (a
// change record has no facet value slots: schema/index_layout.h).
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/change_requests.h"

namespace clause::search {

// The term prefix of a change facet (XHP<platform slug>, ...).
std::string_view change_facet_prefix(ChangeFacet f);

// The change facet values of every change record of one database at one
// revision, read from the facet terms' posting lists (a few postings per
// record): the spy then counts a document by its docid, without reading its
// term list, which holds every word of its diffs.
class ChangeColumns {
 public:
  explicit ChangeColumns(const Xapian::Database& db);
  using Row = std::array<std::vector<std::uint32_t>, std::size(kChangeFacets)>;  // value ids per facet
  const Row* row(Xapian::docid did) const {
    const auto it = rows_.find(did);
    return it == rows_.end() ? nullptr : &it->second;
  }
  const std::string& value(ChangeFacet f, std::uint32_t id) const {
    return values_[static_cast<std::size_t>(f)][id];
  }
  std::size_t ids_in(ChangeFacet f) const { return values_[static_cast<std::size_t>(f)].size(); }

 private:
  std::array<std::vector<std::string>, std::size(kChangeFacets)> values_;
  std::unordered_map<Xapian::docid, Row> rows_;
};

// The columns of a database's current revision, built on first use. nullptr
// for a database of several shards (a spy sees a shard's own docid) or a
// remote one. Thread-safe.
class ChangeColumnCache {
 public:
  std::shared_ptr<const ChangeColumns> get(const Xapian::Database& db);

 private:
  std::mutex mu_;
  std::string key_;
  std::shared_ptr<const ChangeColumns> columns_;
};

// Counts the facets it is given over the documents a match sees, reading
// each document's terms from the first change facet prefix on: a term list
// is sorted, so a skip_to lands on the XH* terms, which sit together before
// the free-text Z terms, and the walk stops at the first term past them.
// Exact with checkatleast = doccount. Local databases only (one or several
// shards): a match with a remote shard throws Xapian::UnimplementedError
// before it starts, and the caller counts with count_by_terms() instead.
class ChangeFacetCounter : public Xapian::MatchSpy {
 public:
  // With `columns` (a single database's), documents they hold are counted
  // from them; any other from its term list.
  explicit ChangeFacetCounter(std::vector<ChangeFacet> facets,
                              std::shared_ptr<const ChangeColumns> columns = nullptr);
  void operator()(const Xapian::Document& doc, double weight) override;
  // The counts of a facet by slug (empty for a facet not counted here).
  std::map<std::string, std::size_t> counts(ChangeFacet f) const;

 private:
  std::array<bool, std::size(kChangeFacets)> wanted_{};
  std::shared_ptr<const ChangeColumns> columns_;
  std::array<std::vector<std::size_t>, std::size(kChangeFacets)> by_id_;  // with columns_
  std::array<std::unordered_map<std::string, std::size_t>, std::size(kChangeFacets)> counts_;
};

// The same counts, one match per facet value of the index: what works for a
// remote shard (a stock xapian-tcpsrv runs no custom spy), at one round trip
// per value.
std::map<std::string, std::size_t> count_by_terms(const Xapian::Database& db, const Xapian::Query& query,
                                                  ChangeFacet f);

// Counts -> the facet list of an answer: most frequent first (ties by slug),
// cut at limit, platforms and categories with their display names.
FacetList change_facet_list(const Xapian::Database& db, ChangeFacet f,
                            const std::map<std::string, std::size_t>& counts, std::size_t limit);

}  // namespace clause::search
