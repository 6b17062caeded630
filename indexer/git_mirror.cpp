#include "indexer/git_mirror.h"

#include <cctype>
#include <system_error>

#include "indexer/git_support.h"
#include "indexer/version_recorder.h"

namespace clause {
namespace {

namespace fs = std::filesystem;
using git::last_error;
using git::Owned;

using Repository = Owned<git_repository, git_repository_free>;
using Remote = Owned<git_remote, git_remote_free>;
using Reference = Owned<git_reference, git_reference_free>;

struct Buf {
  git_buf buf = GIT_BUF_INIT;
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  ~Buf() { git_buf_dispose(&buf); }
  std::string str() const { return buf.ptr != nullptr ? std::string(buf.ptr, buf.size) : std::string(); }
};

// What the libgit2 callbacks of one clone or fetch share.
struct Transfer {
  const OnTransfer& on_transfer;
  TransferProgress last;
  bool asked_agent = false;
};

int transfer_progress(const git_indexer_progress* stats, void* payload) {
  auto& t = *static_cast<Transfer*>(payload);
  t.last = {stats->received_objects, stats->total_objects, stats->indexed_deltas, stats->total_deltas,
            stats->received_bytes};
  if (t.on_transfer && !t.on_transfer(t.last)) {
    git_error_set_str(GIT_ERROR_CALLBACK, "interrupted");
    return GIT_EUSER;
  }
  return 0;
}

// ssh:// and user@host:path authenticate with the keys of the user's
// ssh-agent, asked once; https needs nothing for a public repository.
int credentials(git_credential** out, const char* /*url*/, const char* user_from_url, unsigned int allowed,
                void* payload) {
  auto& t = *static_cast<Transfer*>(payload);
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0 && !t.asked_agent) {
    t.asked_agent = true;
    return git_credential_ssh_key_from_agent(out, user_from_url != nullptr ? user_from_url : "git");
  }
  return GIT_PASSTHROUGH;  // libgit2 then fails with "authentication required"
}

git_fetch_options fetch_options(Transfer& transfer) {
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  options.callbacks.transfer_progress = transfer_progress;
  options.callbacks.credentials = credentials;
  options.callbacks.payload = &transfer;
  options.proxy_opts.type = GIT_PROXY_AUTO;  // git's http.proxy setting, as git itself would
  return options;
}

// The remote-tracking ref that a fetch of `branch` ("refs/heads/x") updates.
Result<std::string> tracking_ref(git_remote* remote, const std::string& branch) {
  for (std::size_t i = 0; i < git_remote_refspec_count(remote); ++i) {
    const git_refspec* spec = git_remote_get_refspec(remote, i);
    if (git_refspec_direction(spec) != GIT_DIRECTION_FETCH || !git_refspec_src_matches(spec, branch.c_str())) {
      continue;
    }
    Buf out;
    if (git_refspec_transform(&out.buf, spec, branch.c_str()) == 0) return out.str();
  }
  return Error::internal("no fetch refspec of the copy takes " + branch);
}

std::string head_id(git_repository* repo, const std::string& ref) {
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo, ref.c_str()) != 0) return {};
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

Result<MirrorUpdate> clone(const std::string& url, const fs::path& dir, Transfer& transfer) {
  const fs::path partial = dir.string() + ".partial";
  std::error_code ec;
  fs::remove_all(partial, ec);  // a clone an earlier run did not finish
  fs::create_directories(dir.parent_path(), ec);
  git_clone_options options = GIT_CLONE_OPTIONS_INIT;
  options.bare = 1;  // only the history is read: no working tree
  options.fetch_opts = fetch_options(transfer);
  const auto fail = [&](const std::string& what) -> Error {
    const std::string why = last_error();
    fs::remove_all(partial, ec);
    fs::remove(dir.parent_path(), ec);  // the cache folder, when it holds nothing else
    return Error::unavailable(url + ": " + what + " (" + why + ")");
  };
  Repository repo;
  if (git_clone(repo.out(), url.c_str(), partial.c_str(), &options) != 0) return fail("cannot clone it");
  Reference head;
  if (git_repository_head(head.out(), repo.ptr) != 0) return fail("cloned, but it has no branch with a commit");
  MirrorUpdate update;
  update.cloned = true;
  update.transfer = transfer.last;
  update.branch = git_reference_name(head.ptr);
  update.head = head_id(repo.ptr, "HEAD");
  fs::rename(partial, dir, ec);
  if (ec) return Error::unavailable(url + ": cannot move its copy to " + dir.string() + " (" + ec.message() + ")");
  return update;
}

Result<MirrorUpdate> fetch(const std::string& url, const fs::path& dir, Transfer& transfer) {
  Repository repo;
  if (git_repository_open_ext(repo.out(), dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return Error::invalid("history", url + ": its copy " + dir.string() +
                                         " is not a git repository; remove it and run again (" + last_error() + ")");
  }
  Remote remote;
  if (git_remote_lookup(remote.out(), repo.ptr, "origin") != 0) {
    return Error::invalid("history", url + ": its copy " + dir.string() + " has no remote 'origin' (" +
                                         last_error() + "); remove it and run again");
  }
  const git_fetch_options options = fetch_options(transfer);
  if (git_remote_fetch(remote.ptr, nullptr, &options, "clause-indexer: fetch") != 0) {
    return Error::unavailable(url + ": cannot fetch it (" + last_error() + ")");
  }
  // The fetch updated the remote-tracking branches; the replay walks HEAD, so
  // HEAD's branch becomes the remote's default branch, even when rewritten.
  Buf branch;
  if (git_remote_default_branch(&branch.buf, remote.ptr) != 0) {
    return Error::unavailable(url + ": fetched, but cannot tell its default branch (" + last_error() + ")");
  }
  MirrorUpdate update;
  update.transfer = transfer.last;
  update.branch = branch.str();
  auto tracking = tracking_ref(remote.ptr, update.branch);
  if (!tracking) return Error::internal(url + ": " + tracking.error().message);
  git_oid oid;
  Reference local;
  if (git_reference_name_to_id(&oid, repo.ptr, tracking->c_str()) != 0 ||
      git_reference_create(local.out(), repo.ptr, update.branch.c_str(), &oid, 1, "clause-indexer: fetch") != 0 ||
      git_repository_set_head(repo.ptr, update.branch.c_str()) != 0) {
    return Error::internal(url + ": cannot point " + dir.string() + " at " + update.branch + " (" +
                           last_error() + ")");
  }
  update.head = head_id(repo.ptr, "HEAD");
  return update;
}

// The last name of a URL's path, without ".git", kept to characters that
// are safe in a file name: "pga-versions" for .../pga-versions.git.
std::string readable_name(const std::string& url) {
  std::string path = url;
  while (!path.empty() && (path.back() == '/' || path.back() == ':')) path.pop_back();
  if (path.size() > 4 && path.compare(path.size() - 4, 4, ".git") == 0) path.resize(path.size() - 4);
  const auto cut = path.find_last_of("/:");
  std::string name;
  for (const char c : path.substr(cut == std::string::npos ? 0 : cut + 1)) {
    const bool safe = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
    if (name.size() < 40) name += safe ? c : '_';
  }
  return name.empty() || name[0] == '.' ? "repo" : name;
}

}  // namespace

bool is_git_url(const std::string& repo) {
  const auto scheme_end = repo.find("://");
  if (scheme_end != std::string::npos && scheme_end > 0) {
    bool scheme = std::isalpha(static_cast<unsigned char>(repo[0])) != 0;
    for (std::size_t i = 1; i < scheme_end; ++i) {
      const char c = repo[i];
      scheme = scheme && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.');
    }
    if (scheme) return true;
  }
  // scp-like: user@host:path, where no '/' comes before the ':', and no
  // local file has that name.
  std::error_code ec;
  if (fs::exists(repo, ec)) return false;
  const auto at = repo.find('@'), colon = repo.find(':'), slash = repo.find('/');
  return at != std::string::npos && colon != std::string::npos && at > 0 && at + 1 < colon &&
         colon + 1 < repo.size() && (slash == std::string::npos || colon < slash);
}

std::filesystem::path mirror_dir(const std::string& db_path, const std::string& url) {
  fs::path db = fs::absolute(db_path).lexically_normal();
  if (!db.has_filename()) db = db.parent_path();  // "DIR/" names DIR
  return db.parent_path() / (db.filename().string() + ".history-cache") /
         (readable_name(url) + "-" + sha256_hex(url).substr(0, 16));
}

Result<MirrorUpdate> update_mirror(const std::string& url, const std::filesystem::path& dir,
                                   const OnTransfer& on_transfer) {
  git::init();
  Transfer transfer{on_transfer, {}, false};
  std::error_code ec;
  return fs::exists(dir, ec) ? fetch(url, dir, transfer) : clone(url, dir, transfer);
}

}  // namespace clause
