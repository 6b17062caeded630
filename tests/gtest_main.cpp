// The main of every test binary: GoogleTest's, plus one rule. When a test
// suite's SetUpTestSuite (or the global set-up) fails, GoogleTest marks the
// suite's tests skipped and prints "[  SKIPPED ]", which ctest's skip pattern
// (gtest_discover_tests) reads as a skip, not a failure: a broken fixture
// would pass CI. So a failure outside any test ends the run at once with
// exit status 1, before any test is reported as skipped.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// Keeps its own note of where the run is: UnitTest's accessors take the lock
// that GoogleTest holds while it reports a result.
class FailWhenSetUpFails : public ::testing::EmptyTestEventListener {
  void OnTestSuiteStart(const ::testing::TestSuite& suite) override { suite_ = suite.name(); }
  void OnTestSuiteEnd(const ::testing::TestSuite&) override { suite_.clear(); }
  void OnTestStart(const ::testing::TestInfo&) override { in_test_ = true; }
  void OnTestEnd(const ::testing::TestInfo&) override { in_test_ = false; }
  void OnTestPartResult(const ::testing::TestPartResult& result) override {
    if (!result.failed() || in_test_) return;
    std::fprintf(stderr, "[  FAILED  ] the set-up of %s failed: its tests fail (not skipped)\n",
                 suite_.empty() ? "the test environment" : suite_.c_str());
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(1);
  }

  std::string suite_;
  bool in_test_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  // Appended after the default printer, which has printed the failure.
  ::testing::UnitTest::GetInstance()->listeners().Append(new FailWhenSetUpFails);
  return RUN_ALL_TESTS();
}
