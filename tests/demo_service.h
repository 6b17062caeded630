// A SearchService over the demo corpus (data/clauses.jsonl), indexed once
// per test suite: the base of the suites that check search behaviour on
// realistic text (snippets, collapse, autocorrect).
#pragma once

#include <gtest/gtest.h>

#include "search/search_service.h"
#include "server/search_params.h"
#include "tests/fixture_index.h"

namespace clause::testing {

class DemoServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    auto opened = search::SearchService::open(build_index(*dir_, demo_records()));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = opened->release();
  }
  static void TearDownTestSuite() {
    delete service_;
    service_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }

  // The answer to these parameters; an empty result (and a failure) when
  // they do not parse or the search fails.
  static search::SearchResult search(const server::ParamMap& params) {
    auto request = server::parse_search(params);
    EXPECT_TRUE(request.ok()) << request.error().message;
    if (!request) return {};
    auto result = service_->search(*request);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result.ok() ? *result : search::SearchResult{};
  }

  inline static TempDir* dir_ = nullptr;
  inline static search::SearchService* service_ = nullptr;
};

}  // namespace clause::testing
