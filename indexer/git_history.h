// GitHistory: reads a local git repository of document versions through
// libgit2 (never by parsing a git command's output): the first-parent
// commits, oldest first, and what each one changed.
//
// Not thread-safe (one libgit2 repository handle). Errors name the
// repository path or the commit.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "schema/result.h"

struct git_repository;

namespace clause {

// One file a commit added, changed or deleted (a rename is a delete and an add).
struct ChangedFile {
  std::string path;     // relative to the repository root, '/'-separated
  bool deleted = false;
  std::string content;  // the new bytes (empty when deleted)
};

struct HistoryCommit {
  std::string id;       // 40 hex digits
  std::int64_t time = 0;  // committer time, seconds since the epoch
  std::string date;     // the same as ISO 8601 UTC: YYYY-MM-DDTHH:MM:SSZ
  std::vector<ChangedFile> files;  // in path order
};

class GitHistory {
 public:
  // Opens the repository at path (a working tree or a bare repository; no
  // search upwards). Errors name the repository as `name` (default: path;
  // a URL when path is its local copy): "NAME: not a git repository (...)".
  static Result<GitHistory> open(const std::string& path, const std::string& name = {});

  // False when HEAD names a branch without a commit yet (a repository
  // just made by `git init`): there is no history to walk.
  bool has_commits() const;

  // The ids of the first-parent history of HEAD, oldest first, after the
  // commit `after` (empty: from the first). Error when `after` is not in
  // that history (the history was rewritten, or another repository).
  Result<std::vector<std::string>> commits_after(const std::string& after) const;

  // The commit and the files it changed against its first parent (all its
  // files for a root commit).
  Result<HistoryCommit> read(const std::string& id) const;

  const std::string& name() const { return path_; }

 private:
  struct RepoCloser {
    void operator()(git_repository* repo) const;
  };
  GitHistory(std::string path, git_repository* repo);

  std::string path_;  // the repository's name in errors (see open)
  std::unique_ptr<git_repository, RepoCloser> repo_;
};

// "YYYY-MM-DDTHH:MM:SSZ" of a time in seconds since the epoch (UTC).
std::string iso_utc(std::int64_t seconds);

}  // namespace clause
