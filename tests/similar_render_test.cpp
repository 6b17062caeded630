// How a /similar answer shows its expected count's parts (server/json_render.h).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/json_render.h"

namespace clause::server {
namespace {

// Shown to three decimals, the parts still add up to at most 1, as
// docs/API.md says: ten shares of 0.0995 and 0.005 left make 1, and
// rounded they would show 1.0 + 0.005.
TEST(SimilarRender, TheSharesShownAddUpToAtMostOne) {
  SimilarResult r;
  r.count_method = "expected";
  for (int i = 0; i < 10; ++i) r.type_estimate.push_back({"type-" + std::to_string(i), 0.0995, 3});
  r.type_none_share = 0.005;
  const nlohmann::json shown = to_json(r);
  double sum = shown["type_none_share"].get<double>();
  for (const auto& e : shown["type_estimate"]) sum += e["share"].get<double>();
  EXPECT_LE(sum, 1.0 + 1e-12) << shown.dump();
  EXPECT_DOUBLE_EQ(shown["type_estimate"][0]["share"].get<double>(), 0.099);
  EXPECT_DOUBLE_EQ(shown["type_none_share"].get<double>(), 0.005);  // exact thousandths stay
}

}  // namespace
}  // namespace clause::server
