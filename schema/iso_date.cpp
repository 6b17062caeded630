#include "schema/iso_date.h"

#include <cstddef>

namespace clause {
namespace {

// The `len` digits at `at` as a number; -1 when any is not a digit or the
// text is too short.
int digits(std::string_view s, std::size_t at, std::size_t len) {
  if (at + len > s.size()) return -1;
  int n = 0;
  for (std::size_t i = at; i < at + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    n = n * 10 + (s[i] - '0');
  }
  return n;
}

// "HH:MM" at the start of s, with the limits of an hour and a minute.
bool is_hours_minutes(std::string_view s) {
  const int hours = digits(s, 0, 2), minutes = digits(s, 3, 2);
  return s.size() >= 5 && s[2] == ':' && hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59;
}

// HH:MM[:SS[.fraction]][Z|+HH:MM|-HH:MM], the whole of s.
bool is_time(std::string_view s) {
  if (!is_hours_minutes(s)) return false;
  std::size_t pos = 5;
  if (pos < s.size() && s[pos] == ':') {
    const int seconds = digits(s, pos + 1, 2);
    if (seconds < 0 || seconds > 60) return false;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      std::size_t end = pos + 1;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
      if (end == pos + 1 || end - pos - 1 > 9) return false;
      pos = end;
    }
  }
  const std::string_view offset = s.substr(pos);
  if (offset.empty() || offset == "Z") return true;
  return offset.size() == 6 && (offset[0] == '+' || offset[0] == '-') && is_hours_minutes(offset.substr(1));
}

}  // namespace

bool is_calendar_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  const int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= (month == 2 && leap ? 29 : kDays[month - 1]);
}

bool is_iso_date(std::string_view s) {
  if (!is_calendar_date(s.substr(0, 10))) return false;
  if (s.size() == 10) return true;
  return (s[10] == 'T' || s[10] == ' ') && is_time(s.substr(11));
}

}  // namespace clause
