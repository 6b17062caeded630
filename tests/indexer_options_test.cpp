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

// Contradictions were taken silently (the last --db won; --prune-all
// overrode --prune; --taxonomy did nothing under --no-classify). Refused,
// naming both, as --type-model with --no-type-model already was.
TEST(IndexerOptions, ContradictoryOptionsAreRefusedNamingBoth) {
  const auto refused = [](std::vector<std::string> args, const std::string& field,
                          const std::string& message) {
    const auto r = parse(std::move(args));
    ASSERT_FALSE(r.ok()) << message;
    EXPECT_EQ(r.error().field, field);
    EXPECT_NE(r.error().message.find(message), std::string::npos) << r.error().message;
  };
  refused({"--db", "a", "--db", "b", "in.jsonl"}, "--db", "--db is given twice ('a' and 'b'): give it once");
  refused({"--db=a", "--db=b", "in.jsonl"}, "--db", "--db is given twice ('a' and 'b')");
  refused({"--db", "a", "--jobs", "1", "--jobs", "2", "in.jsonl"}, "--jobs", "--jobs is given twice");
  refused({"--db", "a", "--prune", "--prune-all", "in.jsonl"}, "--prune-all",
          "--prune and --prune-all contradict each other");
  refused({"--db", "a", "--no-classify", "--taxonomy", "t.json", "in.jsonl"}, "--no-classify",
          "--no-classify and --taxonomy FILE contradict each other");
  refused({"--db", "a", "--no-type-model", "--type-model", "m", "in.jsonl"}, "--no-type-model",
          "--no-type-model and --type-model FILE contradict each other");
  // Lists repeat.
  const auto lists = parse({"--db", "a", "--docs", "t1", "--docs", "t2", "--type-model", "m1", "--type-model", "m2"});
  ASSERT_TRUE(lists.ok()) << lists.error().message;
  EXPECT_EQ(lists->doc_dirs.size(), 2u);
  EXPECT_EQ(lists->type_model_files.size(), 2u);
}

}  // namespace
}  // namespace clause
