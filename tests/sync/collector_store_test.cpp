// collector_store_test.cpp — the collector's SQLite file: created, reopened,
// and refused (untouched) when it is damaged or someone else's.
#include "collector_store.h"

#include "temp_folder.h"

#include <catch_amalgamated.hpp>
#include <sqlite3.h>

#include <fstream>

using veldwijzer::collector::open_sqlite_collector_store;

TEST_CASE("a new collector database is created in a new folder and reports healthy") {
  TempFolder tmp;
  auto store = open_sqlite_collector_store(tmp.file("nested/var/collector.sqlite3"));
  REQUIRE(store.ok());
  const auto health = store.value()->health();
  CHECK(health.ok);
  CHECK(health.schema_version == 1);
  CHECK(health.engine == std::string("sqlite ") + SQLITE_VERSION);
}

TEST_CASE("a collector database opens again with its schema intact") {
  TempFolder tmp;
  const std::string path = tmp.file("collector.sqlite3");
  REQUIRE(open_sqlite_collector_store(path).ok());
  auto again = open_sqlite_collector_store(path);
  REQUIRE(again.ok());
  CHECK(again.value()->health().schema_version == 1);
}

TEST_CASE("a damaged collector database is refused with advice and left unchanged") {
  TempFolder tmp;
  const std::string path = tmp.file("damaged.sqlite3");
  const std::string garbage(4096, '\x5A');
  std::ofstream(path, std::ios::binary) << garbage;
  auto store = open_sqlite_collector_store(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().find("is damaged or not SQLite") != std::string::npos);
  CHECK(store.error().find("pass another --db") != std::string::npos);
  CHECK(read_bytes(path) == garbage);
}

TEST_CASE("the device's database or another application's is not taken over by the collector") {
  TempFolder tmp;
  const std::string path = tmp.file("other.sqlite3");
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "CREATE TABLE t (x); PRAGMA application_id = 1448561242;", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(db);
  auto store = open_sqlite_collector_store(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().find("belongs to another application") != std::string::npos);
}
