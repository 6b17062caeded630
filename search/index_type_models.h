// The clause-type models an index was typed with, and the service's models
// that may type free text for it (issue 17): a free text is only typed by
// the models that typed the index's clauses, or its type could name a label
// no clause of the index carries; and only when most of the index's typed
// clauses carry the models' types: an index whose clauses brought types of
// their own taxonomy (the demo's, a user's labels) is not described by
// them, and a free text's model type would be counted against the few
// clauses the models typed ("1 of 342" for a governing-law clause that 161
// platforms of the demo hold).
#pragma once

#include <xapian.h>

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "schema/type_model.h"
#include "search/results.h"

namespace clause::search {

// The models recorded in the index's metadata by the indexer; none when
// absent or unreadable (an index written before there were type models).
std::vector<IndexInfo::TypeModel> read_type_models(const Xapian::Database& db);

// The service's models, and per index revision whether the index was typed
// with every one of them (same SHA-256). The metadata is read and parsed
// once a revision, not for every /similar request (3.5% of one).
// Thread-safe.
class IndexTypeModels {
 public:
  explicit IndexTypeModels(std::vector<TypeModel> models);
  // The models to type free text with for `db`'s revision; null when the
  // index was not typed with all of them (or there are none), or when
  // fewer than half of its clauses' types (counted by clause) are theirs.
  const std::vector<TypeModel>* for_index(const Xapian::Database& db);

 private:
  bool typed_with_all(const Xapian::Database& db) const;
  bool speaks_their_taxonomy(const Xapian::Database& db) const;
  bool usable(const Xapian::Database& db) const { return typed_with_all(db) && speaks_their_taxonomy(db); }

  std::vector<TypeModel> models_;
  std::set<std::string> type_slugs_;  // the models' types ("none" aside), as the index's XT terms name them
  std::mutex mutex_;
  std::string revision_;  // of typed_ ("" none yet)
  bool typed_ = false;
};

}  // namespace clause::search
