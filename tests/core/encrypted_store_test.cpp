// encrypted_store_test.cpp — the device database is unreadable without its
// passphrase, opens with it, and never loses records on the way (issue #9).
// The raw-bytes checks are what fail if encryption were silently off.
#include "veldwijzer/local_store.h"
#include "veldwijzer/sqlite_schema.h"

#include "temp_folder.h"

#include <catch_amalgamated.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <string>

using veldwijzer::LocalStore;
using veldwijzer::migrate_forward;
using veldwijzer::read_database_identity;
using veldwijzer::StoreFileState;
using veldwijzer::StoreProblem;

namespace {

const std::string kMarker = "Marker-7f3a9c-dossier-Hengelo";

bool contains(const std::string &haystack, const std::string &needle) {
  return haystack.find(needle) != std::string::npos;
}

bool starts_as_plain_sqlite(const std::string &bytes) {
  return bytes.rfind(std::string("SQLite format 3\0", 16), 0) == 0;
}

void create_encrypted(const std::string &path, std::string_view passphrase) {
  auto store = LocalStore::open_encrypted(path, passphrase);
  REQUIRE(store.ok());
  REQUIRE(store.value().set_setting("probe", kMarker).ok());
}

int count_rows(sqlite3 *db, const char *sql) {
  sqlite3_stmt *stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const int n = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return n;
}

} // namespace

TEST_CASE("an encrypted store holds no readable trace of what was written in it") {
  TempFolder tmp;
  const std::string path = tmp.file("records.sqlite3");
  create_encrypted(path, "246810");

  const std::string bytes = read_bytes(path);
  REQUIRE(bytes.size() >= 4096);
  CHECK_FALSE(contains(bytes, kMarker));
  CHECK_FALSE(contains(bytes, "CREATE TABLE"));
  CHECK_FALSE(starts_as_plain_sqlite(bytes));
  CHECK(LocalStore::file_state(path) == StoreFileState::encrypted);
}

TEST_CASE("the right passphrase reopens an encrypted store with its data and schema") {
  TempFolder tmp;
  const std::string path = tmp.file("records.sqlite3");
  create_encrypted(path, "246810");

  auto again = LocalStore::open_encrypted(path, "246810");
  REQUIRE(again.ok());
  CHECK(again.value().setting("probe") == kMarker);
  CHECK(again.value().schema_version() == LocalStore::kSchemaVersion);
}

TEST_CASE("a wrong passphrase is refused as wrong_key and leaves the file byte for byte as it was") {
  TempFolder tmp;
  const std::string path = tmp.file("records.sqlite3");
  create_encrypted(path, "246810");
  const std::string before = read_bytes(path);

  auto wrong = LocalStore::open_encrypted(path, "246811");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().problem == StoreProblem::wrong_key);
  CHECK(veldwijzer::store_problem_name(wrong.error().problem) == "wrong_key");
  CHECK(read_bytes(path) == before);
  CHECK_FALSE(std::filesystem::exists(path + "-journal"));

  // And the right one still works afterwards.
  auto right = LocalStore::open_encrypted(path, "246810");
  REQUIRE(right.ok());
  CHECK(right.value().setting("probe") == kMarker);
}

TEST_CASE("a plaintext store cannot be read through open() once encrypted, nor opened encrypted while plain") {
  TempFolder tmp;
  const std::string encrypted = tmp.file("encrypted.sqlite3");
  create_encrypted(encrypted, "246810");
  auto plain_open = LocalStore::open(encrypted);
  REQUIRE_FALSE(plain_open.ok());
  CHECK(plain_open.error().problem == StoreProblem::not_a_database);

  const std::string plain = tmp.file("plain.sqlite3");
  REQUIRE(LocalStore::open(plain).ok());
  const std::string before = read_bytes(plain);
  auto keyed = LocalStore::open_encrypted(plain, "246810");
  REQUIRE_FALSE(keyed.ok());
  CHECK(keyed.error().problem == StoreProblem::cannot_open);
  CHECK(keyed.error().detail == "not encrypted");
  CHECK(read_bytes(plain) == before);
}

TEST_CASE("an empty passphrase is refused instead of meaning no encryption") {
  TempFolder tmp;
  const std::string path = tmp.file("records.sqlite3");
  auto store = LocalStore::open_encrypted(path, "");
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().detail == "empty passphrase");
  CHECK(LocalStore::file_state(path) == StoreFileState::missing);
}

TEST_CASE("file_state tells a missing, empty, plaintext and encrypted file apart") {
  TempFolder tmp;
  CHECK(LocalStore::file_state(tmp.file("nothing-here.sqlite3")) == StoreFileState::missing);

  const std::string empty = tmp.file("empty.sqlite3");
  write_bytes(empty, "");
  REQUIRE(std::filesystem::exists(empty));
  CHECK(LocalStore::file_state(empty) == StoreFileState::missing);

  const std::string plain = tmp.file("plain.sqlite3");
  REQUIRE(LocalStore::open(plain).ok());
  CHECK(LocalStore::file_state(plain) == StoreFileState::plaintext);

  const std::string encrypted = tmp.file("encrypted.sqlite3");
  create_encrypted(encrypted, "246810");
  CHECK(LocalStore::file_state(encrypted) == StoreFileState::encrypted);

  const std::string short_garbage = tmp.file("short.bin");
  write_bytes(short_garbage, "SQLite");
  CHECK(LocalStore::file_state(short_garbage) == StoreFileState::encrypted);
}

TEST_CASE("an empty file opens encrypted as a new store") {
  TempFolder tmp;
  const std::string path = tmp.file("empty.sqlite3");
  write_bytes(path, "");
  create_encrypted(path, "246810");
  CHECK(LocalStore::file_state(path) == StoreFileState::encrypted);
  CHECK_FALSE(contains(read_bytes(path), kMarker));
}

TEST_CASE("encrypting a plaintext store in place keeps every record and removes the plaintext") {
  TempFolder tmp;
  const std::string path = tmp.file("records.sqlite3");
  {
    auto plain = LocalStore::open(path);
    REQUIRE(plain.ok());
    REQUIRE(plain.value().set_setting("probe", kMarker).ok());
    for (int i = 0; i < 300; ++i) { // several pages, not just page 1
      REQUIRE(plain.value().set_setting("row" + std::to_string(i), kMarker + "-" + std::to_string(i)).ok());
    }
  }
  REQUIRE(contains(read_bytes(path), kMarker)); // the check below means something

  auto encrypted = LocalStore::encrypt_in_place(path, "246810");
  REQUIRE(encrypted.ok());
  const std::string bytes = read_bytes(path);
  CHECK_FALSE(contains(bytes, kMarker));
  CHECK_FALSE(starts_as_plain_sqlite(bytes));
  CHECK(LocalStore::file_state(path) == StoreFileState::encrypted);
  CHECK_FALSE(std::filesystem::exists(path + "-journal"));

  auto store = LocalStore::open_encrypted(path, "246810");
  REQUIRE(store.ok());
  CHECK(store.value().setting("probe") == kMarker);
  CHECK(store.value().setting("row299") == kMarker + "-299");
  CHECK(count_rows(store.value().handle(), "SELECT count(*) FROM meta WHERE key LIKE 'setting.row%'") == 300);
  CHECK(count_rows(store.value().handle(), "PRAGMA integrity_check") == 0); // 'ok' reads as 0
}

TEST_CASE("encrypt_in_place refuses a file that is not ours and leaves it intact") {
  TempFolder tmp;
  const std::string path = tmp.file("foreign.sqlite3");
  {
    sqlite3 *db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA application_id = 1234; CREATE TABLE t (x); INSERT INTO t VALUES ('mine')", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  const std::string before = read_bytes(path);

  auto result = LocalStore::encrypt_in_place(path, "246810");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().problem == StoreProblem::foreign_database);
  CHECK(read_bytes(path) == before);
}

TEST_CASE("encrypt_in_place refuses a missing, already encrypted or passphrase-less file without touching it") {
  TempFolder tmp;
  auto missing = LocalStore::encrypt_in_place(tmp.file("none.sqlite3"), "246810");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().problem == StoreProblem::cannot_open);
  CHECK_FALSE(std::filesystem::exists(tmp.file("none.sqlite3")));

  const std::string encrypted = tmp.file("encrypted.sqlite3");
  create_encrypted(encrypted, "246810");
  const std::string encrypted_before = read_bytes(encrypted);
  auto twice = LocalStore::encrypt_in_place(encrypted, "135790");
  REQUIRE_FALSE(twice.ok());
  CHECK(read_bytes(encrypted) == encrypted_before);
  CHECK(LocalStore::open_encrypted(encrypted, "246810").ok());

  const std::string plain = tmp.file("plain.sqlite3");
  {
    auto store = LocalStore::open(plain);
    REQUIRE(store.ok());
    REQUIRE(store.value().set_setting("probe", kMarker).ok());
  }
  const std::string plain_before = read_bytes(plain);
  auto no_key = LocalStore::encrypt_in_place(plain, "");
  REQUIRE_FALSE(no_key.ok());
  CHECK(read_bytes(plain) == plain_before);
}

TEST_CASE("encrypt_in_place that cannot write its journal leaves the plaintext file intact") {
  TempFolder tmp;
  const std::string path = tmp.file("records.sqlite3");
  {
    auto store = LocalStore::open(path);
    REQUIRE(store.ok());
    REQUIRE(store.value().set_setting("probe", kMarker).ok());
  }
  const std::string before = read_bytes(path);
  // A directory where the journal must go: SQLite cannot start the
  // transaction that encrypts, so it must fail before the file changes.
  std::filesystem::create_directory(path + "-journal");

  auto result = LocalStore::encrypt_in_place(path, "246810");
  REQUIRE_FALSE(result.ok());
  CHECK(read_bytes(path) == before);
  std::filesystem::remove(path + "-journal");
  auto plain = LocalStore::open(path);
  REQUIRE(plain.ok());
  CHECK(plain.value().setting("probe") == kMarker);
}

TEST_CASE("after a rekey the old passphrase fails and the new one opens the same data") {
  TempFolder tmp;
  const std::string path = tmp.file("records.sqlite3");
  create_encrypted(path, "246810");
  {
    auto store = LocalStore::open_encrypted(path, "246810");
    REQUIRE(store.ok());
    REQUIRE(store.value().rekey("975310").ok());
    // The open connection keeps working under the new key.
    REQUIRE(store.value().set_setting("after", "rekeyed").ok());
  }
  auto old_key = LocalStore::open_encrypted(path, "246810");
  REQUIRE_FALSE(old_key.ok());
  CHECK(old_key.error().problem == StoreProblem::wrong_key);

  auto new_key = LocalStore::open_encrypted(path, "975310");
  REQUIRE(new_key.ok());
  CHECK(new_key.value().setting("probe") == kMarker);
  CHECK(new_key.value().setting("after") == "rekeyed");
  CHECK_FALSE(contains(read_bytes(path), kMarker));
}

TEST_CASE("a rekey to an empty passphrase is refused and the file stays encrypted under the old one") {
  TempFolder tmp;
  const std::string path = tmp.file("records.sqlite3");
  create_encrypted(path, "246810");
  {
    auto store = LocalStore::open_encrypted(path, "246810");
    REQUIRE(store.ok());
    CHECK_FALSE(store.value().rekey("").ok());
  }
  CHECK(LocalStore::file_state(path) == StoreFileState::encrypted);
  CHECK_FALSE(contains(read_bytes(path), kMarker));
  CHECK(LocalStore::open_encrypted(path, "246810").ok());
}

TEST_CASE("remove_file deletes the store and its journal and reports nothing left") {
  TempFolder tmp;
  const std::string path = tmp.file("records.sqlite3");
  create_encrypted(path, "246810");
  write_bytes(path + "-journal", "left over from a crash");

  auto removed = LocalStore::remove_file(path);
  REQUIRE(removed.ok());
  CHECK(removed.value());
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(path + "-journal"));
  CHECK(LocalStore::file_state(path) == StoreFileState::missing);

  auto again = LocalStore::remove_file(path); // nothing there: still fine
  REQUIRE(again.ok());
  CHECK(again.value());
}

TEST_CASE("a passphrase with quotes, spaces and non-ASCII letters works and is exact") {
  TempFolder tmp;
  const std::string path = tmp.file("records.sqlite3");
  const std::string passphrase = "it's \"één\" Ĳssel'; DROP TABLE meta; --";
  create_encrypted(path, passphrase);

  auto store = LocalStore::open_encrypted(path, passphrase);
  REQUIRE(store.ok());
  CHECK(store.value().setting("probe") == kMarker);

  auto truncated = LocalStore::open_encrypted(path, "it's ");
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().problem == StoreProblem::wrong_key);
}

TEST_CASE("an encrypted store made at every earlier schema version is migrated forward with its data") {
  const auto migrations = LocalStore::migrations();
  for (std::size_t version = 1; version < migrations.size(); ++version) {
    DYNAMIC_SECTION("from schema " << version) {
      TempFolder tmp;
      const std::string path = tmp.file("old.sqlite3");
      {
        // The old file, built by hand with the same engine and key settings.
        sqlite3 *db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        const int cipher = sqlite3mc_cipher_index("chacha20");
        REQUIRE(sqlite3mc_config(db, "cipher", cipher) == cipher);
        REQUIRE(sqlite3mc_config_cipher(db, "chacha20", "kdf_iter", LocalStore::kKdfIterations) ==
                LocalStore::kKdfIterations);
        REQUIRE(sqlite3_key_v2(db, "main", "246810", 6) == SQLITE_OK);
        auto identity = read_database_identity(db);
        REQUIRE(identity.ok());
        REQUIRE(migrate_forward(db, LocalStore::kApplicationId, migrations.first(version), identity.value()).ok());
        REQUIRE(sqlite3_exec(db, "INSERT INTO meta (key, value) VALUES ('setting.probe', 'Marker-old-schema')", nullptr,
                             nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
      }
      REQUIRE(LocalStore::file_state(path) == StoreFileState::encrypted);
      REQUIRE_FALSE(contains(read_bytes(path), "Marker-old-schema"));

      auto store = LocalStore::open_encrypted(path, "246810");
      REQUIRE(store.ok());
      CHECK(store.value().schema_version() == LocalStore::kSchemaVersion);
      CHECK(store.value().setting("probe") == "Marker-old-schema");
      CHECK(count_rows(store.value().handle(), "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox'") == 1);
    }
  }
}

TEST_CASE("the store is keyed with kKdfIterations, not SQLite3MC's default, so the constant is what protects it") {
  TempFolder tmp;
  const std::string path = tmp.file("default-kdf.sqlite3");
  {
    sqlite3 *db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const int cipher = sqlite3mc_cipher_index("chacha20");
    REQUIRE(sqlite3mc_config(db, "cipher", cipher) == cipher);
    REQUIRE(sqlite3_key_v2(db, "main", "246810", 6) == SQLITE_OK); // SQLite3MC's default iterations
    REQUIRE(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  REQUIRE(LocalStore::kKdfIterations != 64007);
  auto store = LocalStore::open_encrypted(path, "246810");
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().problem == StoreProblem::wrong_key);
}
