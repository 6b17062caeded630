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

// --since and --as-of took 2025-02-30 (days were checked against 31) and
// anything after a 'T'. --since is a day (compared with a commit's day);
// --as-of may carry a time, as a version's date does.
TEST(IndexerOptions, DatesAreCalendarDays) {
  for (const char* bad : {"2025-02-30", "2025-04-31", "2025-02-29", "2025-01-01Tgarbage"}) {
    const auto since = parse({"--db", "d", "--history", "repo", "--since", bad});
    ASSERT_FALSE(since.ok()) << bad;
    EXPECT_EQ(since.error().field, "--since");
    EXPECT_NE(since.error().message.find(std::string("got '") + bad + "'"), std::string::npos);
    const auto as_of = parse({"--db", "d", "--docs", "tree", "--as-of", bad});
    ASSERT_FALSE(as_of.ok()) << bad;
    EXPECT_EQ(as_of.error().field, "--as-of");
  }
  EXPECT_FALSE(parse({"--db", "d", "--history", "repo", "--since", "2025-01-10T12:00:00Z"}).ok());
  EXPECT_EQ(parse({"--db", "d", "--history", "repo", "--since", "2024-02-29"})->since, "2024-02-29");
  EXPECT_EQ(parse({"--db", "d", "--docs", "tree", "--as-of", "2025-01-10T12:00:00Z"})->as_of, "2025-01-10T12:00:00Z");
}

}  // namespace
}  // namespace clause
