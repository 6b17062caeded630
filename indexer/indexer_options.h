// Command-line options of clause-indexer, parsed and validated once.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "indexer/jsonl_reader.h"
#include "schema/result.h"

namespace clause {

struct IndexerOptions {
  std::string db_path;
  std::vector<std::string> inputs;      // JSONL files; "-" is standard input
  std::vector<std::string> doc_dirs;    // document trees: DIR/<Platform>/<Document>.md
  // Versions (issue 18): a git repository of <Platform>/<Document>.md
  // replayed commit by commit (--history), versions not before `since`; or
  // the --docs trees as a snapshot dated as_of (--as-of).
  std::string history_repo;
  std::string since;  // YYYY-MM-DD; empty: from the first commit
  std::string as_of;  // YYYY-MM-DD or an ISO date-time; only with --docs
  std::string taxonomy_path;            // empty: the compiled-in default taxonomy
  std::vector<std::string> synonym_files;  // spelling variants added to the shipped list
  bool synonyms = true;                    // false: record none, shipped or given
  bool classify = true;                 // give uncategorised records categories
  bool type_model = true;               // false: no clause-type model (--no-type-model)
  std::vector<std::string> type_model_files;  // instead of the shipped models
  std::vector<std::string> delete_ids;  // records to remove
  bool prune = false;      // remove records of the input's platforms that the input lacks
  bool prune_all = false;  // remove every record that the input lacks
  bool strict = false;     // a file with any bad record indexes nothing
  bool spelling = true;
  bool quiet = false;      // no progress lines
  bool show_help = false;
  std::size_t batch_size = 10000;
  std::size_t jobs = 0;  // threads for building a new index; 0: one per core
  std::size_t shards = 0;  // write a sharded index of N shards (0: only if DIR is one)
  std::vector<std::string> stub_remotes;  // HOST:PORT per shard, for DIR/remote.stub
  std::size_t max_line_bytes = kDefaultMaxLineBytes;
};

// Parses argv (argv[0] is the program). Errors name the offending option.
Result<IndexerOptions> parse_indexer_options(const std::vector<std::string>& args);

std::string indexer_usage();

}  // namespace clause
