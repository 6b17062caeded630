#include "schema/index_open.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "schema/schema_version.h"

namespace clause::layout {
namespace {

namespace fs = std::filesystem;

thread_local const OpenedIndex* t_scoped = nullptr;

// Stub database types that name a local database by path (Xapian 1.4).
bool local_type(const std::string& type) { return type == "auto" || type == "glass" || type == "chert"; }

// The file a glass database's commit replaces (Xapian 1.4's name for it), or
// empty when `dir` holds none (a stub, another backend).
std::string glass_version_file(const std::string& dir) {
  std::error_code ec;
  const fs::path file = fs::path(dir) / "iamglass";
  return fs::is_directory(dir, ec) && fs::is_regular_file(file, ec) ? file.string() : std::string();
}

}  // namespace

std::optional<std::vector<std::string>> local_stub_parts(const std::string& path) {
  std::error_code ec;
  fs::path stub = path;
  if (fs::is_directory(stub, ec)) stub /= "XAPIANDB";
  if (!fs::is_regular_file(stub, ec)) return std::nullopt;
  std::ifstream in(stub);
  if (!in) return std::nullopt;
  std::vector<std::string> parts;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string type;
    if (!(words >> type) || type[0] == '#') continue;
    std::string rest;
    std::getline(words >> std::ws, rest);
    if (!local_type(type) || rest.empty()) return std::nullopt;
    const fs::path part = rest;
    parts.push_back(part.is_absolute() ? part.string() : (stub.parent_path() / part).string());
  }
  if (parts.size() < 2) return std::nullopt;
  return parts;
}

OpenedIndex::OpenedIndex(const std::string& path) {
  const auto parts = local_stub_parts(path);
  // Pinned before opening: a commit in between leaves the pins on the old
  // files and the next reopen() reopens. Pinned after, the database could
  // stay at a revision older than the pinned file, for good.
  if (parts) {
    for (const auto& p : *parts) version_files_.push_back(glass_version_file(p));
  } else {
    version_files_.push_back(glass_version_file(path));
  }
  if (std::find(version_files_.begin(), version_files_.end(), std::string()) != version_files_.end()) {
    version_files_.clear();  // some part is not local glass: reopened every time
  }
  pin_version_files();
  if (parts) {
    for (const auto& p : *parts) {
      Xapian::Database shard(p);
      if (shard.size() != 1) {  // a stub inside the stub: Xapian opens the whole
        shards_.clear();
        break;
      }
      shards_.push_back(shard);
    }
    if (!shards_.empty()) {
      for (const auto& shard : shards_) db_.add_database(shard);
      return;
    }
  }
  db_ = Xapian::Database(path);
}

OpenedIndex::PinnedFile::PinnedFile(std::string path)
    : path_(std::move(path)), fd_(::open(path_.c_str(), O_RDONLY | O_CLOEXEC)) {
  struct stat st {};
  if (fd_ >= 0 && ::fstat(fd_, &st) == 0) {
    device_ = st.st_dev;
    inode_ = st.st_ino;
  } else if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

OpenedIndex::PinnedFile::~PinnedFile() {
  if (fd_ >= 0) ::close(fd_);
}

OpenedIndex::PinnedFile::PinnedFile(PinnedFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), device_(other.device_),
      inode_(other.inode_) {}

bool OpenedIndex::PinnedFile::still_current() const {
  struct stat st {};
  return fd_ >= 0 && ::stat(path_.c_str(), &st) == 0 && st.st_dev == device_ && st.st_ino == inode_;
}

void OpenedIndex::pin_version_files() {
  pinned_.clear();
  for (const auto& path : version_files_) {
    PinnedFile pin(path);
    if (!pin.open()) {
      pinned_.clear();
      return;
    }
    pinned_.push_back(std::move(pin));
  }
}

bool OpenedIndex::version_files_unchanged() const {
  if (version_files_.empty() || pinned_.size() != version_files_.size()) return false;
  return std::all_of(pinned_.begin(), pinned_.end(), [](const PinnedFile& pin) { return pin.still_current(); });
}

bool OpenedIndex::reopen(bool force) {
  if (!force && version_files_unchanged()) return false;
  // Pinned before reopening, for the same reason as in the constructor.
  pin_version_files();
  return db_.reopen();
}

std::string OpenedIndex::revision_key() const {
  if (shards_.empty()) return database_revision_key(db_);
  std::string key;
  for (const auto& shard : shards_) {
    const std::string k = database_revision_key(shard);
    if (k.empty()) return {};
    if (!key.empty()) key += ';';
    key += k;
  }
  return key;
}

RevisionScope::RevisionScope(const OpenedIndex& index) : previous_(t_scoped) { t_scoped = &index; }
RevisionScope::~RevisionScope() { t_scoped = previous_; }

const OpenedIndex* scoped_index(const Xapian::Database& db) {
  return t_scoped != nullptr && &t_scoped->db() == &db ? t_scoped : nullptr;
}

}  // namespace clause::layout
