// Opening an index so that its state has a key (revision_key) even when it
// is a stub of several local shards, so that what is cached per revision
// (records, facet columns, similarity snapshots) serves sharded indexes too.
//
// Xapian 1.4 gives no revision for a database of several shards. But a
// shard opened on its own and added to a combined database shares its state
// with it: Database::add_database() shares the shard, and reopen() of the
// combined database reopens it. So the shards' own uuids and revisions say
// which state the combined database reads (tests/index_open_test.cpp).
// A stub with a remote shard, or of one database, opens as Xapian opens it.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

namespace clause::layout {

// The local databases a stub of several databases lists, in its order, as
// paths (relative ones resolved against the stub's folder, as Xapian does).
// `path` is a stub file or a folder holding one (XAPIANDB). nullopt when
// path is not such a stub, lists fewer than two databases, or lists one
// that is not a local path (remote, inmemory).
std::optional<std::vector<std::string>> local_stub_parts(const std::string& path);

class OpenedIndex {
 public:
  // Throws what Xapian::Database(path) throws.
  explicit OpenedIndex(const std::string& path);
  OpenedIndex(const OpenedIndex&) = delete;
  OpenedIndex& operator=(const OpenedIndex&) = delete;

  // Brings the database to the latest commit, as Xapian::Database::reopen()
  // does, and says whether it moved. A local glass database (or a stub of
  // them) is reopened only when a commit has replaced its version file
  // since the last reopen: one stat() a file instead of the open, two reads
  // and close of Xapian's own check, which are most of what a request for
  // one clause costs the server beyond the HTTP layer (issue 21). `force`
  // reopens regardless (after a DatabaseModifiedError).
  bool reopen(bool force = false);

  Xapian::Database& db() { return db_; }
  const Xapian::Database& db() const { return db_; }
  // "uuid:revision" of a single database; for local shards the shards'
  // keys joined by ';'; empty when there is no revision to read (remote).
  std::string revision_key() const;

 private:
  // A version file as it was when last looked at, held open so that its
  // inode number cannot be given to the next commit's file (glass writes a
  // new file and renames it over the old one, and a freed inode number is
  // soon reused: the same number twice in three commits, seen here).
  class PinnedFile {
   public:
    // Opens path; open() is false when it could not be opened.
    explicit PinnedFile(std::string path);
    ~PinnedFile();
    PinnedFile(PinnedFile&& other) noexcept;
    PinnedFile& operator=(PinnedFile&&) = delete;
    bool open() const { return fd_ >= 0; }
    // Whether path still names the file that was opened.
    bool still_current() const;

   private:
    std::string path_;
    int fd_ = -1;
    unsigned long long device_ = 0, inode_ = 0;
  };

  // Opens each version file and notes which inode it is; none pinned when
  // one cannot be opened (then the next reopen() reopens).
  void pin_version_files();
  bool version_files_unchanged() const;

  Xapian::Database db_;
  std::vector<Xapian::Database> shards_;  // empty unless opened from local_stub_parts
  std::vector<std::string> version_files_;  // empty: not local glass, always reopened
  std::vector<PinnedFile> pinned_;          // as many as version_files_, or none
};

// While alive, revision_key(index.db()) on this thread is index.revision_key()
// (revision_key() only sees a Xapian::Database). Scopes nest.
class RevisionScope {
 public:
  explicit RevisionScope(const OpenedIndex& index);
  ~RevisionScope();
  RevisionScope(const RevisionScope&) = delete;
  RevisionScope& operator=(const RevisionScope&) = delete;

 private:
  const OpenedIndex* previous_;
};

// The scope's index on this thread, if db is its database (schema_version.cpp).
const OpenedIndex* scoped_index(const Xapian::Database& db);

}  // namespace clause::layout
