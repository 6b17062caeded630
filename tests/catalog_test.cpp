// SearchService's browsing side: categories, platforms and compare rows.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "schema/index_layout.h"
#include "search/catalog_cache.h"
#include "search/search_service.h"
#include "server/search_params.h"
#include "tests/fixture_index.h"

namespace clause::search {
namespace {

// Requests are parsed as the server parses them.
using server::parse_category;
using server::parse_platform;
using server::parse_compare;

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = clause::testing::build_index(dir_, clause::testing::fixture_records());
    auto opened = SearchService::open(path_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(*opened);
  }
  clause::testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<SearchService> service_;
};

TEST_F(CatalogTest, ListsCategoriesWithClauseAndPlatformCounts) {
  auto list = service_->categories();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 5u);
  EXPECT_EQ((*list)[0].name, "Data sharing");  // sorted by name
  EXPECT_EQ((*list)[0].slug, "data-sharing");
  EXPECT_EQ((*list)[0].clauses, 3u);
  EXPECT_EQ((*list)[0].platforms, 3u);
  EXPECT_EQ((*list)[3].slug, "termination");
  EXPECT_EQ((*list)[3].platforms, 2u);
}

TEST_F(CatalogTest, PagesOneCategoryWorstSeverityFirst) {
  auto page = service_->category(*parse_category("Data sharing", {{"limit", "2"}}));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 3u);
  ASSERT_EQ(page->hits.size(), 2u);
  EXPECT_EQ(page->hits[0].record["id"], "acme-2");  // critical
  EXPECT_EQ(page->hits[1].record["id"], "umbrella-2");  // high
  auto medium = service_->category(*parse_category("data-sharing", {{"severity", "medium"}}));
  ASSERT_TRUE(medium.ok());
  EXPECT_EQ(medium->total, 1u);
  auto missing = service_->category(*parse_category("nothing-here", {}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

TEST_F(CatalogTest, SummarisesAPlatform) {
  auto list = service_->platforms();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 5u);
  EXPECT_EQ(list->back().name, "Umbrella Corp");
  auto acme = service_->platform(*parse_platform("Acme", {}));
  ASSERT_TRUE(acme.ok());
  EXPECT_EQ(acme->page.total, 3u);
  EXPECT_EQ(acme->page.subject.name, "Acme");
  ASSERT_EQ(acme->by_category.size(), 4u);
  for (const auto& c : acme->by_category) {
    if (c.slug == "tracking-cookies") {
      EXPECT_EQ(c.worst_severity, "critical");
    } else if (c.slug == "liability") {
      EXPECT_EQ(c.worst_severity, "medium");
    }
  }
  EXPECT_EQ(acme->by_severity.size(), 3u);
  EXPECT_EQ(acme->by_document.size(), 2u);
  EXPECT_FALSE(service_->platform(*parse_platform("nobody", {})).ok());
}

TEST_F(CatalogTest, ComparesRequestedPlatformsInOneCategory) {
  auto r = service_->compare(*parse_compare({{"category", "Data sharing"}, {"platforms", "globex,acme,initech"}}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->rows.size(), 3u);
  EXPECT_EQ(r->rows[0].slug, "globex");  // in the order asked
  EXPECT_EQ(r->rows[0].worst_severity, "medium");
  EXPECT_EQ(r->rows[1].worst_severity, "critical");
  EXPECT_EQ(r->rows[1].clauses, 1u);
  EXPECT_EQ(r->rows[2].clauses, 0u);  // a known platform without such clauses
  EXPECT_FALSE(r->rows[2].worst_severity.has_value());
  EXPECT_EQ(r->category_name, "Data sharing");
}

TEST_F(CatalogTest, ComparesAllPlatformsOfACategoryInPages) {
  auto r = service_->compare(*parse_compare({{"category", "tracking-cookies"}, {"limit", "2"}, {"offset", "1"}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->platforms_total, 3u);  // acme, hooli, initech
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[0].slug, "hooli");
  EXPECT_EQ(r->rows[1].slug, "initech");
}

TEST_F(CatalogTest, CompareRejectsUnknownCategoryOrPlatform) {
  auto cat = service_->compare(*parse_compare({{"category", "nope"}}));
  ASSERT_FALSE(cat.ok());
  EXPECT_EQ(cat.error().kind, ErrorKind::not_found);
  EXPECT_EQ(cat.error().field, "category");
  auto plat = service_->compare(*parse_compare({{"category", "liability"}, {"platforms", "acme,ghost"}}));
  ASSERT_FALSE(plat.ok());
  EXPECT_EQ(plat.error().field, "platforms");
}

TEST_F(CatalogTest, ReportsIndexStatistics) {
  auto info = service_->info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->clauses, 12u);
  EXPECT_EQ(info->platforms, 5u);
  EXPECT_EQ(info->categories, 5u);
  EXPECT_EQ(info->schema_version, layout::schema_version_string());
  EXPECT_TRUE(info->revision.has_value());
}

// Catalog answers are computed once per index revision (issue 21): a second
// request is answered from the cache with the same answer, and a commit
// between two requests changes the answer on the next one.
TEST_F(CatalogTest, AnswersAreCachedPerIndexRevision) {
  const auto compare = *parse_compare({{"category", "liability"}, {"per_platform", "2"}});
  const auto category = *parse_category("liability", {{"limit", "3"}});
  const auto first_list = service_->categories();
  const auto first_compare = service_->compare(compare);
  const auto first_category = service_->category(category);
  ASSERT_TRUE(first_list.ok() && first_compare.ok() && first_category.ok());
  auto cache = service_->info()->catalog_cache;
  EXPECT_EQ(cache.answers, 3u);
  EXPECT_EQ(cache.hits, 0u);
  EXPECT_GT(cache.bytes, 0u);

  const auto again = service_->categories();
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), first_list->size());
  for (std::size_t i = 0; i < again->size(); ++i) {
    EXPECT_EQ((*again)[i].slug, (*first_list)[i].slug);
    EXPECT_EQ((*again)[i].clauses, (*first_list)[i].clauses);
    EXPECT_EQ((*again)[i].platforms, (*first_list)[i].platforms);
  }
  const auto compare_again = service_->compare(compare);
  ASSERT_TRUE(compare_again.ok());
  ASSERT_EQ(compare_again->rows.size(), first_compare->rows.size());
  for (std::size_t i = 0; i < compare_again->rows.size(); ++i) {
    EXPECT_EQ(compare_again->rows[i].slug, first_compare->rows[i].slug);
    EXPECT_EQ(compare_again->rows[i].clauses, first_compare->rows[i].clauses);
    ASSERT_EQ(compare_again->rows[i].hits.size(), first_compare->rows[i].hits.size());
    for (std::size_t h = 0; h < compare_again->rows[i].hits.size(); ++h) {
      EXPECT_EQ(compare_again->rows[i].hits[h].record, first_compare->rows[i].hits[h].record);
    }
  }
  EXPECT_EQ(service_->category(category)->total, first_category->total);
  cache = service_->info()->catalog_cache;
  EXPECT_EQ(cache.hits, 3u);
  EXPECT_EQ(cache.answers, 3u);

  // Another page is another answer.
  ASSERT_TRUE(service_->category(*parse_category("liability", {{"offset", "1"}})).ok());
  EXPECT_EQ(service_->info()->catalog_cache.answers, 4u);

  clause::testing::add_to_index(path_, {clause::testing::record_from_json(
      R"({"id":"new-1","platform":"Newco","document":"Terms","categories":["Liability"],)"
      R"("text":"We are not liable for anything."})")});
  const auto after = service_->compare(compare);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->platforms_total, first_compare->platforms_total + 1);
  EXPECT_EQ(service_->info()->catalog_cache.answers, 1u);  // the old revision's answers are gone
}

// A page of about `kib` KiB, its first record's id `id`.
ClausePage page_of(const std::string& id, std::size_t kib = 1) {
  ClausePage page;
  Hit hit;
  hit.record = {{"id", id}, {"text", std::string(kib * 1024, 'x')}};
  page.hits.assign(1, hit);
  return page;
}

// CatalogCache::answer with a compute that counts its calls.
struct Counted {
  CatalogCache& cache;
  int computed = 0;
  Result<ClausePage> operator()(const std::string& revision, const std::string& key, std::size_t kib = 1) {
    return cache.answer<ClausePage>(revision, key, [&]() -> Result<ClausePage> {
      ++computed;
      return page_of(key, kib);
    });
  }
};

// The cache is bounded by its estimate of the answers' bytes: past the
// bound the least recently used answers go.
TEST(CatalogCacheTest, StaysWithinItsByteBound) {
  CatalogCache cache;
  Counted ask{cache};
  const std::size_t one = estimated_bytes(page_of("x", 1024));
  EXPECT_GT(one, 1024u * 1024);
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(ask("rev", "page " + std::to_string(i), 1024).ok());
    EXPECT_LE(cache.stats().bytes, CatalogCache::kMaxBytes);
  }
  EXPECT_GT(cache.stats().answers, 0u);
  EXPECT_LT(cache.stats().answers, 100u);
  EXPECT_EQ(cache.stats().answers + cache.stats().evictions, 100u);
  ask("rev", "page 99", 1024);  // the latest is kept
  EXPECT_EQ(ask.computed, 100);
  ask("other rev", "page 99", 1024);  // another revision is another answer
  EXPECT_EQ(ask.computed, 101);
  EXPECT_EQ(cache.stats().answers, 1u);  // and drops the old revision's
}

// Per-slug answers are bounded in number too: the least recently used goes
// first, an answer asked again stays.
TEST(CatalogCacheTest, KeepsAtMostItsNumberOfAnswersLeastRecentlyUsedOut) {
  CatalogCache cache(3);
  Counted ask{cache};
  for (const char* key : {"a", "b", "c"}) ask("rev", key);
  ask("rev", "a");  // used again: now "b" is the oldest
  ask("rev", "d");
  EXPECT_EQ(cache.stats().answers, 3u);
  EXPECT_EQ(cache.stats().evictions, 1u);
  EXPECT_EQ(ask.computed, 4);
  const auto a = ask("rev", "a");
  ask("rev", "c");
  ask("rev", "d");
  EXPECT_EQ(ask.computed, 4);  // all three kept
  EXPECT_EQ(a->hits[0].record["id"], "a");
  ask("rev", "b");
  EXPECT_EQ(ask.computed, 5);  // "b" was the one evicted
}

TEST(CatalogCacheTest, AnswerAloneOverTheByteBoundIsReturnedNotKept) {
  CatalogCache cache(10, 64 * 1024);
  Counted ask{cache};
  const auto big = ask("rev", "big", 128);
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->hits[0].record["id"], "big");
  EXPECT_EQ(cache.stats().answers, 0u);
  ask("rev", "big", 128);
  EXPECT_EQ(ask.computed, 2);
}

// Waits (bounded, so that a broken cache fails instead of hanging) until
// `waiting` callers wait for another's computation.
void await_waiters(const CatalogCache& cache, std::size_t waiting) {
  for (int i = 0; i < 600000 && cache.stats().waits < waiting; ++i) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  ASSERT_EQ(cache.stats().waits, waiting);
}

// Concurrent first requests for one answer: one computes it, the others wait
// for it and get the same answer. The computation only ends once the others
// wait, so the test does not depend on timing.
TEST(CatalogCacheTest, ConcurrentFirstRequestsComputeOnce) {
  constexpr std::size_t kCallers = 8;
  CatalogCache cache;
  std::atomic<int> computed{0};
  std::vector<Result<ClausePage>> answers(kCallers, Error::internal("not run"));
  std::vector<std::thread> callers;
  for (std::size_t i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      answers[i] = cache.answer<ClausePage>("rev", "categories", [&]() -> Result<ClausePage> {
        ++computed;
        await_waiters(cache, kCallers - 1);
        return page_of("computed once");
      });
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(computed.load(), 1);
  for (const auto& a : answers) {
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->hits[0].record["id"], "computed once");
  }
  const auto stats = cache.stats();
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.hits, kCallers - 1);
  EXPECT_EQ(stats.waits, kCallers - 1);
  EXPECT_EQ(stats.answers, 1u);
}

// When the one computing fails (an exception, as a commit overtaking its
// read throws, or an error), the waiters are not left hanging: each computes
// its own answer, and nothing failed is kept.
TEST(CatalogCacheTest, WaitersComputeTheirOwnWhenTheComputationFails) {
  for (const bool throws : {true, false}) {
    constexpr std::size_t kCallers = 4;
    CatalogCache cache;
    std::atomic<int> computed{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> callers;
    for (std::size_t i = 0; i < kCallers; ++i) {
      callers.emplace_back([&] {
        try {
          const auto a = cache.answer<ClausePage>("rev", "compare", [&]() -> Result<ClausePage> {
            if (computed++ > 0) return page_of("own");
            await_waiters(cache, kCallers - 1);
            if (throws) throw std::runtime_error("overtaken");
            return Error::unavailable("overtaken");
          });
          if (!a.ok()) ++failed;
        } catch (const std::runtime_error&) {
          ++failed;
        }
      });
    }
    for (auto& t : callers) t.join();
    EXPECT_EQ(failed.load(), 1) << "throws " << throws;
    EXPECT_EQ(computed.load(), static_cast<int>(kCallers));
    EXPECT_EQ(cache.stats().misses, kCallers);
    EXPECT_EQ(cache.stats().answers, 1u);  // a waiter's own answer, not the failure
  }
}

}  // namespace
}  // namespace clause::search
