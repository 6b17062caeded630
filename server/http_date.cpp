#include "server/http_date.h"

#include <cstdio>

namespace clause::server {

std::string http_date(std::time_t t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return out;
}

const std::string& current_http_date() {
  thread_local std::time_t made_at = -1;
  thread_local std::string date;
  const std::time_t now = std::time(nullptr);
  if (now != made_at) {
    date = http_date(now);
    made_at = now;
  }
  return date;
}

}  // namespace clause::server
