// Replays a fuzz target's seed corpus and every crash the fuzzer ever found
// (fuzz/regressions/<target>/) through the target's own entry point, in the
// ordinary build: a fixed crash stays fixed.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/build_paths.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

TEST(FuzzReplay, EveryKnownInputRunsCleanly) {
  std::size_t replayed = 0;
  for (const char* sub : {"corpus", "regressions"}) {
    const std::filesystem::path dir =
        clause::build_paths::source_dir() / "fuzz" / sub / CLAUSE_FUZZ_TARGET;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().filename().string().front() == '.') continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), {});
      SCOPED_TRACE(entry.path().string());
      EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0);
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0u);
}

}  // namespace
