// credentials.h — the secrets the collector hands out, and how it keeps them.
//
// Two kinds of secret exist. An enrollment code is what an admin reads out or
// shows as a QR code: 12 characters from an alphabet without look-alikes
// (no 0/O, 1/I/L), grouped for typing ("K7QM-XW3P-9DTF"), single use, 7 days.
// A token is what a device (or the data team) keeps after enrolling: 256
// random bits as 64 hex characters, sent as "Authorization: Bearer <token>".
//
// The collector stores neither, only their SHA-256, and compares digests in
// constant time. Randomness comes from OpenSSL's CSPRNG (RAND_bytes).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace veldwijzer::collector {

inline constexpr std::string_view kEnrollmentCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
inline constexpr std::size_t kEnrollmentCodeLength = 12;

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);
// `bytes` random bytes as lower-case hex (2 * bytes characters).
std::string random_hex(std::size_t bytes);
// Equal length and content, in time independent of where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// A fresh token: 64 lower-case hex characters.
std::string new_token();
bool is_token(std::string_view text);
// The token in an "Authorization: Bearer <token>" header value (scheme
// case-insensitive), or nullopt when the header is not of that form.
std::optional<std::string_view> bearer_token(std::string_view authorization);

// A short public id for listing and revoking a token: 12 hex characters.
std::string new_token_id();
bool is_token_id(std::string_view text);

// A fresh enrollment code in its canonical form (12 characters, no dashes).
std::string new_enrollment_code();
// What a person typed ("k7qm xw3p-9dtf") in canonical form, or nullopt when it
// cannot be a code (wrong length, a character outside the alphabet).
std::optional<std::string> canonical_enrollment_code(std::string_view typed);
// "K7QMXW3P9DTF" -> "K7QM-XW3P-9DTF".
std::string grouped_enrollment_code(std::string_view canonical);

} // namespace veldwijzer::collector
