// clause-indexer's options (indexer/indexer_options.cpp) parsed without
// running anything: what is normalised, what is refused and how the error
// names the option.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "indexer/indexer_options.h"

namespace clause {
namespace {

Result<IndexerOptions> parse(std::vector<std::string> args) {
  args.insert(args.begin(), "clause-indexer");
  return parse_indexer_options(args);
}

// A trailing slash put the parallel build's work directory and the
// compacted copy inside the new index ("db/.build-N"): the rename failed
// and the whole run was lost.
TEST(IndexerOptions, TheDatabasePathLosesItsTrailingSlashes) {
  EXPECT_EQ(parse({"--db", "newdir/", "in.jsonl"})->db_path, "newdir");
  EXPECT_EQ(parse({"--db=a/b//", "in.jsonl"})->db_path, "a/b");
  EXPECT_EQ(parse({"--db", "/", "in.jsonl"})->db_path, "/");
}

}  // namespace
}  // namespace clause
