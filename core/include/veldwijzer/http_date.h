// http_date.h — the HTTP Date header (RFC 9110 IMF-fixdate), both ways.
//
//   http_date(1796601600)                       -> "Mon, 07 Dec 2026 00:00:00 GMT"
//   parse_http_date("Mon, 07 Dec 2026 00:00:00 GMT") -> 1796601600
//
// The collector stamps every answer with its clock; the device compares it
// with its own (sync_client.h) to notice a tablet whose clock is wrong.
// Only IMF-fixdate is read (what every current server sends); the obsolete
// RFC 850 and asctime forms give nullopt, as does anything malformed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace veldwijzer {

std::string http_date(std::int64_t unix_seconds);
std::optional<std::int64_t> parse_http_date(std::string_view text);

} // namespace veldwijzer
