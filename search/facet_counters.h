// Facet counting over a match: the spies that count a slot's values
// (search/facet_columns.h has the in-memory columns for a single database),
// and counts turned into the facet lists of an answer.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "schema/index_layout.h"
#include "search/results.h"

namespace clause::search {

// Counts the values of one slot over the documents a match sees. A
// multi-valued slot (categories) is split on layout::kListSeparator, so a
// clause in two categories counts once in each: exact counts with
// checkatleast = doccount. It is Xapian's ValueCountMatchSpy, the one spy
// that a stock xapian-tcpsrv can run for remote shards, counting each
// distinct joined value; counts() splits them afterwards, which gives the
// same numbers as splitting document by document.
class SlotCounter : public Xapian::ValueCountMatchSpy {
 public:
  SlotCounter(Xapian::valueno slot, bool multi_valued)
      : Xapian::ValueCountMatchSpy(slot), multi_(multi_valued) {}
  std::map<std::string, std::size_t> counts() const;

 private:
  bool multi_;
};

// Adds n to every value of a stored value: itself, or each part of a joined
// multi-valued one, so a clause in two categories counts once in each.
void add_count(const std::string& value, std::size_t n, bool multi,
               std::map<std::string, std::size_t>& counts);

// The same counts as SlotCounter, for a match on local databases only: a
// hash map keyed by the stored value instead of ValueCountMatchSpy's ordered
// map, so a document costs one hash and one compare. It cannot be serialised:
// a match with a remote shard throws Xapian::UnimplementedError before it
// starts, and the caller counts with SlotCounter instead.
class FacetCounter : public Xapian::MatchSpy {
 public:
  FacetCounter(Xapian::valueno slot, bool multi_valued) : slot_(slot), multi_(multi_valued) {}
  void operator()(const Xapian::Document& doc, double weight) override;
  std::map<std::string, std::size_t> counts() const;

 private:
  Xapian::valueno slot_;
  bool multi_;
  std::unordered_map<std::string, std::size_t> raw_;  // stored value -> documents
};

// Counts -> facet entries, most frequent first (ties by slug), cut at limit.
// For the severity facet the counted values are ranks and become names.
FacetList to_facet(const Xapian::Database& db, layout::Facet facet,
                   const std::map<std::string, std::size_t>& counts, std::size_t limit);

// Number of matches to check so that totals and facet counts are exact.
inline Xapian::doccount exact(const Xapian::Database& db) { return db.get_doccount(); }

// The distinct values of `slot` over the documents indexed with `term`.
// Counted by a match with a ValueCountMatchSpy, so a remote shard answers
// in one round trip instead of one per document.
std::set<std::string> distinct_values(const Xapian::Database& db, const std::string& term,
                                      Xapian::valueno slot);

}  // namespace clause::search
