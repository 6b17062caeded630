// The API without a socket, over the fixture index: a test fixture base that
// opens the service and calls Api::handle directly (routing, errors, CORS).
#pragma once

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "server/cors.h"
#include "server/http_api.h"
#include "server/metrics.h"
#include "search/search_service.h"
#include "tests/fixture_index.h"

namespace clause::testing {

class ApiHarness : public ::testing::Test {
 protected:
  // Opens the fixture index and an Api with this CORS policy.
  void open_api(server::CorsPolicy cors = {}) {
    spdlog::set_level(spdlog::level::warn);
    auto opened = search::SearchService::open(build_index(dir_, fixture_records()));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(*opened);
    api_ = std::make_unique<server::Api>(*service_, metrics_, std::move(cors));
  }

  server::ApiResponse request(const std::string& method, const std::string& path,
                              const std::string& origin, server::ParamMap params) {
    server::ApiRequest req;
    req.method = method;
    req.path = path;
    req.origin = origin;
    req.params = std::move(params);
    return api_->handle(req);
  }

  TempDir dir_;
  std::unique_ptr<search::SearchService> service_;
  server::Metrics metrics_;
  std::unique_ptr<server::Api> api_;
};

}  // namespace clause::testing
