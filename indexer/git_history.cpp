#include "indexer/git_history.h"

#include <algorithm>
#include <ctime>

#include "indexer/git_support.h"

namespace clause {
namespace {

using git::last_error;
using git::Owned;

using Revwalk = Owned<git_revwalk, git_revwalk_free>;
using Commit = Owned<git_commit, git_commit_free>;
using Tree = Owned<git_tree, git_tree_free>;
using Diff = Owned<git_diff, git_diff_free>;
using Blob = Owned<git_blob, git_blob_free>;

std::string oid_hex(const git_oid* oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, oid);
  return hex;
}

}  // namespace

void GitHistory::RepoCloser::operator()(git_repository* repo) const { git_repository_free(repo); }

GitHistory::GitHistory(std::string path, git_repository* repo) : path_(std::move(path)), repo_(repo) {}

std::string iso_utc(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

Result<GitHistory> GitHistory::open(const std::string& path, const std::string& name) {
  git::init();
  const std::string shown = name.empty() ? path : name;
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return Error::invalid("history", shown + ": not a git repository (" + last_error() + ")");
  }
  return GitHistory(shown, repo);
}

bool GitHistory::has_commits() const { return git_repository_head_unborn(repo_.get()) != 1; }

Result<std::vector<std::string>> GitHistory::commits_after(const std::string& after) const {
  Revwalk walk;
  if (git_revwalk_new(walk.out(), repo_.get()) != 0 ||
      git_revwalk_sorting(walk.ptr, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) != 0 ||
      git_revwalk_simplify_first_parent(walk.ptr) != 0 || git_revwalk_push_head(walk.ptr) != 0) {
    return Error::invalid("history", path_ + ": cannot walk the history of HEAD (" + last_error() + ")");
  }
  std::vector<std::string> ids;
  git_oid oid;
  while (git_revwalk_next(&oid, walk.ptr) == 0) ids.push_back(oid_hex(&oid));
  if (after.empty()) return ids;
  const auto at = std::find(ids.begin(), ids.end(), after);
  if (at == ids.end()) {
    return Error::invalid("history", path_ + ": the history of HEAD no longer contains commit " + after +
                                         ", the last one this index recorded (was the history rewritten?);"
                                         " index it into a new index");
  }
  return std::vector<std::string>(at + 1, ids.end());
}

Result<HistoryCommit> GitHistory::read(const std::string& id) const {
  const auto fail = [&](const std::string& what) {
    return Error::invalid("history", path_ + ": commit " + id + ": " + what + " (" + last_error() + ")");
  };
  git_oid oid;
  Commit commit;
  Tree tree;
  if (git_oid_fromstr(&oid, id.c_str()) != 0 || git_commit_lookup(commit.out(), repo_.get(), &oid) != 0) {
    return fail("cannot read the commit");
  }
  if (git_commit_tree(tree.out(), commit.ptr) != 0) return fail("cannot read its tree");
  Commit parent;
  Tree parent_tree;
  if (git_commit_parentcount(commit.ptr) > 0) {
    if (git_commit_parent(parent.out(), commit.ptr, 0) != 0 ||
        git_commit_tree(parent_tree.out(), parent.ptr) != 0) {
      return fail("cannot read its first parent");
    }
  }
  Diff diff;
  if (git_diff_tree_to_tree(diff.out(), repo_.get(), parent_tree.ptr, tree.ptr, nullptr) != 0) {
    return fail("cannot compare it with its parent");
  }
  HistoryCommit out;
  out.id = id;
  out.time = static_cast<std::int64_t>(git_commit_time(commit.ptr));
  out.date = iso_utc(out.time);
  for (std::size_t i = 0; i < git_diff_num_deltas(diff.ptr); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.ptr, i);
    ChangedFile file;
    if (delta->status == GIT_DELTA_DELETED) {
      file.path = delta->old_file.path;
      file.deleted = true;
    } else {
      file.path = delta->new_file.path;
      Blob blob;
      if (git_blob_lookup(blob.out(), repo_.get(), &delta->new_file.id) != 0) {
        return fail("cannot read " + file.path);
      }
      file.content.assign(static_cast<const char*>(git_blob_rawcontent(blob.ptr)),
                          static_cast<std::size_t>(git_blob_rawsize(blob.ptr)));
    }
    out.files.push_back(std::move(file));
  }
  return out;
}

}  // namespace clause
