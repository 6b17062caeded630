// The benchmark query set and its translation for the FTS5 peer: both
// engines must be asked the same thing (bench/queries.txt, docs/benchmarks.md).
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "bench/bench_common.h"
#include "search/search_service.h"
#include "tests/fixture_index.h"
#include "test_support.h"

using namespace clause::bench;

namespace {

std::vector<BenchQuery> load_text(const clause::testing::TempDir& dir, const std::string& text) {
  return load_queries(dir.write("q.txt", text));
}

}  // namespace

TEST(BenchQueries, WordsPhrasesAndFilters) {
  clause::testing::TempDir dir;
  const auto qs = load_text(dir, "# comment\n\narbitration\n\"class action\" waiver\n"
                                 "notice | category=Changes to terms | severity=high\n");
  ASSERT_EQ(qs.size(), 3u);
  EXPECT_EQ(qs[0].parts.size(), 1u);
  ASSERT_EQ(qs[1].parts.size(), 2u);
  EXPECT_TRUE(qs[1].parts[0].phrase);
  EXPECT_EQ(qs[1].parts[0].text, "class action");
  EXPECT_FALSE(qs[1].parts[1].phrase);
  EXPECT_EQ(qs[1].line, "\"class action\" waiver");
  ASSERT_EQ(qs[2].filters.size(), 2u);
  EXPECT_EQ(qs[2].filters[0], (std::pair<std::string, std::string>{"category", "Changes to terms"}));
  EXPECT_EQ(qs[2].filters[1].second, "high");
}

TEST(BenchQueries, Fts5MatchQuotesEveryPartSoAllMustMatch) {
  clause::testing::TempDir dir;
  const auto qs = load_text(dir, "\"third parties\" sell data\nnon-refundable\n");
  EXPECT_EQ(fts5_match(qs[0]), "\"third parties\" \"sell\" \"data\"");
  EXPECT_EQ(fts5_match(qs[1]), "\"non-refundable\"");
}

TEST(BenchQueries, MalformedLinesNameTheLine) {
  clause::testing::TempDir dir;
  try {
    load_text(dir, "ok\n\"open phrase\n");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("q.txt:2:"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_text(dir, "word | platform=X\n"), std::runtime_error);
}

TEST(BenchQueries, CheckedInSetHasTwoHundredDistinctQueriesOfEveryKind) {
  const auto qs = load_queries(clause::build_paths::source_dir().string() + "/bench/queries.txt");
  std::set<std::string> distinct;
  std::size_t phrases = 0, combos = 0, filtered = 0;
  for (const auto& q : qs) {
    std::string key = q.line;
    for (const auto& [f, v] : q.filters) key += "|" + f + "=" + v;
    distinct.insert(key);
    phrases += q.parts.size() == 1 && q.parts[0].phrase;
    combos += q.parts.size() >= 2 || (q.parts.size() == 1 && !q.parts[0].phrase &&
                                      q.parts[0].text.find(' ') != std::string::npos);
    filtered += !q.filters.empty();
  }
  EXPECT_GE(qs.size(), 200u);
  EXPECT_EQ(distinct.size(), qs.size());
  EXPECT_GE(phrases, 40u);
  EXPECT_GE(combos, 40u);
  EXPECT_GE(filtered, 20u);
}

TEST(BenchStats, PercentileIsNearestRank) {
  std::vector<double> v;
  for (int i = 100; i >= 1; --i) v.push_back(i);
  EXPECT_EQ(percentile(v, 50), 50);
  EXPECT_EQ(percentile(v, 99), 99);
  EXPECT_EQ(percentile({7}, 99), 7);
}

// search_bench times searches with the similarity snapshot off (issue 21):
// no snapshot build shares the cores with the timed searches.
TEST(BenchSettings, TimedSearchesRunWithoutASnapshotBuild) {
  clause::testing::TempDir dir;
  auto service = clause::search::SearchService::open(
      clause::testing::build_index(dir, clause::testing::fixture_records()), timed_search_options());
  ASSERT_TRUE(service.ok());
  EXPECT_EQ((*service)->info()->similar_snapshot.state, "off");
}
