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
