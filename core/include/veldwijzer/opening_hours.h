// opening_hours.h — "nu open" / "gesloten" in Dutch local time.
//
// amsterdam_time() turns a UTC instant into Europe/Amsterdam wall-clock time
// (CET/CEST by the EU rule: summer time from the last Sunday of March to the
// last Sunday of October, switching at 01:00 UTC) — no time-zone database
// needed in the browser. open_state() applies a service's weekly hours and
// its public-holiday policy.
#pragma once

#include "veldwijzer/directory.h"

#include <cstdint>
#include <string>

namespace veldwijzer {

struct LocalTime {
  int year = 1970;
  int month = 1;   // 1-12
  int day = 1;     // 1-31
  int weekday = 3; // 0 = Monday ... 6 = Sunday
  int minute = 0;  // minutes after local midnight
};

LocalTime amsterdam_time(std::int64_t unix_seconds);
// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t days_from_civil(int y, int m, int d);
void civil_from_days(std::int64_t days, int &y, int &m, int &d);
// Dutch national public holidays (Nieuwjaar, Pasen, Koningsdag, Bevrijdingsdag
// in lustrum years, Hemelvaart, Pinksteren, Kerst).
bool is_dutch_public_holiday(int year, int month, int day);

// Minutes after midnight as "HH:MM" (1440 -> "24:00").
std::string format_clock(int minutes);

enum class OpenState { open, closed, unknown };
// unknown: no hours in the data, or a public holiday the data says nothing about.
OpenState open_state(const Service &service, const LocalTime &now);

} // namespace veldwijzer
