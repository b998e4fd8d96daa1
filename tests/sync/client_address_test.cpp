// client_address_test.cpp — networks, and who a request is from when proxies
// forward it: trusted chains, forged headers, odd entries.
#include "client_address.h"

#include <catch_amalgamated.hpp>

#include <map>

using namespace veldwijzer::collector;

namespace {

std::vector<IpNetwork> networks(std::string_view list) {
  auto parsed = parse_networks(list);
  INFO((parsed ? std::string() : parsed.error()));
  REQUIRE(parsed.ok());
  return parsed.value();
}

using Headers = std::multimap<std::string, std::string>;

RequestOrigin origin(std::string_view trusted, std::string_view peer, const Headers &headers,
                     std::string_view scheme = "http") {
  return request_origin(trusted.empty() ? std::vector<IpNetwork>{} : networks(trusted), peer, scheme,
                        [&headers](std::string_view name) {
                          std::vector<std::string> values;
                          const auto [from, to] = headers.equal_range(std::string(name));
                          for (auto it = from; it != to; ++it) {
                            values.push_back(it->second);
                          }
                          return values;
                        });
}

bool contains(std::string_view network, std::string_view address) {
  auto parsed = parse_network(network);
  REQUIRE(parsed.ok());
  return parsed.value().contains(*parse_ip(address));
}

} // namespace

TEST_CASE("networks: IPv4 and IPv6, with or without a prefix, and what they contain") {
  CHECK(contains("10.0.0.0/8", "10.200.3.4"));
  CHECK_FALSE(contains("10.0.0.0/8", "11.0.0.1"));
  CHECK(contains("127.0.0.1", "127.0.0.1"));
  CHECK_FALSE(contains("127.0.0.1", "127.0.0.2"));
  CHECK(contains("192.168.4.0/22", "192.168.7.255"));
  CHECK_FALSE(contains("192.168.4.0/22", "192.168.8.0"));
  CHECK(contains("0.0.0.0/0", "203.0.113.9"));
  CHECK_FALSE(contains("0.0.0.0/0", "2001:db8::1")); // an IPv4 network holds no IPv6 address
  CHECK(contains("2001:db8::/32", "2001:db8:ffff::1"));
  CHECK_FALSE(contains("2001:db8::/32", "2001:db9::1"));
  CHECK(contains("::1", "::1"));
  CHECK(ip_text(*parse_ip("2001:0db8:0000:0000:0000:0000:0000:0001")) == "2001:db8::1");
  CHECK(ip_text(*parse_ip("192.0.2.7")) == "192.0.2.7");
  CHECK(networks("127.0.0.1/32, ::1/128 ,10.0.0.0/8").size() == 3);
}

TEST_CASE("a list of trusted proxies that is not one is refused with the entry named") {
  CHECK(parse_network("10.0.0.1/8").error() == "'10.0.0.1/8' has bits set after the prefix; did you mean 10.0.0.0/8?");
  CHECK(parse_network("10.0.0.0/33").error() == "'10.0.0.0/33': the prefix length must be 0 to 32");
  CHECK(parse_network("::/129").error() == "'::/129': the prefix length must be 0 to 128");
  CHECK(parse_network("proxy.example").error() ==
        "'proxy.example' is not an IPv4 or IPv6 address or network (like 10.0.0.0/8 or ::1)");
  CHECK(parse_network("10.0.0.0/").error() == "'10.0.0.0/': the prefix length must be 0 to 32");
  CHECK(parse_networks("10.0.0.0/8,,::1").error() == "empty entry in the list '10.0.0.0/8,,::1'");
  CHECK_FALSE(parse_ip("1.2.3"));
  CHECK_FALSE(parse_ip("01.2.3.4.5"));
  CHECK_FALSE(parse_ip(""));
}

TEST_CASE("without trusted proxies, forwarding headers change nothing") {
  const Headers forged = {{"X-Forwarded-For", "198.51.100.7"},
                          {"Forwarded", "for=198.51.100.8;proto=https"},
                          {"X-Forwarded-Proto", "https"}};
  const RequestOrigin o = origin("", "203.0.113.5", forged);
  CHECK(o.client == "203.0.113.5");
  CHECK(o.scheme == "http");
  CHECK_FALSE(o.forwarded);
}

TEST_CASE("from a peer that is not a trusted proxy, forwarding headers change nothing") {
  const Headers forged = {{"X-Forwarded-For", "198.51.100.7"}, {"X-Forwarded-Proto", "https"}};
  const RequestOrigin o = origin("127.0.0.1/32", "203.0.113.5", forged);
  CHECK(o.client == "203.0.113.5");
  CHECK(o.scheme == "http");
}

TEST_CASE("through a trusted proxy the client is the right-most address that is not a trusted proxy") {
  // The client forged "1.1.1.1"; the edge proxy appended the real client, the inner one the edge.
  const Headers chain = {{"X-Forwarded-For", "1.1.1.1, 198.51.100.7, 10.0.0.5"}, {"X-Forwarded-Proto", "https"}};
  const RequestOrigin o = origin("127.0.0.1/32,10.0.0.0/8", "127.0.0.1", chain);
  CHECK(o.client == "198.51.100.7");
  CHECK(o.scheme == "https");
  CHECK(o.forwarded);
  // Header lines are one list, in order.
  const Headers split = {{"X-Forwarded-For", "1.1.1.1"}, {"X-Forwarded-For", "198.51.100.7"}};
  CHECK(origin("127.0.0.1/32", "127.0.0.1", split).client == "198.51.100.7");
  // Every hop trusted: the left-most is as far as we can see.
  CHECK(origin("10.0.0.0/8,127.0.0.1", "127.0.0.1", {{"X-Forwarded-For", "10.1.1.1, 10.2.2.2"}}).client == "10.1.1.1");
  // A proxy that forwards without saying for whom: the proxy is the client.
  CHECK(origin("127.0.0.1", "127.0.0.1", {}).client == "127.0.0.1");
}

TEST_CASE("a forwarding entry that is not an address stops at the proxy that wrote it") {
  CHECK(origin("127.0.0.1", "127.0.0.1", {{"X-Forwarded-For", "198.51.100.7, unknown"}}).client == "127.0.0.1");
  CHECK(origin("127.0.0.1", "127.0.0.1", {{"X-Forwarded-For", "<script>, 198.51.100.9"}}).client == "198.51.100.9");
  CHECK(origin("127.0.0.1", "127.0.0.1", {{"X-Forwarded-For", "198.51.100.7:4711"}}).client == "198.51.100.7");
  CHECK(origin("127.0.0.1", "127.0.0.1", {{"X-Forwarded-For", "[2001:db8::7]:4711"}}).client == "2001:db8::7");
  CHECK(origin("127.0.0.1", "127.0.0.1", {{"X-Forwarded-Proto", "gopher"}}, "http").scheme == "http");
}

TEST_CASE("Forwarded (RFC 7239) is read when the proxy sends no X-Forwarded-For; its proto is the client's hop") {
  const Headers standard = {{"Forwarded", "for=1.1.1.1;proto=http, for=\"[2001:db8:cafe::17]:4711\";proto=https;"
                                          "by=10.0.0.1, for=10.0.0.9;proto=http"}};
  const RequestOrigin o = origin("127.0.0.1,10.0.0.0/8", "127.0.0.1", standard);
  CHECK(o.client == "2001:db8:cafe::17");
  CHECK(o.scheme == "https");
  CHECK(origin("127.0.0.1", "127.0.0.1", {{"Forwarded", "for=_hidden, for=198.51.100.3"}}).client == "198.51.100.3");
  CHECK(origin("127.0.0.1", "127.0.0.1", {{"Forwarded", "For=\"198.51.100.4\""}}).client == "198.51.100.4");
  // Most proxies pass a client's own Forwarded through and append to X-Forwarded-For: that one wins.
  const Headers both = {{"Forwarded", "for=1.1.1.1;proto=https"}, {"X-Forwarded-For", "198.51.100.7"}};
  const RequestOrigin o2 = origin("127.0.0.1", "127.0.0.1", both);
  CHECK(o2.client == "198.51.100.7");
  CHECK(o2.scheme == "http");
}
