// client_address.cpp — addresses, networks and the forwarding chain.
#include "client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace veldwijzer::collector {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool is_mapped(const std::array<std::uint8_t, 16> &a) {
  return std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), a.begin());
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Splits on `separator` outside double quotes (Forwarded values may quote commas).
std::vector<std::string_view> split_outside_quotes(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') {
      quoted = !quoted;
    } else if (text[i] == '\\' && quoted) {
      ++i;
    } else if (text[i] == separator && !quoted) {
      parts.push_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  parts.push_back(trim(text.substr(start)));
  return parts;
}

// A node as proxies write it: "192.0.2.1", "192.0.2.1:4711", "[2001:db8::1]",
// "[2001:db8::1]:4711", "2001:db8::1", optionally in double quotes.
std::optional<std::array<std::uint8_t, 16>> parse_node(std::string_view node) {
  node = trim(node);
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"') {
    node = node.substr(1, node.size() - 2);
  }
  if (!node.empty() && node.front() == '[') {
    const auto close = node.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    return parse_ip(node.substr(1, close - 1));
  }
  if (std::count(node.begin(), node.end(), ':') == 1) { // IPv4 with a port
    node = node.substr(0, node.find(':'));
  }
  return parse_ip(node);
}

struct Hop {
  std::string_view node; // as written
  std::string_view proto;
};

std::vector<Hop> forwarded_hops(const std::vector<std::string> &values) {
  std::vector<Hop> hops;
  for (const std::string &value : values) {
    for (const std::string_view element : split_outside_quotes(value, ',')) {
      Hop hop;
      for (const std::string_view pair : split_outside_quotes(element, ';')) {
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos) {
          continue;
        }
        const std::string key = lower(trim(pair.substr(0, eq)));
        const std::string_view val = trim(pair.substr(eq + 1));
        if (key == "for") {
          hop.node = val;
        } else if (key == "proto") {
          hop.proto = val;
        }
      }
      hops.push_back(hop);
    }
  }
  return hops;
}

std::vector<Hop> x_forwarded_for_hops(const std::vector<std::string> &values) {
  std::vector<Hop> hops;
  for (const std::string &value : values) {
    for (const std::string_view node : split_outside_quotes(value, ',')) {
      hops.push_back({node, {}});
    }
  }
  return hops;
}

std::optional<std::string> scheme_of(std::string_view proto) {
  if (proto.size() >= 2 && proto.front() == '"' && proto.back() == '"') {
    proto = proto.substr(1, proto.size() - 2);
  }
  const std::string p = lower(trim(proto));
  if (p == "http" || p == "https") {
    return p;
  }
  return std::nullopt;
}

bool trusted_address(const std::vector<IpNetwork> &trusted, const std::array<std::uint8_t, 16> &address) {
  return std::any_of(trusted.begin(), trusted.end(), [&](const IpNetwork &n) { return n.contains(address); });
}

} // namespace

bool IpNetwork::contains(const std::array<std::uint8_t, 16> &other) const {
  int bits = prefix;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((address[i] & mask) != (other[i] & mask)) {
      return false;
    }
  }
  return true;
}

std::optional<std::array<std::uint8_t, 16>> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 45) {
    return std::nullopt;
  }
  const std::string s(text);
  std::array<std::uint8_t, 16> out{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), out.begin());
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

std::string ip_text(const std::array<std::uint8_t, 16> &address) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (is_mapped(address)) {
    inet_ntop(AF_INET, address.data() + 12, buffer, sizeof buffer);
  } else {
    inet_ntop(AF_INET6, address.data(), buffer, sizeof buffer);
  }
  return buffer;
}

Result<IpNetwork> parse_network(std::string_view text) {
  text = trim(text);
  const auto slash = text.find('/');
  const auto address = parse_ip(text.substr(0, slash));
  if (!address) {
    return fail("'" + std::string(text) + "' is not an IPv4 or IPv6 address or network (like 10.0.0.0/8 or ::1)");
  }
  const bool v4 = is_mapped(*address) && text.find(':') == std::string_view::npos;
  const int max_bits = v4 ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(std::string(digits)) > max_bits) {
      return fail("'" + std::string(text) + "': the prefix length must be 0 to " + std::to_string(max_bits));
    }
    bits = std::stoi(std::string(digits));
  }
  IpNetwork network{*address, v4 ? bits + 96 : bits};
  IpNetwork host_bits_clear = network;
  for (int bit = network.prefix; bit < 128; ++bit) {
    host_bits_clear.address[static_cast<std::size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
  }
  if (host_bits_clear.address != network.address) {
    return fail("'" + std::string(text) + "' has bits set after the prefix; did you mean " +
                ip_text(host_bits_clear.address) + "/" + std::to_string(bits) + "?");
  }
  return network;
}

Result<std::vector<IpNetwork>> parse_networks(std::string_view list) {
  std::vector<IpNetwork> networks;
  for (const std::string_view entry : split_outside_quotes(list, ',')) {
    if (entry.empty()) {
      return fail("empty entry in the list '" + std::string(list) + "'");
    }
    auto network = parse_network(entry);
    if (!network) {
      return fail(network.error());
    }
    networks.push_back(network.value());
  }
  return networks;
}

RequestOrigin request_origin(const std::vector<IpNetwork> &trusted, std::string_view peer,
                             std::string_view direct_scheme, const HeaderValues &header) {
  RequestOrigin origin{std::string(peer), std::string(direct_scheme), false};
  const auto peer_address = parse_ip(peer);
  if (trusted.empty() || !peer_address || !trusted_address(trusted, *peer_address)) {
    return origin;
  }
  origin.client = ip_text(*peer_address);

  // X-Forwarded-For is what nginx, Caddy, HAProxy and cloud load balancers
  // append to; most pass a client's own Forwarded header through untouched,
  // so Forwarded is read only from a proxy that sends no X-Forwarded-For.
  // Its proto belongs to the hop we pick.
  const std::vector<std::string> x_forwarded_for = header("X-Forwarded-For");
  const std::vector<std::string> forwarded = x_forwarded_for.empty() ? header("Forwarded") : std::vector<std::string>{};
  const bool standard = !forwarded.empty();
  const std::vector<Hop> hops = standard ? forwarded_hops(forwarded) : x_forwarded_for_hops(x_forwarded_for);
  std::optional<std::string> scheme;
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    const auto address = parse_node(hop->node);
    if (!address) {
      break; // "unknown" or obfuscated: the proxy to its right is as far as we can see
    }
    origin.client = ip_text(*address);
    origin.forwarded = true;
    if (standard) {
      scheme = scheme_of(hop->proto);
    }
    if (!trusted_address(trusted, *address)) {
      break;
    }
  }
  if (!standard) {
    // Proxies set (or append to) X-Forwarded-Proto; the right-most value is the nearest trusted one's.
    const std::vector<std::string> protos = header("X-Forwarded-Proto");
    if (!protos.empty()) {
      const auto parts = split_outside_quotes(protos.back(), ',');
      scheme = scheme_of(parts.back());
    }
  }
  if (scheme) {
    origin.scheme = *scheme;
  }
  return origin;
}

} // namespace veldwijzer::collector
