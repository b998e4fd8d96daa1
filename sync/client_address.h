// client_address.h — who sent a request, when it came through a proxy we trust.
//
//   auto proxies = parse_networks("127.0.0.1/32,10.0.0.0/8,::1");   // --trusted-proxies
//   RequestOrigin o = request_origin(proxies, peer, "http", headers);
//   o.client   // the address rate limits, logs and metrics use
//   o.scheme   // "https" when a trusted proxy says so (X-Forwarded-Proto / Forwarded proto=)
//
// Only when the TCP peer is a trusted proxy are X-Forwarded-For or, when that
// is absent, Forwarded (RFC 7239) read (the proxy must replace or strip the
// one it does not maintain: docs/DEPLOY.md). The client is then the right-most
// address in the chain that is not a trusted proxy: everything to its left
// was written by the client itself and may be forged. A chain entry that is
// not an address ("unknown", an obfuscated name) stops the walk at the proxy
// that wrote it. Without trusted proxies the headers are ignored.
#pragma once

#include "veldwijzer/result.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer::collector {

// An IPv4 or IPv6 network; IPv4 is kept as an IPv4-mapped IPv6 address
// (::ffff:a.b.c.d), so one comparison serves both.
struct IpNetwork {
  std::array<std::uint8_t, 16> address{};
  int prefix = 128; // bits of address that must match
  bool contains(const std::array<std::uint8_t, 16> &other) const;
};

// "192.0.2.1", "2001:db8::1" -> the address; nullopt for anything else.
std::optional<std::array<std::uint8_t, 16>> parse_ip(std::string_view text);
// The usual text of an address: dotted IPv4 for mapped addresses, RFC 5952 IPv6.
std::string ip_text(const std::array<std::uint8_t, 16> &address);
// "10.0.0.0/8", "::1", "2001:db8::/32"; a plain address is a /32 or /128.
// Host bits set below the prefix are refused (a likely typo).
Result<IpNetwork> parse_network(std::string_view text);
// A comma-separated list (spaces allowed); empty entries are refused.
Result<std::vector<IpNetwork>> parse_networks(std::string_view list);

struct RequestOrigin {
  std::string client;     // address text
  std::string scheme;     // "http" or "https"
  bool forwarded = false; // client taken from a trusted proxy's header
};

// `header(name)` returns every value of that header in order (several
// header lines count as one comma-joined list).
using HeaderValues = std::function<std::vector<std::string>(std::string_view name)>;
RequestOrigin request_origin(const std::vector<IpNetwork> &trusted, std::string_view peer,
                             std::string_view direct_scheme, const HeaderValues &header);

} // namespace veldwijzer::collector
