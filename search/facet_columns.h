// Facet values held in memory per document, for counting facets without
// reading values in the match (internal to search/).
//
// A facet spy that reads a document's value slot costs a value lookup, a
// string and a hash per document and slot: a quarter of a search that
// matches most of the index. FacetColumns reads each facet slot of a single
// database once (one pass over its value stream) into one small integer per
// document; ColumnCounter then counts a document with one array access.
// The columns describe one revision of one database: FacetColumnCache
// rebuilds them when a request's database is at another revision.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace clause::search {

class FacetColumns {
 public:
  // Reads `slots` of every document of db (a single database).
  FacetColumns(const Xapian::Database& db, const std::vector<Xapian::valueno>& slots);

  // Column of slots[i]: value id per docid (0: no value).
  const std::vector<std::uint32_t>& ids(std::size_t column) const { return columns_[column].ids; }
  // The stored value of an id of that column (id >= 1).
  const std::string& value(std::size_t column, std::uint32_t id) const {
    return columns_[column].values[id];
  }
  Xapian::valueno slot(std::size_t column) const { return columns_[column].slot; }
  // Number of value ids of a column, 0 included.
  std::size_t ids_in(std::size_t column) const { return columns_[column].values.size(); }

 private:
  struct Column {
    Xapian::valueno slot = 0;
    std::vector<std::uint32_t> ids;
    std::vector<std::string> values{std::string()};  // id 0 = no value
  };
  std::vector<Column> columns_;
};

// The columns for a database's current revision, built on first use and
// shared (read-only) by every request at that revision. Thread-safe: one
// request builds, concurrent ones get nullptr meanwhile and count by values.
class FacetColumnCache {
 public:
  explicit FacetColumnCache(std::vector<Xapian::valueno> slots) : slots_(std::move(slots)) {}
  // nullptr for a database of several shards (even keyed: a match spy sees
  // a document's docid in its own shard, Document::get_docid(), not the
  // combined docid the columns are indexed by), a remote one, or while
  // another request builds this revision's columns.
  std::shared_ptr<const FacetColumns> get(const Xapian::Database& db);

 private:
  const std::vector<Xapian::valueno> slots_;
  std::mutex mu_;     // guards key_ and columns_
  std::mutex build_;  // one build at a time
  std::string key_;
  std::shared_ptr<const FacetColumns> columns_;
};

// Counts one column over the documents a match sees; counts() gives the same
// numbers as SlotCounter and FacetCounter (facet_counters.h), multi-valued
// values split. A document past the columns (never at the revision they were
// built for) is counted from its stored value. Local databases only, like
// FacetCounter: it cannot be serialised for a remote shard.
class ColumnCounter : public Xapian::MatchSpy {
 public:
  ColumnCounter(std::shared_ptr<const FacetColumns> columns, std::size_t column, bool multi_valued);
  void operator()(const Xapian::Document& doc, double weight) override;
  std::map<std::string, std::size_t> counts() const;

 private:
  std::shared_ptr<const FacetColumns> columns_;
  const std::vector<std::uint32_t>& ids_;
  std::size_t column_;
  bool multi_;
  std::vector<std::size_t> counts_;  // by value id
  std::unordered_map<std::string, std::size_t> extra_;
};

}  // namespace clause::search
