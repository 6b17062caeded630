// A test over the fixture index (tests/fixture_index.h), built afresh in a
// temporary directory for each test, with the logs quiet below warnings.
#pragma once

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <string>

#include "tests/fixture_index.h"

namespace clause::testing {

class FixtureIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    path_ = build_index(dir_, fixture_records());
  }
  TempDir dir_;
  std::string path_;
};

}  // namespace clause::testing
