// http_date.cpp — IMF-fixdate, on the civil-date arithmetic of opening_hours.
#include "veldwijzer/http_date.h"

#include "veldwijzer/opening_hours.h"

#include <array>
#include <cstdio>

namespace veldwijzer {
namespace {

constexpr std::array<const char *, 7> kWeekdays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"}; // from 1970-01-01
constexpr std::array<const char *, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// The number in text[at, at + width), all digits; -1 otherwise.
int digits(std::string_view text, std::size_t at, std::size_t width) {
  int value = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return -1;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

} // namespace

std::string http_date(std::int64_t unix_seconds) {
  const std::int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  const std::int64_t second_of_day = unix_seconds - days * 86400;
  int year = 0, month = 0, day = 0;
  civil_from_days(days, year, month, day);
  char out[40];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kWeekdays[static_cast<std::size_t>(((days % 7) + 7) % 7)], day,
                kMonths[static_cast<std::size_t>(month - 1)], year, static_cast<int>(second_of_day / 3600),
                static_cast<int>(second_of_day / 60 % 60), static_cast<int>(second_of_day % 60));
  return out;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": 29 characters at fixed places.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
      text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  int month = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (text.substr(8, 3) == kMonths[i]) {
      month = static_cast<int>(i) + 1;
    }
  }
  const int day = digits(text, 5, 2), year = digits(text, 12, 4);
  const int hour = digits(text, 17, 2), minute = digits(text, 20, 2), second = digits(text, 23, 2);
  if (month == 0 || day < 1 || day > 31 || year < 1970 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 60) {
    return std::nullopt;
  }
  const std::int64_t days = days_from_civil(year, month, day);
  int y = 0, m = 0, d = 0;
  civil_from_days(days, y, m, d);
  if (m != month || d != day) {
    return std::nullopt; // 31 Feb and the like
  }
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

} // namespace veldwijzer
