// clause-indexer as a program, given what it must refuse: each refusal is
// a clear error naming the place (file, line, field, option), the exit
// status of the contract, and nothing lost of what is already indexed.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <string>

#include "tests/indexer_run.h"
#include "tests/test_repo.h"
#include "test_support.h"

namespace clause {
namespace {

using testing::run_indexer;
using testing::slurp;
using testing::TempDir;

constexpr char kGood[] = R"({"id":"g1","platform":"P","document":"D","text":"We may end it."})" "\n";

bool has(const std::string& log, const std::string& text) { return log.find(text) != std::string::npos; }

// nlohmann/json copies a value recursively: an unknown field nested 100,000
// deep overflowed the stack (exit 139) and lost the whole run.
TEST(IndexerRefusals, AFieldNestedTooDeepIsAnErrorOnItsLineAndTheRestIsIndexed) {
  TempDir dir;
  const auto log = dir.file("log");
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto input = dir.write("deep.jsonl", std::string(kGood) +
                                                 R"({"id":"deep","platform":"P","document":"D","text":"x y","x":)" +
                                                 deep + "}\n" +
                                                 R"({"id":"g2","platform":"P","document":"D","text":"Fees apply."})" "\n");
  for (const char* jobs : {"1", "2"}) {
    const auto db = dir.file(std::string("db") + jobs);
    EXPECT_EQ(run_indexer({"--db", db, "--jobs", jobs, input}, log), 1) << slurp(log);
    EXPECT_TRUE(has(slurp(log), "deep.jsonl:2: error: field 'x': nested deeper than 64 levels")) << slurp(log);
    EXPECT_EQ(Xapian::Database(db).get_doccount(), 2u);
  }
}

// "--db db/" put the parallel build's work directory inside the new index
// ("db/.build-N"), whose rename then failed: all work lost. A replay into a
// new index could not swap its compacted copy in.
TEST(IndexerRefusals, ADatabasePathWithATrailingSlashIsTheSameIndex) {
  TempDir dir;
  const auto log = dir.file("log");
  const auto input = dir.write("in.jsonl", kGood);
  ASSERT_EQ(run_indexer({"--db", dir.file("built") + "/", "--jobs", "2", input}, log), 0) << slurp(log);
  EXPECT_EQ(Xapian::Database(dir.file("built")).get_doccount(), 1u);
  EXPECT_FALSE(has(slurp(log), "error")) << slurp(log);

  TestRepo repo(dir.path() / "repo");
  repo.commit({{"Acme/Terms.md", "# Terms\n\nWe may end your account at any time.\n"}}, "2024-01-01");
  ASSERT_EQ(run_indexer({"--db", dir.file("replayed") + "//", "--history", dir.file("repo")}, log), 0) << slurp(log);
  EXPECT_FALSE(has(slurp(log), "warning")) << slurp(log);
  EXPECT_GT(Xapian::Database(dir.file("replayed")).get_doccount(), 0u);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".build-"), std::string::npos) << entry.path();
  }
}

// An emptied document (a truncated crawl) deleted its clauses, exit 0.
TEST(IndexerRefusals, ADocumentWithoutClausesExits1AndKeepsItsClauses) {
  TempDir dir;
  const auto log = dir.file("log");
  const auto file = dir.write("tree/Acme/Terms.md", "# Terms\n\nWe may end your account.\n\nFees apply.\n");
  ASSERT_EQ(run_indexer({"--db", dir.file("db"), "--docs", dir.file("tree")}, log), 0) << slurp(log);
  const auto indexed = Xapian::Database(dir.file("db")).get_doccount();
  ASSERT_GT(indexed, 0u);
  dir.write("tree/Acme/Terms.md", "");
  EXPECT_EQ(run_indexer({"--db", dir.file("db"), "--docs", dir.file("tree"), "--prune"}, log), 1) << slurp(log);
  EXPECT_TRUE(has(slurp(log), file + ": error: no clauses found in this document")) << slurp(log);
  EXPECT_EQ(Xapian::Database(dir.file("db")).get_doccount(), indexed);
}

// --delete on a path without an index created an empty one and exited 0.
TEST(IndexerRefusals, DeleteWithoutAnIndexIsAnErrorAndCreatesNothing) {
  TempDir dir;
  const auto log = dir.file("log");
  std::filesystem::create_directory(dir.file("empty"));
  for (const std::string& db : {dir.file("missing"), dir.file("empty")}) {
    EXPECT_EQ(run_indexer({"--db", db, "--delete", "x"}, log), 3) << slurp(log);
    EXPECT_TRUE(has(slurp(log), "error: --delete: no index at " + db)) << slurp(log);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("missing")));
  EXPECT_TRUE(std::filesystem::is_empty(dir.file("empty")));
  // With an index, an unknown id is a warning, as before.
  ASSERT_EQ(run_indexer({"--db", dir.file("db"), dir.write("in.jsonl", kGood)}, log), 0) << slurp(log);
  EXPECT_EQ(run_indexer({"--db", dir.file("db"), "--delete", "x", "g1"}, log), 0) << slurp(log);
  EXPECT_TRUE(has(slurp(log), "--delete x: no such id")) << slurp(log);
  EXPECT_EQ(Xapian::Database(dir.file("db")).get_doccount(), 0u);
}

// Messages that did not say what was wrong, or named the place twice.
TEST(IndexerRefusals, BadPathsAreNamedOnceWithTheirOption) {
  TempDir dir;
  const auto log = dir.file("log");
  const auto input = dir.write("in.jsonl", kGood);
  std::filesystem::create_directory(dir.file("adir"));
  EXPECT_EQ(run_indexer({"--db", dir.file("db"), "--taxonomy", dir.file("adir"), input}, log), 2);
  EXPECT_TRUE(has(slurp(log), "error: --taxonomy " + dir.file("adir") + ": is a directory, not a file")) << slurp(log);
  EXPECT_EQ(run_indexer({"--db", dir.file("db"), "--type-model", dir.file("adir"), input}, log), 2);
  EXPECT_TRUE(has(slurp(log), "type model " + dir.file("adir") + ": is a directory, not a file")) << slurp(log);

  EXPECT_EQ(run_indexer({"--db", dir.file("db"), "--docs", dir.file("nope")}, log), 1);
  EXPECT_TRUE(has(slurp(log), "clause-indexer: error: --docs " + dir.file("nope") + ": not a folder")) << slurp(log);
  EXPECT_FALSE(has(slurp(log), dir.file("nope") + ": error:")) << slurp(log);

  const auto file = dir.write("afile", "x");
  EXPECT_EQ(run_indexer({"--db", file + "/sub", "--jobs", "2", input}, log), 3);
  EXPECT_TRUE(has(slurp(log), "error: --db " + file + "/sub: cannot make the index there: Not a directory"))
      << slurp(log);
  EXPECT_FALSE(std::filesystem::exists(dir.file("db")));
}

}  // namespace
}  // namespace clause
