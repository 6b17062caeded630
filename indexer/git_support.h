// What the indexer's libgit2 code shares (git_history.cpp, git_mirror.cpp):
// the one-time initialisation, the last error as text, and an owner that
// frees a libgit2 object when it goes out of scope. Internal to indexer/.
#pragma once

#include <git2.h>

#include <string>

namespace clause::git {

// libgit2 is initialised once per process and never shut down: its global
// state is reference counted and cheap to keep.
inline void init() {
  static const int once = git_libgit2_init();
  (void)once;
}

inline std::string last_error() {
  const git_error* e = git_error_last();
  return e != nullptr && e->message != nullptr ? e->message : "unknown libgit2 error";
}

// Owns one libgit2 object: `git_xxx_new(thing.out(), ...)`, freed by Free.
template <typename T, void (*Free)(T*)>
struct Owned {
  T* ptr = nullptr;
  Owned() = default;
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  ~Owned() {
    if (ptr != nullptr) Free(ptr);
  }
  T** out() { return &ptr; }
};

}  // namespace clause::git
