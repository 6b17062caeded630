// The Date header's form (server/http_date.h).
#include "server/http_date.h"

#include <gtest/gtest.h>

#include <set>

namespace clause::server {
namespace {

TEST(HttpDate, IsTheImfFixdateForm) {
  EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's own example
  EXPECT_EQ(http_date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(HttpDate, NowIsNow) {
  std::set<std::string> around;
  const std::time_t now = std::time(nullptr);
  for (std::time_t t = now - 1; t <= now + 2; ++t) around.insert(http_date(t));
  EXPECT_TRUE(around.count(current_http_date())) << current_http_date();
}

}  // namespace
}  // namespace clause::server
