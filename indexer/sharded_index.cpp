#include "indexer/sharded_index.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <limits>

#include "indexer/shard_router.h"
#include "schema/index_layout.h"
#include "schema/schema_version.h"
#include "schema/slug.h"

namespace clause {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMetaName = "meta";
constexpr const char* kStubName = "XAPIANDB";  // Xapian opens a directory holding it as a stub
constexpr const char* kRemoteStubName = "remote.stub";

std::string shard_name(std::size_t i) { return "shard-" + std::to_string(i); }

std::size_t existing_shards(const fs::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  while (fs::is_directory(dir / shard_name(n), ec)) ++n;
  return n;
}

// Writes a stub file through a temporary and a rename, so that a reader
// never opens half a list.
void write_stub(const fs::path& path, std::size_t shards, const std::vector<std::string>& remotes) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# clause-indexer: " << shards
        << " shards routed by FNV-1a of the platform slug; meta first (names, spelling).\n"
        << "auto " << kMetaName << "\n";
    for (std::size_t i = 0; i < shards; ++i) {
      if (remotes.empty()) {
        out << "auto " << shard_name(i) << "\n";
      } else {
        out << "remote " << remotes[i] << "\n";
      }
    }
    if (!out.flush()) {
      throw fs::filesystem_error("cannot write", tmp, std::error_code(errno, std::generic_category()));
    }
  }
  fs::rename(tmp, path);
}

Result<std::size_t> shard_count_for(const fs::path& dir, const ShardOptions& o) {
  std::error_code ec;
  const bool sharded = ShardedIndex::is_sharded(dir.string());
  if (!sharded && fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return Error::invalid("--shards", dir.string() +
                                          " exists and is not a sharded index: shard into a new "
                                          "directory");
  }
  const std::size_t have = sharded ? existing_shards(dir) : 0;
  if (o.shards == 0 && have == 0) {
    return Error::invalid("--shards", "--shards N is needed to create a sharded index");
  }
  if (o.shards != 0 && have != 0 && o.shards != have) {
    return Error::invalid("--shards", dir.string() + " has " + std::to_string(have) +
                                          " shards, not " + std::to_string(o.shards) +
                                          ": re-sharding means building a new index");
  }
  const std::size_t n = o.shards ? o.shards : have;
  if (!o.remotes.empty() && o.remotes.size() != n) {
    return Error::invalid("--stub-remote", "--stub-remote needs one HOST:PORT per shard (" +
                                               std::to_string(n) + "), got " +
                                               std::to_string(o.remotes.size()));
  }
  return n;
}

}  // namespace

bool ShardedIndex::is_sharded(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / kStubName, ec) &&
         fs::is_directory(fs::path(dir) / kMetaName, ec);
}

Result<std::unique_ptr<ShardedIndex>> ShardedIndex::open(const std::string& dir,
                                                         const ShardOptions& shard_options,
                                                         const WriterOptions& options) {
  const fs::path root(dir);
  auto n = shard_count_for(root, shard_options);
  if (!n) return n.error();
  // Shards never commit on their own: commit() commits them all with meta.
  WriterOptions shard_writer = options;
  shard_writer.batch_size = std::numeric_limits<std::size_t>::max();
  shard_writer.synonyms = nullptr;  // meta holds them (the constructor)
  shard_writer.pair_words = false;  // see WriterOptions::pair_words
  try {
    fs::create_directories(root);
    Xapian::WritableDatabase meta = open_or_create_database((root / kMetaName).string());
    if (auto ok = layout::check_schema_version(meta); !ok) return ok.error();
    std::vector<std::unique_ptr<IndexWriter>> shards;
    for (std::size_t i = 0; i < *n; ++i) {
      auto writer = IndexWriter::open((root / shard_name(i)).string(), shard_writer);
      if (!writer) return writer.error();
      shards.push_back(std::move(*writer));
    }
    write_stub(root / kStubName, *n, {});
    if (!shard_options.remotes.empty()) write_stub(root / kRemoteStubName, *n, shard_options.remotes);
    auto index = std::unique_ptr<ShardedIndex>(
        new ShardedIndex(std::move(meta), std::move(shards), options));
    for (auto& shard : index->shards_) shard->spell_into(options.spelling ? &index->meta_ : nullptr);
    return index;
  } catch (const Xapian::DatabaseLockError& e) {
    return Error::unavailable("cannot write to " + dir +
                              ": another clause-indexer holds the lock (" + e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    return Error::unavailable("cannot open " + dir + " for writing: " + e.get_description());
  }
}

ShardedIndex::ShardedIndex(Xapian::WritableDatabase meta,
                           std::vector<std::unique_ptr<IndexWriter>> shards,
                           const WriterOptions& options)
    : meta_(std::move(meta)), shards_(std::move(shards)), options_(options) {
  // Pending until the first commit of meta, like the display names.
  if (options_.synonyms != nullptr) write_synonyms(meta_, *options_.synonyms);
  if (!options_.type_models.empty()) {
    meta_.set_metadata(std::string(layout::kTypeModelsKey), options_.type_models);
  }
}

bool ShardedIndex::put(const ClauseRecord& record) {
  const std::size_t home = shard_of_platform(slugify(record.platform), shards_.size());
  // A clause that changed platform may sit in another shard: take it out,
  // so that no stale copy answers searches there.
  bool moved = false;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (i != home && shards_[i]->remove(record.id)) moved = true;
  }
  const UpsertOutcome outcome = shards_[home]->upsert(record);
  if (outcome == UpsertOutcome::unchanged) {
    ++counts_.unchanged;
    return false;
  }
  ++(outcome == UpsertOutcome::updated || moved ? counts_.updated : counts_.added);
  write_display_names(meta_, record, named_);
  note_change();
  return true;
}

std::size_t ShardedIndex::prune(const std::unordered_set<std::string>& keep_ids,
                                const std::set<std::string>* platform_slugs) {
  std::size_t removed = 0;
  for (auto& shard : shards_) removed += shard->prune(keep_ids, platform_slugs);
  counts_.deleted += removed;
  pending_ += removed;
  return removed;
}

std::size_t ShardedIndex::prune_document(const std::string& platform, const std::string& document,
                                         const std::unordered_set<std::string>& keep_ids) {
  auto& shard = *shards_[shard_of_platform(slugify(platform), shards_.size())];
  const std::size_t removed = shard.prune_document(platform, document, keep_ids);
  counts_.deleted += removed;
  pending_ += removed;
  return removed;
}

bool ShardedIndex::remove(const std::string& id) {
  bool removed = false;
  for (auto& shard : shards_) removed = shard->remove(id) || removed;
  if (removed) {
    ++counts_.deleted;
    note_change();
  }
  return removed;
}

void ShardedIndex::note_change() {
  if (++pending_ >= options_.batch_size) commit();
}

void ShardedIndex::commit() {
  Xapian::Database all;
  for (auto& shard : shards_) {
    shard->commit();
    all.add_database(shard->database());
  }
  stamp_metadata(meta_, corpus_stats(all));
  meta_.commit();
  pending_ = 0;
}

}  // namespace clause
