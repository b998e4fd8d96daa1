// collector_options_test.cpp — the collector's flags, good and bad.
#include "collector_options.h"

#include <catch_amalgamated.hpp>

using veldwijzer::collector::parse_collector_options;

TEST_CASE("without flags the collector listens on localhost:8080 with its database under var/ and data in assets/") {
  auto options = parse_collector_options({});
  REQUIRE(options.ok());
  CHECK(options.value().host == "127.0.0.1");
  CHECK(options.value().port == 8080);
  CHECK(options.value().db_path == "var/collector.sqlite3");
  CHECK(options.value().assets_dir == "assets");
  CHECK_FALSE(options.value().show_help);
}

TEST_CASE("port, database, web root and assets are taken as separate words or with =") {
  auto options = parse_collector_options(
      {"--port", "9090", "--db=/tmp/x.sqlite3", "--web-root", "web", "--host=0.0.0.0", "--assets", "/srv/assets"});
  REQUIRE(options.ok());
  CHECK(options.value().port == 9090);
  CHECK(options.value().db_path == "/tmp/x.sqlite3");
  CHECK(options.value().web_root == "web");
  CHECK(options.value().host == "0.0.0.0");
  CHECK(options.value().assets_dir == "/srv/assets");
  CHECK(parse_collector_options({"--assets=data"}).value().assets_dir == "data");
}

TEST_CASE("a flag given twice takes the later value, so script/server's defaults can be overridden") {
  auto options = parse_collector_options({"--assets", "assets", "--assets", "other"});
  REQUIRE(options.ok());
  CHECK(options.value().assets_dir == "other");
}

TEST_CASE("--help asks for the usage text, which lists every flag") {
  auto options = parse_collector_options({"--help"});
  REQUIRE(options.ok());
  CHECK(options.value().show_help);
  const std::string usage = veldwijzer::collector::collector_usage();
  for (const char *flag : {"--host", "--port", "--db", "--web-root", "--assets", "--threads", "--help"}) {
    CHECK(usage.find(flag) != std::string::npos);
  }
}

TEST_CASE("a wrong flag is refused with a message that names it") {
  CHECK(parse_collector_options({"--prot", "80"}).error() == "unknown option '--prot' (see --help)");
  CHECK(parse_collector_options({"--port"}).error() == "--port: missing value");
  CHECK(parse_collector_options({"--port", "80a"}).error() ==
        "--port: expected a whole number from 1 to 65535, got '80a'");
  CHECK(parse_collector_options({"--port", "70000"}).error() ==
        "--port: expected a whole number from 1 to 65535, got '70000'");
  CHECK(parse_collector_options({"--threads", "0"}).error() ==
        "--threads: expected a whole number from 1 to 64, got '0'");
  CHECK(parse_collector_options({"--db="}).error() == "--db: empty value");
  CHECK(parse_collector_options({"--assets"}).error() == "--assets: missing value");
}

TEST_CASE("HTTPS, redirect, trusted proxies and the metrics listener are flags with checked values") {
  auto options = parse_collector_options({"--tls-cert", "/etc/veldwijzer/tls/fullchain.pem", "--tls-key=/k.pem",
                                          "--port", "443", "--redirect-http", "80", "--trusted-proxies",
                                          "127.0.0.1/32, 10.0.0.0/8,::1", "--metrics-listen", "[::1]:9464"});
  REQUIRE(options.ok());
  CHECK(options.value().tls());
  CHECK(options.value().tls_cert == "/etc/veldwijzer/tls/fullchain.pem");
  CHECK(options.value().tls_key == "/k.pem");
  CHECK(options.value().redirect_http_port == 80);
  CHECK(options.value().trusted_proxies.size() == 3);
  CHECK(options.value().metrics_listen == std::pair{std::string("::1"), 9464});
  CHECK(parse_collector_options({"--metrics-listen", "127.0.0.1:9464"}).value().metrics_listen ==
        std::pair{std::string("127.0.0.1"), 9464});

  const auto defaults = parse_collector_options({}).value();
  CHECK_FALSE(defaults.tls());
  CHECK_FALSE(defaults.redirect_http_port);
  CHECK(defaults.trusted_proxies.empty());
  CHECK_FALSE(defaults.metrics_listen);
  const std::string usage = veldwijzer::collector::collector_usage();
  for (const char *flag : {"--tls-cert", "--tls-key", "--redirect-http", "--trusted-proxies", "--metrics-listen"}) {
    CHECK(usage.find(flag) != std::string::npos);
  }
}

TEST_CASE("HTTPS flags that cannot work together are refused before anything starts") {
  CHECK(parse_collector_options({"--tls-cert", "c.pem"}).error() ==
        "--tls-cert needs --tls-key (the certificate's private key)");
  CHECK(parse_collector_options({"--tls-key", "k.pem"}).error() ==
        "--tls-key needs --tls-cert (the certificate it belongs to)");
  CHECK(parse_collector_options({"--redirect-http", "80"}).error() ==
        "--redirect-http redirects to HTTPS, which needs --tls-cert and --tls-key");
  CHECK(parse_collector_options({"--tls-cert", "c", "--tls-key", "k", "--port", "8443", "--redirect-http", "8443"})
            .error() == "--redirect-http 8443 is also --port");
  CHECK(parse_collector_options({"--trusted-proxies", "10.0.0.1/8"}).error() ==
        "--trusted-proxies: '10.0.0.1/8' has bits set after the prefix; did you mean 10.0.0.0/8?");
  CHECK(parse_collector_options({"--trusted-proxies", "proxy.lan"}).error() ==
        "--trusted-proxies: 'proxy.lan' is not an IPv4 or IPv6 address or network (like 10.0.0.0/8 or ::1)");
  CHECK(parse_collector_options({"--metrics-listen", "9464"}).error() ==
        "--metrics-listen: expected ADDRESS:PORT (like 127.0.0.1:9464 or [::1]:9464), got '9464'");
  CHECK(parse_collector_options({"--metrics-listen", "127.0.0.1:99999"}).error() ==
        "--metrics-listen: port: expected a whole number from 0 to 65535, got '99999'");
  CHECK(parse_collector_options({"--metrics-listen", "127.0.0.1:8080"}).error() ==
        "--metrics-listen is the same address as --host/--port");
}
