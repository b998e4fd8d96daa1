// age_band.cpp — entered age to the monitor's age band.
#include "veldwijzer/age_band.h"

namespace veldwijzer {

const std::vector<std::string> &all_age_bands() {
  static const std::vector<std::string> kBands = {"prenataal", "0-3",   "4-11",  "12-17",
                                                  "18-64",     "65-74", "75-84", "85+"};
  return kBands;
}

std::optional<std::string> age_band(const AgeEntry &age) {
  if (age.prenatal) {
    return std::string("prenataal");
  }
  // Oldest recorded people are ~115; anything beyond is a typing error.
  if (age.years < 0 || age.months < 0 || age.years > 120 || age.months > 120 * 12) {
    return std::nullopt;
  }
  const int years = age.years + age.months / 12;
  if (years > 120) {
    return std::nullopt;
  }
  struct Band {
    int below;
    const char *name;
  };
  static constexpr Band kUpper[] = {{4, "0-3"},    {12, "4-11"},  {18, "12-17"}, {65, "18-64"},
                                    {75, "65-74"}, {85, "75-84"}, {121, "85+"}};
  for (const Band &band : kUpper) {
    if (years < band.below) {
      return std::string(band.name);
    }
  }
  return std::nullopt;
}

} // namespace veldwijzer
