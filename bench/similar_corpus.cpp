#include "bench/similar_corpus.h"

#include <unistd.h>

#include <random>

#include "bench/bench_common.h"
#include "indexer/index_writer.h"
#include "schema/clause_record.h"
#include "schema/slug.h"

namespace fs = std::filesystem;

namespace clause::bench {

Corpus::~Corpus() {
  db.close();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

bool Corpus::relevant(const std::string& query, const std::string& result) const {
  const auto q = types.find(query), r = types.find(result);
  if (q == types.end() || r == types.end()) return false;
  for (const auto& t : q->second) {
    if (r->second.count(t)) return true;
  }
  return false;
}

std::size_t Corpus::platforms_with_type(const std::string& query) const {
  std::set<std::string> platforms;
  const auto q = types.find(query);
  if (q == types.end()) return 0;
  for (const auto& t : q->second) {
    const auto& ps = type_platforms.at(t);
    platforms.insert(ps.begin(), ps.end());
  }
  platforms.erase(platform.at(query));
  return platforms.size();
}

void Corpus::open_and_pick_queries() {
  db = Xapian::Database(dir.string());
  for (const auto& [id, ts] : types) {
    const auto& own = platform.at(id);
    for (const auto& t : ts) {
      const auto& ps = type_platforms.at(t);
      if (ps.size() - ps.count(own) >= 3) {
        queries.push_back(id);
        break;
      }
    }
  }
}

Result<std::unique_ptr<Corpus>> load_unlabelled(const fs::path& jsonl) {
  auto corpus = std::make_unique<Corpus>();
  corpus->dir = fs::temp_directory_path() /
                ("clause-bench-similar-" + std::to_string(::getpid()) + "-" + jsonl.parent_path().filename().string());
  fs::remove_all(corpus->dir);
  WriterOptions wopts;
  wopts.batch_size = 1000000;
  wopts.spelling = false;
  auto writer = IndexWriter::open(corpus->dir.string(), wopts);
  if (!writer) return writer.error();

  for (const ClauseRecord& rec : read_clauses(jsonl.string())) {
    ClauseRecord bare;  // every label removed: title, types, categories, severity
    bare.id = rec.id;
    bare.platform = rec.platform;
    bare.document = rec.document;
    bare.text = rec.text;
    (*writer)->upsert(bare);
    const std::string slug = slugify(rec.platform);
    corpus->platform[rec.id] = slug;
    for (const auto& t : rec.all_clause_types()) {
      corpus->types[rec.id].insert(slugify(t));
      corpus->type_platforms[slugify(t)].insert(slug);
    }
  }
  (*writer)->commit();
  writer->reset();
  corpus->open_and_pick_queries();
  return corpus;
}

}  // namespace clause::bench
