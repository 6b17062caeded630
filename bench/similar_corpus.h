// A labelled corpus indexed without its labels, for bench_similar_quality:
// the index holds only id, platform, document and text of each record; the
// clause types are kept aside to judge results. The index lives in a
// temporary directory removed with the Corpus.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "schema/result.h"

namespace clause::bench {

struct Corpus {
  ~Corpus();
  std::filesystem::path dir;
  Xapian::Database db;
  std::map<std::string, std::set<std::string>> types;  // id -> type slugs (labelled only)
  std::map<std::string, std::string> platform;          // id -> platform slug
  std::map<std::string, std::set<std::string>> type_platforms;  // type slug -> platform slugs
  std::vector<std::string> queries;  // ids with a type found on >= 3 other platforms

  // True when the clause `result` shares a type with the clause `query`.
  bool relevant(const std::string& query, const std::string& result) const;
  // Other platforms with a clause sharing a type with `query`.
  std::size_t platforms_with_type(const std::string& query) const;
  // Once every labelled clause is noted: opens the index at `dir` (which
  // its writer has committed and closed) and picks the queries.
  void open_and_pick_queries();
};

Result<std::unique_ptr<Corpus>> load_unlabelled(const std::filesystem::path& jsonl);

}  // namespace clause::bench
