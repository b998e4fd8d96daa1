// opening_hours_test.cpp — Dutch local time across summer time, public
// holidays, and "nu open" for weekly hours.
#include "veldwijzer/opening_hours.h"

#include <catch_amalgamated.hpp>

using namespace veldwijzer;

TEST_CASE("winter time is UTC+1 and summer time UTC+2, switching on the last Sundays at 01:00 UTC") {
  // 2026-01-15 12:00 UTC -> 13:00 CET, a Thursday
  LocalTime t = amsterdam_time(1768478400);
  CHECK(t.year == 2026);
  CHECK(t.month == 1);
  CHECK(t.day == 15);
  CHECK(t.weekday == 3);
  CHECK(t.minute == 13 * 60);
  // 2026-03-29 00:59:59 UTC is still winter (01:59:59); one second later it is 03:00 CEST.
  CHECK(amsterdam_time(1774745999).minute == 1 * 60 + 59);
  CHECK(amsterdam_time(1774746000).minute == 3 * 60);
  // 2026-10-25 00:59:59 UTC is 02:59:59 CEST; at 01:00 UTC clocks go back to 02:00 CET.
  CHECK(amsterdam_time(1792889999).minute == 2 * 60 + 59);
  CHECK(amsterdam_time(1792890000).minute == 2 * 60);
}

TEST_CASE("local midnight moves the date and weekday") {
  // 2026-06-30 22:30 UTC -> 2026-07-01 00:30 CEST, a Wednesday
  const LocalTime t = amsterdam_time(1782858600);
  CHECK(t.month == 7);
  CHECK(t.day == 1);
  CHECK(t.weekday == 2);
  CHECK(t.minute == 30);
}

TEST_CASE("Dutch public holidays follow Easter and Koningsdag rules") {
  CHECK(is_dutch_public_holiday(2026, 1, 1));
  CHECK(is_dutch_public_holiday(2026, 4, 5));  // Eerste Paasdag 2026
  CHECK(is_dutch_public_holiday(2026, 4, 6));  // Tweede Paasdag
  CHECK(is_dutch_public_holiday(2026, 4, 27)); // Koningsdag on a Monday
  CHECK(is_dutch_public_holiday(2025, 4, 26)); // 27 April 2025 was a Sunday
  CHECK_FALSE(is_dutch_public_holiday(2025, 4, 27));
  CHECK(is_dutch_public_holiday(2026, 5, 14)); // Hemelvaartsdag
  CHECK(is_dutch_public_holiday(2026, 5, 25)); // Tweede Pinksterdag
  CHECK(is_dutch_public_holiday(2025, 5, 5));  // lustrum Bevrijdingsdag
  CHECK_FALSE(is_dutch_public_holiday(2026, 5, 5));
  CHECK(is_dutch_public_holiday(2026, 12, 26));
  CHECK_FALSE(is_dutch_public_holiday(2026, 11, 26));
}

TEST_CASE("weekly hours say open, closed or unknown") {
  Service office;
  office.hours.push_back({"h", 0x1F, 9 * 60, 17 * 60, ""}); // Mon-Fri 09:00-17:00
  office.terms = {"holidays-closed"};
  LocalTime thursday_noon{2026, 11, 26, 3, 12 * 60};
  CHECK(open_state(office, thursday_noon) == OpenState::open);
  LocalTime thursday_evening{2026, 11, 26, 3, 17 * 60};
  CHECK(open_state(office, thursday_evening) == OpenState::closed);
  LocalTime saturday{2026, 11, 28, 5, 12 * 60};
  CHECK(open_state(office, saturday) == OpenState::closed);
  LocalTime christmas{2026, 12, 25, 4, 12 * 60};
  CHECK(open_state(office, christmas) == OpenState::closed);

  office.terms.clear(); // holiday policy unknown
  CHECK(open_state(office, christmas) == OpenState::unknown);

  Service hotline;
  hotline.hours.push_back({"h", 0x7F, 0, 24 * 60, ""});
  CHECK(hotline.always_open());
  CHECK(open_state(hotline, christmas) == OpenState::open);

  Service no_hours;
  CHECK(open_state(no_hours, thursday_noon) == OpenState::unknown);
}
