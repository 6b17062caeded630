// Helpers shared by the test suites: temporary directories and paths to the
// shared corpora (which may be absent: tests that need them skip).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "common/build_paths.h"

namespace clause::testing {

// A fresh directory under the system temp dir, removed when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    const auto base = std::filesystem::temp_directory_path();
    for (;;) {
      path_ = base / ("clause-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
      if (std::filesystem::create_directory(path_)) break;
    }
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

  // Writes content to name inside the directory and returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

inline std::filesystem::path shared_data_dir() { return build_paths::shared_data_dir(); }
inline std::filesystem::path source_dir() { return build_paths::source_dir(); }

}  // namespace clause::testing

// Skips the current test when a shared corpus file is absent.
#define CLAUSE_REQUIRE_SHARED(relative)                                                   \
  do {                                                                                    \
    if (!std::filesystem::exists(::clause::testing::shared_data_dir() / (relative))) {    \
      GTEST_SKIP() << "shared corpus absent: " << (::clause::testing::shared_data_dir() / \
                                                    (relative));                          \
    }                                                                                     \
  } while (0)
