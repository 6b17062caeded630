// SearchService's browsing side: categories, platforms and compare rows.
#include <gtest/gtest.h>

#include "schema/index_layout.h"
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
    auto opened = SearchService::open(clause::testing::build_index(dir_, clause::testing::fixture_records()));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(*opened);
  }
  clause::testing::TempDir dir_;
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

}  // namespace
}  // namespace clause::search
