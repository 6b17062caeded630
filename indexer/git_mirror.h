// GitMirror: the local copy of a remote git repository that
// `clause-indexer --history URL` replays. The first run clones the URL (bare,
// no working tree), later runs fetch only what is new and move the copy's
// HEAD to the remote's default branch, all through libgit2 (never a git
// command). A remote whose history was rewritten is followed here (the
// branch is force-updated); the replay then refuses it, as for a local
// repository.
//
// The copy lives beside the index, in <DIR>.history-cache/<name>-<hash>
// (mirror_dir): not inside DIR, which holds only the index (a new index is
// made only in an empty directory, and copies or replicas of DIR should not
// carry the repository), and not in a cache shared between indexes, so it is
// removed with its index and two indexes never fetch into one copy at once.
//
// Not thread-safe. Errors name the URL; a failed first clone leaves nothing.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "schema/result.h"

namespace clause {

// True when REPO names a remote repository for libgit2 rather than a local
// path: SCHEME://... (https, http, ssh, git, file) or scp-like user@host:path
// (when no local file has that name).
bool is_git_url(const std::string& repo);

// Where the copy of `url` lives for the index at db_path:
// <db_path>.history-cache/<last name of the URL>-<16 hex of its SHA-256>.
std::filesystem::path mirror_dir(const std::string& db_path, const std::string& url);

// How far a clone or fetch has got (libgit2's git_indexer_progress).
struct TransferProgress {
  std::size_t received_objects = 0, total_objects = 0;
  std::size_t indexed_deltas = 0, total_deltas = 0;
  std::size_t received_bytes = 0;
};

// Called as objects arrive; returning false cancels the transfer.
using OnTransfer = std::function<bool(const TransferProgress&)>;

struct MirrorUpdate {
  bool cloned = false;         // false: fetched into an existing copy
  TransferProgress transfer;   // what arrived (all zero: nothing was new)
  std::string branch;          // the remote's default branch, "refs/heads/..."
  std::string head;            // the commit id it points at now
};

// Clones `url` into `dir` (through dir + ".partial", renamed when complete)
// or fetches into the copy already there, and points its HEAD at the
// remote's default branch. Errors: "URL: cannot clone it (...)", "URL:
// cannot fetch it (...)", or `dir` exists and is not a git repository.
Result<MirrorUpdate> update_mirror(const std::string& url, const std::filesystem::path& dir,
                                   const OnTransfer& on_transfer);

}  // namespace clause
