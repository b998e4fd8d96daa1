// opening_hours.cpp — civil-date arithmetic, the EU summer-time rule, holidays.
#include "veldwijzer/opening_hours.h"

namespace veldwijzer {
namespace {

int weekday_of(std::int64_t days) { // 0 = Monday; 1970-01-01 was a Thursday
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

std::int64_t last_sunday(int year, int month) {
  const int last_day = month == 3 || month == 10 ? 31 : 30;
  const std::int64_t days = days_from_civil(year, month, last_day);
  return days - (weekday_of(days) + 1) % 7;
}

// Easter Sunday (anonymous Gregorian algorithm) as days since the epoch.
std::int64_t easter(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = ((h + l - 7 * m + 114) % 31) + 1;
  return days_from_civil(y, month, day);
}

} // namespace

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = static_cast<int>(y - era * 400);
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, int &y, int &m, int &d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = static_cast<int>(z - era * 146097);
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y = static_cast<int>(yoe + era * 400) + (m <= 2 ? 1 : 0);
}

LocalTime amsterdam_time(std::int64_t unix_seconds) {
  const std::int64_t utc_days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  int year = 0, month = 0, day = 0;
  civil_from_days(utc_days, year, month, day);
  // Summer time runs from 01:00 UTC on the last Sunday of March until 01:00
  // UTC on the last Sunday of October.
  const std::int64_t summer_start = last_sunday(year, 3) * 86400 + 3600;
  const std::int64_t summer_end = last_sunday(year, 10) * 86400 + 3600;
  const int offset = unix_seconds >= summer_start && unix_seconds < summer_end ? 7200 : 3600;
  const std::int64_t local = unix_seconds + offset;
  const std::int64_t local_days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  LocalTime t;
  civil_from_days(local_days, t.year, t.month, t.day);
  t.weekday = weekday_of(local_days);
  t.minute = static_cast<int>((local - local_days * 86400) / 60);
  return t;
}

bool is_dutch_public_holiday(int year, int month, int day) {
  if ((month == 1 && day == 1) || (month == 12 && (day == 25 || day == 26))) {
    return true;
  }
  // Koningsdag: 27 April, or the 26th when the 27th is a Sunday.
  const std::int64_t kings_day = days_from_civil(year, 4, 27);
  const std::int64_t observed = weekday_of(kings_day) == 6 ? kings_day - 1 : kings_day;
  const std::int64_t date = days_from_civil(year, month, day);
  if (date == observed) {
    return true;
  }
  // Bevrijdingsdag is a general day off only once every five years.
  if (month == 5 && day == 5 && year % 5 == 0) {
    return true;
  }
  const std::int64_t e = easter(year);
  return date == e || date == e + 1 || date == e + 39 || date == e + 49 || date == e + 50;
}

std::string format_clock(int minutes) {
  const auto two = [](int n) { return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)}; };
  return two(minutes / 60) + ":" + two(minutes % 60);
}

OpenState open_state(const Service &service, const LocalTime &now) {
  if (service.always_open()) {
    return OpenState::open;
  }
  if (service.hours.empty()) {
    return OpenState::unknown;
  }
  if (is_dutch_public_holiday(now.year, now.month, now.day)) {
    switch (service.holidays()) {
    case HolidayPolicy::closed:
      return OpenState::closed;
    case HolidayPolicy::unknown:
      return OpenState::unknown;
    case HolidayPolicy::open:
      break; // the normal weekly hours apply
    }
  }
  for (const WeeklyHours &h : service.hours) {
    if ((h.days & (1u << now.weekday)) && now.minute >= h.opens_minute && now.minute < h.closes_minute) {
      return OpenState::open;
    }
  }
  return OpenState::closed;
}

} // namespace veldwijzer
