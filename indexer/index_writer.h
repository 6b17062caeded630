// IndexWriter: upserts clause records into a Xapian database by id, skips
// unchanged ones, deletes and prunes, and commits in batches.
//
// Every commit is atomic (Xapian's): a run killed at any point leaves the
// database as of its last commit, and a re-run completes the work because
// upserts are idempotent. Not thread-safe: one writer per database.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "indexer/clause_sink.h"
#include "indexer/document_builder.h"
#include "schema/pair_words.h"
#include "schema/clause_record.h"
#include "schema/result.h"
#include "schema/spelling_variants.h"

namespace clause {

struct WriterOptions {
  std::size_t batch_size = 10000;  // records between commits
  bool spelling = true;            // record spelling data for "did you mean"
  // Synonyms (spelling variants) recorded with the first commit; nullptr:
  // none. Must outlive the writer. The writers of a sharded index leave
  // them to its meta database (one copy: a term listed twice would count
  // twice in a synonym expansion).
  const std::vector<SynonymPair>* synonyms = nullptr;
  // The identity of the clause-type models this run applies (JSON, see
  // schema/clause_typing.h), recorded as metadata with the first commit;
  // empty: none recorded.
  std::string type_models{};
  // Word pairs (schema/pair_words.h): a new (empty) index records the
  // shipped list and its documents get pair terms; an index that recorded
  // a list keeps using it; one without (older) gets none. false: no pair
  // terms and no list, for the shards of a sharded index (ShardedIndex): a
  // search reads the list of a stub's first database only, so one shard
  // added later without pairs would lose matches.
  bool pair_words = true;
};

enum class UpsertOutcome { added, updated, unchanged };

struct CorpusStats {
  std::size_t clauses = 0, platforms = 0, categories = 0, documents = 0;
};

// Opens the database at path for writing, creating it only when path does
// not exist or is an empty directory. Anything else must open as a database:
// Xapian's DB_CREATE_OR_OPEN would turn a damaged index, or a directory of
// other files given by mistake, into a new empty index over the old files.
// Throws Xapian::DatabaseOpeningError saying so (and Xapian's other errors).
Xapian::WritableDatabase open_or_create_database(const std::string& path);

class IndexWriter : public ClauseSink {
 public:
  // Opens (creating if needed) the database at path. Refuses a database of
  // another schema major version, or one that cannot be opened, with an error.
  static Result<std::unique_ptr<IndexWriter>> open(const std::string& path,
                                                   const WriterOptions& options = {});

  UpsertOutcome upsert(const ClauseRecord& record);

  // ClauseSink: put() upserts; commit() writes pending changes with the
  // schema version and corpus statistics.
  bool put(const ClauseRecord& record) override { return upsert(record) != UpsertOutcome::unchanged; }
  bool remove(const std::string& id) override;
  // Keeps a removed provision's last clause searchable (include_removed):
  // one document per provision id (schema/index_layout.h, kRemovedKindTerm)
  // whose data is the record as given (with its removal's fields). Not a
  // clause: no count of the writer's or the index's sees it.
  void keep_removed(const ClauseRecord& record, const std::string& provision_id);
  // Drops the provision's removed document, if there is one (it is back).
  void forget_removed(const std::string& provision_id);
  // The removed provision whose last clause had the id `clause_id` (its
  // provision id or its last wording's id), if one is kept: a clause added
  // with that id brings its wording back.
  std::optional<std::string> removed_provision_of(const std::string& clause_id);
  std::size_t prune(const std::unordered_set<std::string>& keep_ids,
                    const std::set<std::string>* platform_slugs) override;

  // Removes the clauses cut from one document of one platform (both by name
  // or slug; ids from document_id_prefix) whose id is not in keep_ids: what
  // re-ingesting a whole document does with the clauses that vanished from
  // it. Records of other sources naming the same platform and document are
  // kept. Returns how many went.
  std::size_t prune_document(const std::string& platform, const std::string& document,
                             const std::unordered_set<std::string>& keep_ids) override;
  void commit() override;
  // Adds the spelling data of the records written since the last commit to
  // the spelling database (commit() does it first): for a caller that
  // commits a transaction of its own before commit().
  void flush_spelling();
  WriteCounts counts() const override { return counts_; }
  CorpusStats stats() const;
  // Writes the schema version and corpus statistics into db's metadata
  // (they take effect at db's next commit).
  static void stamp(Xapian::WritableDatabase& db);
  Xapian::WritableDatabase& database() { return db_; }
  // Sends spelling data to `db` (which must outlive this writer) instead of
  // this index: a sharded index keeps it in its meta database. nullptr: none.
  void spell_into(Xapian::WritableDatabase* db) {
    builder_ = DocumentBuilder(db);
    builder_.use_pair_words(pair_words_);
  }

 private:
  IndexWriter(Xapian::WritableDatabase db, const WriterOptions& options);
  void note_change();
  // Removes the records matching scope whose ids start with
  // only_ids_starting and are not in keep_ids.
  std::size_t prune_matching(const Xapian::Query& scope,
                             const std::unordered_set<std::string>& keep_ids,
                             const std::string& only_ids_starting = "");

  Xapian::WritableDatabase db_;
  WriterOptions options_;
  DocumentBuilder builder_;
  PairWords pair_words_;  // of the index (its metadata); empty: no pair terms
  WriteCounts counts_;
  std::size_t pending_ = 0;
  std::set<std::string> named_;  // name keys already written in this run
};

// Statistics of any readable clause database (terms by prefix, so exact).
CorpusStats corpus_stats(const Xapian::Database& db);

// Adds the synonym pairs to db (at its next commit). Xapian keeps a set per
// term, so writing a pair again changes nothing: synonyms accumulate over
// runs, and one is removed only by building the index anew.
void write_synonyms(Xapian::WritableDatabase& db, const std::vector<SynonymPair>& pairs);

// Writes the schema version and `stats` into db's metadata (at its next commit).
void stamp_metadata(Xapian::WritableDatabase& db, const CorpusStats& stats);

// Writes the display names of the record's platform, document, categories
// and clause types into db's metadata, skipping keys already in `written`.
void write_display_names(Xapian::WritableDatabase& db, const ClauseRecord& record,
                         std::set<std::string>& written);

}  // namespace clause
