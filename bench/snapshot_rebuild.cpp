// bench_snapshot_rebuild: how long the similarity snapshot of an index takes
// to build after a commit, afresh and from its predecessor (the snapshot of
// the revision before, whose unchanged clauses keep their features; see
// similar/snapshot.h). Works on a copy of INDEX: takes the snapshot,
// then changes N clauses spread over the index (their text gains a
// sentence) and commits, then builds the next snapshot both ways, in
// alternating rounds so that both see the same machine load.
//
//   build/bench/bench_snapshot_rebuild --index DIR [--changed N] [--rounds R] [--threads T]
//
// DIR: e.g. the full corpus of `bench_similar_http --full DIR`.
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "indexer/index_writer.h"
#include "schema/clause_record.h"
#include "schema/schema_version.h"
#include "similar/snapshot.h"

using namespace clause;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<similar::Snapshot> build(const Xapian::Database& db, std::size_t threads,
                                         const similar::Snapshot* base) {
  const std::atomic<bool> cancel{false};
  return similar::Snapshot::build(db, layout::revision_key(db), similar::Bm25Params{}, cancel, threads, base);
}

// Appends a sentence to the text of `count` clauses spread evenly over db.
bool change_clauses(const std::string& path, std::size_t count) {
  const Xapian::Database db(path);
  std::vector<ClauseRecord> changed;
  const std::size_t step = std::max<std::size_t>(1, db.get_doccount() / std::max<std::size_t>(1, count));
  std::size_t i = 0;
  for (auto it = db.postlist_begin(""); it != db.postlist_end("") && changed.size() < count; ++it, ++i) {
    if (i % step != 0) continue;
    auto record = clause_from_json_text(db.get_document(*it).get_data());
    if (!record.ok()) continue;
    record->text += " This sentence was added in a later version.";
    changed.push_back(std::move(*record));
  }
  auto writer = IndexWriter::open(path);
  if (!writer.ok()) {
    std::cerr << "bench_snapshot_rebuild: " << writer.error().message << "\n";
    return false;
  }
  for (const auto& r : changed) (*writer)->upsert(r);
  (*writer)->commit();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string index;
  std::size_t changed = 1000, rounds = 3, threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--index") index = argv[i + 1];
    else if (a == "--changed") changed = std::stoul(argv[i + 1]);
    else if (a == "--rounds") rounds = std::stoul(argv[i + 1]);
    else if (a == "--threads") threads = std::stoul(argv[i + 1]);
  }
  if (index.empty() || !fs::exists(index) || rounds == 0) {
    std::cerr << "usage: bench_snapshot_rebuild --index DIR [--changed N] [--rounds R] [--threads T]\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);
  const fs::path work = fs::temp_directory_path() / ("snapshot_rebuild." + std::to_string(::getpid()));
  fs::create_directories(work / "db");
  fs::copy(index, work / "db", fs::copy_options::recursive);
  const std::string path = (work / "db").string();
  {
    Xapian::Database db(path);
    const auto before = build(db, threads, nullptr);
    if (!change_clauses(path, changed)) {
      fs::remove_all(work);
      return 1;
    }
    db.reopen();
    bench::Latencies fresh, reused;  // milliseconds
    std::size_t kept = 0;
    for (std::size_t r = 0; r < rounds; ++r) {
      fresh.time([&] { build(db, threads, nullptr); });
      kept = reused.time([&] { return build(db, threads, before.get())->reused(); });
    }
    const double fresh_s = fresh.percentile(50) / 1000, reused_s = reused.percentile(50) / 1000;
    std::printf("%u clauses, %zu changed by the commit, %zu unchanged, %zu thread(s), %zu rounds (median)\n",
                db.get_doccount(), changed, kept, threads, rounds);
    std::printf("| snapshot build | seconds |\n|---|---|\n");
    std::printf("| afresh | %.2f |\n| from its predecessor | %.2f |\n", fresh_s, reused_s);
    std::printf("ratio afresh / from its predecessor: %.1fx\n", fresh_s / reused_s);
  }
  fs::remove_all(work);
  return 0;
}
