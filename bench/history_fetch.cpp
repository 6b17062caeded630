// bench_history_fetch URL COPY_DIR: one clone (COPY_DIR absent) or fetch
// (COPY_DIR a copy made by an earlier run) of URL, exactly as
// `clause-indexer --history URL` does it (update_mirror, git_mirror.h),
// timed alone, without the replay that follows it in clause-indexer.
// Prints one line: "clone|fetch SECONDS OBJECTS BYTES". bench/run_history_fetch.sh
// runs it beside git itself.
#include <chrono>
#include <cstdio>

#include "indexer/git_mirror.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench_history_fetch URL COPY_DIR\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const auto update = clause::update_mirror(argv[1], argv[2], nullptr);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!update) {
    std::fprintf(stderr, "bench_history_fetch: %s\n", update.error().message.c_str());
    return 1;
  }
  std::printf("%s %.3f %zu %zu\n", update->cloned ? "clone" : "fetch", seconds, update->transfer.received_objects,
              update->transfer.received_bytes);
  return 0;
}
