#include "indexer/sharded_builder.h"

#include <signal.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>

#include "schema/fnv1a.h"
#include "schema/schema_version.h"
#include "schema/slug.h"

namespace clause {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kQueueCapacity = 2048;  // records waiting per shard: bounds memory

// Removes work directories of earlier runs whose process is gone.
void remove_stale_work_dirs(const fs::path& target) {
  const std::string stem = target.filename().string() + ".build-";
  std::error_code ec;
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(stem, 0) != 0) continue;
    const pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + stem.size()));
    if (pid > 0 && pid != ::getpid() && ::kill(pid, 0) != 0) fs::remove_all(entry.path(), ec);
  }
}

}  // namespace

bool ShardedBuilder::target_is_new(const std::string& target) {
  if (!fs::exists(target)) return true;
  try {
    return Xapian::Database(target).get_doccount() == 0;
  } catch (const Xapian::Error&) {
    return false;  // let the ordinary writer report what is wrong with it
  }
}

ShardedBuilder::ShardedBuilder(std::string target, std::size_t shards,
                               const WriterOptions& options)
    : target_(std::move(target)), synonyms_(options.synonyms) {
  // The shards leave synonyms to the merged index (merge_and_publish): one
  // copy, as compaction would not make one of several.
  WriterOptions shard_options = options;
  shard_options.synonyms = nullptr;
  remove_stale_work_dirs(target_);
  work_dir_ = target_ + ".build-" + std::to_string(::getpid());
  fs::remove_all(work_dir_);
  fs::create_directories(work_dir_);
  for (std::size_t i = 0; i < shards; ++i) {
    auto worker = std::make_unique<Worker>();
    auto writer = IndexWriter::open(work_dir_ + "/shard-" + std::to_string(i), shard_options);
    if (!writer) throw Xapian::DatabaseCreateError(writer.error().message);
    worker->writer = std::move(*writer);
    worker->thread = std::thread([this, w = worker.get()] { run_worker(*w); });
    workers_.push_back(std::move(worker));
  }
  given_.assign(workers_.size(), 0);
}

ShardedBuilder::~ShardedBuilder() {
  stop_workers();
  std::error_code ec;
  fs::remove_all(work_dir_, ec);
}

bool ShardedBuilder::put(const ClauseRecord& record) {
  auto [platform, first] = shard_of_platform_.try_emplace(slugify(record.platform), 0);
  if (first) {
    platform->second = static_cast<std::uint32_t>(std::min_element(given_.begin(), given_.end()) - given_.begin());
  }
  const std::uint32_t shard = shard_of_id_.try_emplace(fnv1a64(record.id), platform->second).first->second;
  ++given_[shard];
  Worker& w = *workers_[shard];
  std::unique_lock lock(w.mutex);
  w.changed.wait(lock, [&] { return w.queue.size() < kQueueCapacity || w.failure; });
  if (w.failure) return false;  // reported by commit()
  w.queue.push_back(record);
  w.changed.notify_all();
  return true;
}

void ShardedBuilder::run_worker(Worker& w) {
  try {
    for (;;) {
      std::unique_lock lock(w.mutex);
      w.changed.wait(lock, [&] { return !w.queue.empty() || w.closed; });
      if (w.queue.empty()) break;
      ClauseRecord record = std::move(w.queue.front());
      w.queue.pop_front();
      w.changed.notify_all();
      lock.unlock();
      w.writer->upsert(record);
    }
    w.writer->commit();
  } catch (...) {
    std::lock_guard lock(w.mutex);
    w.failure = std::current_exception();
    w.changed.notify_all();
  }
}

void ShardedBuilder::stop_workers() {
  for (auto& w : workers_) {
    {
      std::lock_guard lock(w->mutex);
      w->closed = true;
    }
    w->changed.notify_all();
  }
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

void ShardedBuilder::commit() {
  if (committed_) return;
  committed_ = true;
  stop_workers();
  for (auto& w : workers_) {
    if (w->failure) std::rethrow_exception(w->failure);
    const WriteCounts c = w->writer->counts();
    counts_.added += c.added;
    counts_.updated += c.updated;
    counts_.unchanged += c.unchanged;
    w->writer.reset();  // closes the shard so compaction can read it
  }
  merge_and_publish();
}

void ShardedBuilder::merge_and_publish() {
  const std::string merged = work_dir_ + "/merged";
  {
    Xapian::Database shards;
    for (std::size_t i = 0; i < workers_.size(); ++i) {
      shards.add_database(Xapian::Database(work_dir_ + "/shard-" + std::to_string(i)));
    }
    shards.compact(merged);
  }
  {
    // Duplicate metadata keys (display names) are equal across shards;
    // statistics must be recomputed over the whole.
    Xapian::WritableDatabase db(merged, Xapian::DB_OPEN);
    IndexWriter::stamp(db);
    if (synonyms_ != nullptr) write_synonyms(db, *synonyms_);
    db.commit();
  }
  if (fs::exists(target_)) fs::remove_all(target_);  // it held no records
  fs::rename(merged, target_);
}

WriteCounts ShardedBuilder::counts() const { return counts_; }

}  // namespace clause
