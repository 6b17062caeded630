// ShardedIndex: an index split into N shards that Xapian serves as one
// database, for growing past one machine (docs/scaling.md).
//
// Layout of the directory DIR:
//   DIR/shard-0 .. DIR/shard-<N-1>  normal clause indexes (schema version,
//                                   statistics and display names of their own)
//   DIR/meta      a database without documents: display names of every shard,
//                 spelling data, schema version and whole-corpus statistics.
//                 Listed first because Xapian reads metadata from the first
//                 database of a stub, and because its remote backend carries
//                 no spelling data.
//   DIR/XAPIANDB  stub file "auto meta", "auto shard-0", ...: Xapian opens DIR
//                 itself as the whole index, so `clause-server --db DIR` works.
//   DIR/remote.stub  (with remote addresses) "auto meta" then one
//                 "remote HOST:PORT" a shard, for shards served by xapian-tcpsrv.
//
// A clause goes to the shard of its platform (shard_router.h). Upserts keep
// their meaning per shard (added / updated / unchanged); a clause whose
// platform changed is removed from its old shard. Commits go shard by shard
// and then meta: a run killed between two leaves shards at different
// commits, and a re-run completes it (upserts are idempotent).
// Not thread-safe: one writer per directory (each shard holds Xapian's lock).
#pragma once

#include <xapian.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "indexer/clause_sink.h"
#include "indexer/index_writer.h"
#include "schema/result.h"

namespace clause {

struct ShardOptions {
  std::size_t shards = 0;            // 0: as many as DIR already has
  std::vector<std::string> remotes;  // HOST:PORT per shard, for remote.stub
};

class ShardedIndex : public ClauseSink {
 public:
  // Opens or creates the sharded index in dir. Errors: invalid_argument when
  // the shard count differs from an existing one (re-sharding means building
  // a new index), when remotes are given but not one per shard, or when dir
  // holds a single (unsharded) index; unavailable when a database cannot be
  // opened or is locked by another writer.
  static Result<std::unique_ptr<ShardedIndex>> open(const std::string& dir,
                                                    const ShardOptions& shard_options,
                                                    const WriterOptions& options);

  // True when dir holds a sharded index (its stub and meta database).
  static bool is_sharded(const std::string& dir);

  bool put(const ClauseRecord& record) override;
  std::size_t prune(const std::unordered_set<std::string>& keep_ids,
                    const std::set<std::string>* platform_slugs) override;
  // Only the platform's own shard can hold its document's records.
  std::size_t prune_document(const std::string& platform, const std::string& document,
                             const std::unordered_set<std::string>& keep_ids) override;
  bool remove(const std::string& id) override;
  // Commits every shard, then meta with the whole corpus's statistics.
  void commit() override;
  WriteCounts counts() const override { return counts_; }

  std::size_t shard_count() const { return shards_.size(); }

 private:
  ShardedIndex(Xapian::WritableDatabase meta, std::vector<std::unique_ptr<IndexWriter>> shards,
               const WriterOptions& options);
  void note_change();

  Xapian::WritableDatabase meta_;
  std::vector<std::unique_ptr<IndexWriter>> shards_;
  WriterOptions options_;
  WriteCounts counts_;
  std::size_t pending_ = 0;
  std::set<std::string> named_;  // name keys already written in this run
};

}  // namespace clause
