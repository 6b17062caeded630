// ShardedBuilder: builds a NEW index on several threads. Records are routed
// to one shard per thread by their platform, so that the clauses of a
// platform keep their input order in the merged index, as with one writer
// and in a sharded index: equal scores inside a platform go by docid, and
// the answers must not depend on the number of cores. A platform goes to
// the shard that has been given the fewest records when its first record
// arrives: the shards are temporary, so any fixed choice per platform will
// do, and a hash of the platform (shard_router.h, which a sharded index
// must keep) split the benchmark corpus 60/40 between two threads, and its
// first 30,000 records 100/0 (FNV-1a's low bit is the parity of the odd
// bytes of the name). The choice depends on the input's order only, never
// on timing. A repeated id goes to the shard of its first occurrence,
// whatever its platform, so it is upserted, never duplicated. At commit()
// the shards are merged with Xapian's compaction into a temporary
// directory, stamped with the schema version and statistics, and renamed
// onto the target.
//
// Only for a target that does not exist or holds no records: there is
// nothing to prune or delete, and nothing to compare for "unchanged". A run
// killed with SIGKILL leaves the target as it was (the work directory
// `<target>.build-<pid>` is removed by the next run); a run stopped by
// commit() after a SIGINT publishes what was built, and a re-run (then an
// ordinary upsert) completes it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "indexer/clause_sink.h"
#include "indexer/index_writer.h"

namespace clause {

class ShardedBuilder : public ClauseSink {
 public:
  // Creates the work directory beside target. Throws Xapian::Error when a
  // shard cannot be created.
  ShardedBuilder(std::string target, std::size_t shards, const WriterOptions& options);
  ~ShardedBuilder() override;

  // A new index holds nothing yet: every record is written (true), unless
  // a worker failed (false; commit() reports it).
  bool put(const ClauseRecord& record) override;
  std::size_t prune(const std::unordered_set<std::string>&, const std::set<std::string>*) override {
    return 0;  // a new index holds nothing that the input lacks
  }
  bool remove(const std::string&) override { return false; }
  // A new index holds no older version of any document.
  std::size_t prune_document(const std::string&, const std::string&,
                             const std::unordered_set<std::string>&) override {
    return 0;
  }
  // Joins the workers, merges the shards and publishes the index at target.
  // Rethrows a worker's failure. Call once.
  void commit() override;
  WriteCounts counts() const override;

  // True when target can be built by a ShardedBuilder: absent, or empty.
  static bool target_is_new(const std::string& target);

 private:
  struct Worker {
    std::unique_ptr<IndexWriter> writer;
    std::deque<ClauseRecord> queue;
    std::mutex mutex;
    std::condition_variable changed;
    bool closed = false;
    std::exception_ptr failure;
    std::thread thread;
  };
  void run_worker(Worker& worker);
  void stop_workers();
  void merge_and_publish();

  std::string target_;
  const std::vector<SynonymPair>* synonyms_ = nullptr;  // written once, into the merged index
  std::string work_dir_;
  std::vector<std::unique_ptr<Worker>> workers_;
  // The shard of each id seen, by the id's 64-bit FNV-1a hash (8 bytes a
  // record and the map's overhead; two ids sharing a hash share a shard).
  std::unordered_map<std::uint64_t, std::uint32_t> shard_of_id_;
  // The shard of each platform (by slug), and the records given to each shard.
  std::unordered_map<std::string, std::uint32_t> shard_of_platform_;
  std::vector<std::size_t> given_;
  WriteCounts counts_;
  bool committed_ = false;
};

}  // namespace clause
