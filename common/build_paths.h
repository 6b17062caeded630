#pragma once
// Where the source tree and ../shared/data are, for tests and benchmarks.
//
// The build compiles these in relative to the binary's own directory
// (CLAUSE_SOURCE_DIR_FROM_BIN, CLAUSE_SHARED_DATA_FROM_BIN), never as absolute
// paths: an absolute path on the command line makes every object differ
// between two checkouts, so ccache could share none of them between a
// worktree and main.
#include <filesystem>

namespace clause::build_paths {

inline std::filesystem::path beside_binary(const char* relative) {
  const auto binary_dir = std::filesystem::read_symlink("/proc/self/exe").parent_path();
  return (binary_dir / relative).lexically_normal();
}

#ifdef CLAUSE_SOURCE_DIR_FROM_BIN
inline std::filesystem::path source_dir() { return beside_binary(CLAUSE_SOURCE_DIR_FROM_BIN); }
#endif
#ifdef CLAUSE_SHARED_DATA_FROM_BIN
inline std::filesystem::path shared_data_dir() { return beside_binary(CLAUSE_SHARED_DATA_FROM_BIN); }
#endif

}  // namespace clause::build_paths
