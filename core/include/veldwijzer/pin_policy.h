// pin_policy.h — the rules around the PIN that opens the records on a device.
//
// The PIN is the only thing between a lost tablet and its records (the key
// derived from it encrypts the records file, record_vault.h). These are the
// rules the lock screen applies; they are plain functions of their inputs so
// tests can check them without a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace veldwijzer {

// At least six characters: a four-digit PIN falls to an offline search of the
// stolen file in seconds; six already costs 10^6 key derivations, and a longer
// passphrase is accepted for anyone who wants more (docs/ARCHITECTURE.md).
inline constexpr std::size_t kMinPinLength = 6;
inline constexpr std::size_t kMaxPinLength = 64;
// The records lock themselves after this long without a touch or key press.
inline constexpr std::int64_t kAutoLockSeconds = 5 * 60;

// Why a new PIN is refused, as a translation key; nullopt when it is fine.
// Lengths count characters (UTF-8 code points), not bytes.
std::optional<std::string_view> new_pin_problem(std::string_view pin, std::string_view repeated);

// How long the unlock button stays disabled after this many wrong PINs in a
// row: nothing for the first few typing slips, then rising to 15 minutes.
// Against someone guessing at the screen; a copied file is guessed offline,
// which only the key derivation's cost and the PIN's length slow down.
std::int64_t unlock_wait_seconds(int failures);

} // namespace veldwijzer
