#include "indexer/replay_reader.h"

#include "schema/slug.h"
#include "schema/utf8.h"

namespace clause {
namespace {

// "<Platform>/<Document>.md" split, or why not.
Result<std::pair<std::string, std::string>> split_document_path(const std::string& path) {
  const auto slash = path.find('/');
  const bool shaped = slash != std::string::npos && path.find('/', slash + 1) == std::string::npos &&
                      path.size() > slash + 4 && path.compare(path.size() - 3, 3, ".md") == 0;
  if (!shaped) return Error::invalid("file", "not a <Platform>/<Document>.md file");
  std::string platform = path.substr(0, slash), document = path.substr(slash + 1, path.size() - slash - 4);
  if (utf8::first_invalid(path) || slugify(platform).empty() || slugify(document).empty()) {
    return Error::invalid("file", "its name is not a usable platform and document name");
  }
  return std::make_pair(platform, document);
}

}  // namespace

ReplayReader::ReplayReader(const GitHistory& history, std::vector<std::string> ids, ReplayReaderOptions options,
                           VersionRecorder::Enrich enrich)
    : history_(history), ids_(std::move(ids)), options_(std::move(options)), enrich_(std::move(enrich)) {
  thread_ = std::thread([this] { run(); });
}

ReplayReader::~ReplayReader() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

std::optional<ReplayItem> ReplayReader::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
  if (ready_.empty()) {
    if (failure_) std::rethrow_exception(failure_);
    return std::nullopt;
  }
  ReplayItem item = std::move(ready_.front());
  ready_.pop_front();
  changed_.notify_all();
  return item;
}

bool ReplayReader::put(ReplayItem item) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return ready_.size() < kItemsAhead || closing_; });
  if (closing_) return false;
  ready_.push_back(std::move(item));
  changed_.notify_all();
  return true;
}

void ReplayReader::run() {
  try {
    for (const std::string& id : ids_) {
      {
        std::lock_guard lock(mutex_);
        if (closing_) break;
      }
      read_commit(id);
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    failure_ = std::current_exception();
  }
  std::lock_guard lock(mutex_);
  finished_ = true;
  changed_.notify_all();
}

void ReplayReader::read_commit(const std::string& id) {
  ReplayItem end;
  end.commit_id = id;
  auto commit = history_.read(id);
  if (!commit) {
    end.error = commit.error().message;
    put(std::move(end));
    return;
  }
  end.recorded = options_.since.empty() || commit->date.substr(0, 10) >= options_.since;
  if (end.recorded) {
    for (const ChangedFile& file : commit->files) {
      if (!put(prepare_file(id, file, commit->date))) return;
    }
  }
  put(std::move(end));
}

ReplayItem ReplayReader::prepare_file(const std::string& commit_id, const ChangedFile& file,
                                      const std::string& date) {
  ReplayItem out;
  out.is_file = true;
  out.commit_id = commit_id;
  const std::string where = options_.repo_name + ": commit " + commit_id + ": " + file.path + ": ";
  auto names = split_document_path(file.path);
  if (!names) {
    // Not a document at all: repositories hold a README or a LICENSE beside
    // the documents, and --docs skips such entries with a note too.
    out.skipped = "clause-indexer: skipped " + where + names.error().message;
    return out;
  }
  if (const auto bad = utf8::first_invalid(file.content)) {
    out.refused = where + "error: invalid UTF-8 at byte " + std::to_string(*bad + 1) + "; this version is skipped";
    return out;
  }
  out.version = prepare_version({names->first, names->second, file.content, date, commit_id, file.deleted});
  if (!out.version.warning.empty()) {
    out.warning = options_.repo_name + ": commit " + commit_id + ": " + file.path + ":1: warning: " +
                  out.version.warning;
  }
  align_ahead(out.version);
  return out;
}

// Aligned with the document's last version read, as the index will hold
// it when the writer gets there; the new and reworded clauses enriched.
// A document not seen yet is new only in a new index.
void ReplayReader::align_ahead(PreparedVersion& prepared) {
  const std::string key = held_key(prepared.version.platform, prepared.version.document);
  auto [last, first_seen] = last_texts_.try_emplace(key);
  std::vector<std::string> texts;
  for (const auto& r : prepared.clauses) texts.push_back(r.text);
  if (!first_seen || options_.new_index) {
    prepared.alignment = align_clauses(last->second, texts);
    for (std::size_t j = 0; j < prepared.clauses.size(); ++j) {
      const AlignKind kind = prepared.alignment->clauses[j].kind;
      if (kind != AlignKind::modified && kind != AlignKind::added) continue;
      enrich_(prepared.clauses[j]);
      prepared.enriched[j] = 1;
    }
    prepared.aligned_with = std::move(last->second);
  }
  last->second = std::move(texts);
}

}  // namespace clause
