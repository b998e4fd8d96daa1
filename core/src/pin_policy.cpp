// pin_policy.cpp — PIN length and the wait after wrong PINs.
#include "veldwijzer/pin_policy.h"

#include <array>

namespace veldwijzer {
namespace {

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0; // continuation bytes don't start a character
  }
  return count;
}

// The whole PIN is its first character over and over. Compares characters,
// not bytes: "éééééé" is as guessable as "111111".
bool one_character_repeated(std::string_view pin) {
  std::size_t width = 1;
  while (width < pin.size() && (static_cast<unsigned char>(pin[width]) & 0xC0) == 0x80) {
    ++width;
  }
  const std::string_view first = pin.substr(0, width);
  for (std::size_t at = width; at < pin.size(); at += width) {
    if (pin.substr(at, width) != first) {
      return false;
    }
  }
  return true;
}

} // namespace

std::optional<std::string_view> new_pin_problem(std::string_view pin, std::string_view repeated) {
  const std::size_t length = code_points(pin);
  if (length < kMinPinLength) {
    return "lock.problem.too_short";
  }
  if (length > kMaxPinLength) {
    return "lock.problem.too_long";
  }
  if (pin != repeated) {
    return "lock.problem.mismatch";
  }
  // "000000", "111111": the first things anyone tries.
  if (one_character_repeated(pin)) {
    return "lock.problem.one_character";
  }
  return std::nullopt;
}

std::int64_t unlock_wait_seconds(int failures) {
  constexpr std::array<std::int64_t, 9> kWait = {0, 0, 0, 0, 0, 30, 60, 300, 900};
  if (failures < 0) {
    return 0;
  }
  return failures < static_cast<int>(kWait.size()) ? kWait[static_cast<std::size_t>(failures)] : kWait.back();
}

} // namespace veldwijzer
