// Where an indexing run sends its records: the single writer that upserts
// into an existing index (IndexWriter), or the parallel builder that makes a
// new index from scratch (ShardedBuilder). Ingest sees only this interface.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <unordered_set>

#include "schema/clause_record.h"

namespace clause {

struct WriteCounts {
  std::size_t added = 0, updated = 0, unchanged = 0, deleted = 0;
};

class ClauseSink {
 public:
  virtual ~ClauseSink() = default;
  // Upserts a record; false when the index already held it unchanged, so
  // nothing was written.
  virtual bool put(const ClauseRecord& record) = 0;
  // Removes every record whose id is not in keep_ids; with platform slugs,
  // only records of those platforms. Returns how many went.
  virtual std::size_t prune(const std::unordered_set<std::string>& keep_ids,
                            const std::set<std::string>* platform_slugs) = 0;
  // Removes the clauses cut from one platform's document (names or slugs;
  // ids made by the segmenter, see document_id_prefix) whose id is not in
  // keep_ids: the clauses that vanished from a re-read document. Records
  // from other sources that name the same platform and document stay.
  virtual std::size_t prune_document(const std::string& platform, const std::string& document,
                                     const std::unordered_set<std::string>& keep_ids) = 0;
  // Removes one record; false when there was none.
  virtual bool remove(const std::string& id) = 0;
  // Makes everything durable (commit, or merge and publish).
  virtual void commit() = 0;
  virtual WriteCounts counts() const = 0;
};

}  // namespace clause
