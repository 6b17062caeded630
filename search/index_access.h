// Shared Xapian plumbing of the search layer (internal to server/; the HTTP
// layer never includes this): the pool of per-thread databases, the facet
// counter, display names and hit rendering.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "schema/index_layout.h"
#include "schema/index_open.h"
#include "schema/result.h"
#include "schema/schema_version.h"
#include "search/results.h"

namespace clause::search {

// Xapian::Database objects are not thread-safe: the pool hands each request
// a database of its own, reopened to the index's latest commit, and takes it
// back afterwards. The pool grows to the number of concurrent requests.
class DbPool {
 public:
  // Opens one database to check that the path is usable; throws Xapian::Error.
  explicit DbPool(std::string path);

  // Runs fn(db) -> Result<T> on a reopened database. A DatabaseModifiedError
  // (the indexer committed mid-request) reopens and retries, up to
  // kModifiedAttempts runs in all. A NetworkError (a remote shard's
  // xapian-tcpsrv closed an idle connection) or a DatabaseOpeningError on
  // reopen (xapian-replicate switched a replica to a fresh copy) retries once
  // on a newly opened database. A database that cannot be opened, reached or
  // read (missing, corrupt) becomes Error::unavailable and is not reused; any
  // other Xapian error is rethrown as std::runtime_error with Xapian's
  // description, for the one handler that answers 500.
  template <class F>
  auto run(F&& fn) const -> decltype(fn(std::declval<Xapian::Database&>()));

  const std::string& path() const { return path_; }
  static constexpr int kModifiedAttempts = 5;

 private:
  using Index = layout::OpenedIndex;
  std::unique_ptr<Index> take() const;
  void give(std::unique_ptr<Index> index) const;

  std::string path_;
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<Index>> free_;
};

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

// Stored records by id, kept for the index revision they were read at. The
// first lookup at a new revision (or of another database: the uuid is part
// of the key) drops every entry, so an answer is never older than the
// database the request reopened. Bounded: past kMaxBytes of records the
// cache is emptied and fills again with what is asked. Thread-safe.
class RecordCache {
 public:
  static constexpr std::size_t kMaxBytes = 16u << 20;
  // The record of `id` at `revision`, if cached.
  std::optional<std::string> get(const std::string& revision, const std::string& id);
  void put(const std::string& revision, const std::string& id, const std::string& record);

 private:
  std::mutex mu_;
  std::string revision_;
  std::unordered_map<std::string, std::string> records_;
  std::size_t bytes_ = 0;
};

// The cache key of a database's state (schema/schema_version.h).
using layout::revision_key;

// Display name of a slug from the index metadata; the slug when none.
std::string display_name(const Xapian::Database& db, layout::Facet facet, const std::string& slug);

// Severity name for a stored rank ("0".."4"); nullopt for 0 or garbage.
std::optional<std::string> severity_of_rank(const std::string& rank);

// Counts -> facet entries, most frequent first (ties by slug), cut at limit.
// For the severity facet the counted values are ranks and become names.
FacetList to_facet(const Xapian::Database& db, layout::Facet facet,
                   const std::map<std::string, std::size_t>& counts, std::size_t limit);

// The hits of an MSet: stored records, weights, and snippets of the text
// (HTML-escaped, matches in <mark>) when a text query was given.
std::vector<Hit> to_hits(const Xapian::MSet& mset, bool text_query);

// Number of matches to check so that totals and facet counts are exact.
inline Xapian::doccount exact(const Xapian::Database& db) { return db.get_doccount(); }

// The distinct values of `slot` over the documents indexed with `term`.
// Counted by a match with a ValueCountMatchSpy, so a remote shard answers
// in one round trip instead of one per document.
std::set<std::string> distinct_values(const Xapian::Database& db, const std::string& term,
                                      Xapian::valueno slot);

template <class F>
auto DbPool::run(F&& fn) const -> decltype(fn(std::declval<Xapian::Database&>())) {
  std::unique_ptr<Index> index;
  try {
    index = take();
    bool reconnected = false;
    // A reader only keeps its revision until the writer's next commit but
    // one: under a stream of commits a retry can be overtaken again.
    for (int attempt = 1;; ++attempt) {
      try {
        index->db().reopen();
        // revision_key(db) inside fn: also for a stub of local shards.
        const layout::RevisionScope scope(*index);
        auto result = fn(index->db());
        give(std::move(index));
        return result;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= kModifiedAttempts) throw;
      } catch (const Xapian::NetworkError&) {
        if (reconnected) throw;
        reconnected = true;
        index = std::make_unique<Index>(path_);
      } catch (const Xapian::DatabaseOpeningError&) {
        if (reconnected) throw;
        reconnected = true;
        index = std::make_unique<Index>(path_);
      }
    }
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Error::unavailable("the index cannot be opened: " + e.get_msg());
  } catch (const Xapian::NetworkError& e) {
    return Error::unavailable("a shard of the index cannot be reached: " + e.get_msg());
  } catch (const Xapian::DatabaseError& e) {
    // Corrupt or vanished files: the index is broken, not the request. The
    // database is dropped, so the next request opens the index afresh.
    return Error::unavailable("the index cannot be read: " + e.get_description());
  } catch (const Xapian::Error& e) {
    throw std::runtime_error(e.get_description());
  }
}

}  // namespace clause::search
