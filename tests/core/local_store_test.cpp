// local_store_test.cpp — the device database opens, migrates, and refuses
// files that are not ours without touching them.
#include "veldwijzer/local_store.h"

#include "temp_folder.h"

#include <catch_amalgamated.hpp>
#include <sqlite3.h>

#include <random>
#include <string>

using veldwijzer::LocalStore;
using veldwijzer::StoreProblem;

namespace {

void exec(const std::string &path, const char *sql) {
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

} // namespace

TEST_CASE("a new database file is marked as Veldwijzer's and migrated to the current schema") {
  TempFolder tmp;
  auto store = LocalStore::open(tmp.file("new.sqlite3"));
  REQUIRE(store.ok());
  CHECK(store.value().schema_version() == LocalStore::kSchemaVersion);

  sqlite3_stmt *stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(store.value().handle(), "PRAGMA application_id", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int(stmt, 0) == LocalStore::kApplicationId);
  sqlite3_finalize(stmt);
}

TEST_CASE("reopening a database keeps its data and does not migrate it again") {
  TempFolder tmp;
  const std::string path = tmp.file("kept.sqlite3");
  {
    auto store = LocalStore::open(path);
    REQUIRE(store.ok());
    REQUIRE(sqlite3_exec(store.value().handle(), "INSERT INTO meta (key, value) VALUES ('marker', 'kept')", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
  }
  auto again = LocalStore::open(path);
  REQUIRE(again.ok());
  sqlite3_stmt *stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(again.value().handle(),
                             "SELECT count(*), max(value = 'kept') FROM meta WHERE key IN "
                             "('marker', 'created_at')",
                             -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int(stmt, 0) == 2); // one created_at row: the migration ran once
  CHECK(sqlite3_column_int(stmt, 1) == 1);
  sqlite3_finalize(stmt);
}

TEST_CASE("a damaged file is refused as not a database and left byte for byte unchanged") {
  TempFolder tmp;
  const std::string path = tmp.file("damaged.sqlite3");
  std::string garbage(8192, '\0');
  std::mt19937 rng(42);
  for (char &c : garbage) {
    c = static_cast<char>(rng() & 0xFF);
  }
  write_bytes(path, garbage);

  auto store = LocalStore::open(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().problem == StoreProblem::not_a_database);
  CHECK_FALSE(store.error().detail.empty());
  CHECK(read_bytes(path) == garbage);
}

TEST_CASE("a SQLite file of another application is refused and not changed") {
  TempFolder tmp;
  const std::string path = tmp.file("foreign.sqlite3");
  exec(path, "CREATE TABLE patients (name TEXT); INSERT INTO patients VALUES ('x');");
  const std::string before = read_bytes(path);

  auto store = LocalStore::open(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().problem == StoreProblem::foreign_database);
  CHECK(read_bytes(path) == before);
}

TEST_CASE("a database written by a newer Veldwijzer is refused, not downgraded") {
  TempFolder tmp;
  const std::string path = tmp.file("newer.sqlite3");
  const std::string sql = "PRAGMA application_id = " + std::to_string(LocalStore::kApplicationId) +
                          "; CREATE TABLE meta (key TEXT, value TEXT); PRAGMA user_version = " +
                          std::to_string(LocalStore::kSchemaVersion + 1) + ";";
  exec(path, sql.c_str());

  auto store = LocalStore::open(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().problem == StoreProblem::newer_schema);
}

TEST_CASE("a database in a folder that does not exist cannot be opened and says so") {
  TempFolder tmp;
  auto store = LocalStore::open(tmp.file("missing/folder/db.sqlite3"));
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().problem == StoreProblem::cannot_open);
}

TEST_CASE("the SQLite engine is the amalgamation this build compiled in") {
  CHECK(LocalStore::sqlite_version() == SQLITE_VERSION);
  CHECK(std::string(SQLITE_VERSION).rfind("3.", 0) == 0);
}

TEST_CASE("a device setting is kept across reopening the database") {
  TempFolder tmp;
  const std::string path = tmp.file("settings.sqlite3");
  {
    auto store = LocalStore::open(path);
    REQUIRE(store.ok());
    CHECK_FALSE(store.value().setting("municipality").has_value());
    REQUIRE(store.value().set_setting("municipality", "GM0183").ok());
    REQUIRE(store.value().set_setting("municipality", "GM0153").ok()); // overwrite, not duplicate
  }
  auto again = LocalStore::open(path);
  REQUIRE(again.ok());
  CHECK(again.value().setting("municipality") == "GM0153");
}
