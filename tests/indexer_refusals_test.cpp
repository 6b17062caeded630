// clause-indexer as a program, given what it must refuse: each refusal is
// a clear error naming the place (file, line, field, option), the exit
// status of the contract, and nothing lost of what is already indexed.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <string>

#include "tests/indexer_run.h"
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

}  // namespace
}  // namespace clause
