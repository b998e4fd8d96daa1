// age_band.h — the age band a record is counted in.
//
// Bands as in the CBS/GGD monitors, so counts line up with their tables:
// prenataal, 0-3, 4-11, 12-17, 18-64, 65-74, 75-84, 85+. The professional
// enters an age (years and/or months, or "zwanger"); a birth date is never
// asked for and never stored.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace veldwijzer {

struct AgeEntry {
  bool prenatal = false;
  int years = 0;
  int months = 0; // added to years; lets a nurse enter "7 months"
};
std::optional<std::string> age_band(const AgeEntry &age); // nullopt: impossible age
const std::vector<std::string> &all_age_bands();

} // namespace veldwijzer
