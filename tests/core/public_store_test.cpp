// public_store_test.cpp — a damaged public file costs the settings, never the
// records (public_store.h, issue #22): a truncated, garbage, missing or
// foreign public file is made again and the vault beside it still opens with
// its PIN; a file from a newer Veldwijzer is refused and left alone. And what
// a flipped byte in the vault file does: an error value, never a crash.
#include "veldwijzer/local_store.h"
#include "veldwijzer/public_store.h"
#include "veldwijzer/record_store.h"
#include "veldwijzer/record_vault.h"

#include "checklist_fixture.h"
#include "temp_folder.h"

#include <catch_amalgamated.hpp>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

using veldwijzer::LocalStore;
using veldwijzer::open_public_store;
using veldwijzer::RecordStore;
using veldwijzer::RecordVault;
using veldwijzer::StoreProblem;
using veldwijzer::VaultError;
using veldwijzer::VaultState;

namespace {

constexpr const char *kPin = "24681357";
constexpr std::int64_t kNow = 1'792'058'400;

// A device's two files, as the browser keeps them in /data.
struct Device {
  TempFolder tmp;
  std::string public_path = tmp.file("veldwijzer.sqlite3");
  std::string vault_path = tmp.file("records.sqlite3");
  std::string damaged_path = veldwijzer::damaged_public_path(public_path);
};

void run_sql(sqlite3 *db, const std::string &sql) {
  char *message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  INFO(sql << ": " << (message != nullptr ? message : ""));
  sqlite3_free(message);
  REQUIRE(rc == SQLITE_OK);
}

std::size_t record_count(LocalStore &store) {
  auto listed = RecordStore(store).list();
  REQUIRE(listed.ok());
  return listed.value().size();
}

// The device as a nurse leaves it: a municipality chosen, a PIN set, one
// record in the vault, locked.
void use_device(const Device &device) {
  auto opened = LocalStore::open(device.public_path);
  REQUIRE(opened.ok());
  LocalStore store = std::move(opened).value();
  REQUIRE(store.set_setting("municipality", "GM0153").ok());
  RecordVault vault(store, device.vault_path);
  REQUIRE(vault.create(kPin, kPin).ok());
  const veldwijzer::Checklist checklist = fixture_checklist();
  RecordStore records(*vault.store());
  auto created = records.create(checklist, fixture_checklist_json(), {"GM0153", "0-3", "2026-10-15"}, kNow);
  REQUIRE(created.ok());
  vault.lock();
}

// What every rebuild must leave: a fresh public file with default settings,
// and the vault, untouched, opening with the PIN and holding its record.
void check_records_survive(const Device &device, veldwijzer::PublicStore &opened, const std::string &vault_bytes) {
  LocalStore &store = opened.store;
  CHECK(store.schema_version() == LocalStore::kSchemaVersion);
  CHECK(store.setting("municipality") == std::nullopt);
  CHECK(read_bytes(device.vault_path) == vault_bytes);

  RecordVault vault(store, device.vault_path);
  CHECK(vault.state() == VaultState::locked);
  CHECK(vault.failed_attempts() == 0);
  REQUIRE(vault.unlock(kPin, kNow).ok());
  REQUIRE(vault.store() != nullptr);
  CHECK(vault.store()->schema_version() == LocalStore::kSchemaVersion);
  CHECK(record_count(*vault.store()) == 1);
}

} // namespace

TEST_CASE("a truncated public file is moved aside and rebuilt, and the records still open with the PIN") {
  Device device;
  use_device(device);
  const std::string vault_bytes = read_bytes(device.vault_path);
  const std::string whole = read_bytes(device.public_path);
  REQUIRE(whole.size() >= 4 * 4096);
  const std::string truncated = whole.substr(0, whole.size() / 2);
  write_bytes(device.public_path, truncated);

  auto opened = open_public_store(device.public_path);
  REQUIRE(opened.ok());
  REQUIRE(opened.value().rebuilt_from.has_value());
  CHECK(opened.value().rebuilt_from->problem == StoreProblem::not_a_database);
  CHECK_FALSE(opened.value().rebuilt_from->detail.empty());
  CHECK(read_bytes(device.damaged_path) == truncated); // kept for whoever supports the device
  check_records_survive(device, opened.value(), vault_bytes);
}

TEST_CASE("a public file cut inside its header is rebuilt the same way") {
  Device device;
  use_device(device);
  const std::string vault_bytes = read_bytes(device.vault_path);
  write_bytes(device.public_path, read_bytes(device.public_path).substr(0, 50));

  auto opened = open_public_store(device.public_path);
  REQUIRE(opened.ok());
  REQUIRE(opened.value().rebuilt_from.has_value());
  CHECK(opened.value().rebuilt_from->problem == StoreProblem::not_a_database);
  check_records_survive(device, opened.value(), vault_bytes);
}

TEST_CASE("a public file of garbage bytes is moved aside and rebuilt, and the records still open with the PIN") {
  Device device;
  use_device(device);
  const std::string vault_bytes = read_bytes(device.vault_path);
  std::string garbage(3 * 4096, '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i) {
    garbage[i] = static_cast<char>((i * 131 + 7) % 251);
  }
  write_bytes(device.public_path, garbage);

  auto opened = open_public_store(device.public_path);
  REQUIRE(opened.ok());
  REQUIRE(opened.value().rebuilt_from.has_value());
  CHECK(opened.value().rebuilt_from->problem == StoreProblem::not_a_database);
  CHECK(read_bytes(device.damaged_path) == garbage);
  check_records_survive(device, opened.value(), vault_bytes);
}

TEST_CASE("a missing public file is made anew without a rebuild to report, and the records still open") {
  Device device;
  use_device(device);
  const std::string vault_bytes = read_bytes(device.vault_path);
  REQUIRE(std::filesystem::remove(device.public_path));

  auto opened = open_public_store(device.public_path);
  REQUIRE(opened.ok());
  CHECK_FALSE(opened.value().rebuilt_from.has_value()); // nothing was damaged, nothing moved aside
  CHECK_FALSE(std::filesystem::exists(device.damaged_path));
  check_records_survive(device, opened.value(), vault_bytes);
}

TEST_CASE("another application's database in the public file's place is moved aside, not migrated") {
  Device device;
  use_device(device);
  const std::string vault_bytes = read_bytes(device.vault_path);
  REQUIRE(std::filesystem::remove(device.public_path));
  {
    sqlite3 *raw = nullptr;
    REQUIRE(sqlite3_open(device.public_path.c_str(), &raw) == SQLITE_OK);
    run_sql(raw, "PRAGMA application_id = 1234; CREATE TABLE theirs (x); INSERT INTO theirs VALUES ('kept')");
    sqlite3_close(raw);
  }
  const std::string foreign = read_bytes(device.public_path);

  auto opened = open_public_store(device.public_path);
  REQUIRE(opened.ok());
  REQUIRE(opened.value().rebuilt_from.has_value());
  CHECK(opened.value().rebuilt_from->problem == StoreProblem::foreign_database);
  CHECK(read_bytes(device.damaged_path) == foreign);
  check_records_survive(device, opened.value(), vault_bytes);
}

TEST_CASE("a public file from a newer Veldwijzer is refused and left as it is, not rebuilt") {
  Device device;
  use_device(device);
  {
    sqlite3 *raw = nullptr;
    REQUIRE(sqlite3_open(device.public_path.c_str(), &raw) == SQLITE_OK);
    run_sql(raw, "PRAGMA user_version = " + std::to_string(LocalStore::kSchemaVersion + 1));
    sqlite3_close(raw);
  }
  const std::string newer = read_bytes(device.public_path);

  auto opened = open_public_store(device.public_path);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().problem == StoreProblem::newer_schema);
  CHECK(read_bytes(device.public_path) == newer);
  CHECK_FALSE(std::filesystem::exists(device.damaged_path));
}

TEST_CASE("a rebuild replaces an older damaged copy and takes what lies beside the damaged file with it") {
  Device device;
  write_bytes(device.damaged_path, "an older damaged copy");
  write_bytes(device.damaged_path + "-journal", "the older copy's journal");
  const std::string garbage(4096, 'x');
  write_bytes(device.public_path, garbage);
  // A journal SQLite does not play back (a zero first byte: not hot) is the
  // damaged file's: it must not stay beside the new one.
  const std::string journal = std::string(1, '\0') + std::string(4095, 'j');
  write_bytes(device.public_path + "-journal", journal);

  auto opened = open_public_store(device.public_path);
  REQUIRE(opened.ok());
  CHECK(opened.value().rebuilt_from.has_value());
  CHECK(read_bytes(device.damaged_path) == garbage);
  CHECK(read_bytes(device.damaged_path + "-journal") == journal);
  CHECK_FALSE(std::filesystem::exists(device.public_path + "-journal"));
  CHECK(opened.value().store.schema_version() == LocalStore::kSchemaVersion);
  REQUIRE(opened.value().store.set_setting("language", "en").ok());
  CHECK(opened.value().store.setting("language") == "en");
}

namespace {

// The first column of the first row, or SQLite's message when the statement fails.
std::string first_value(sqlite3 *db, const std::string &sql) {
  sqlite3_stmt *stmt = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char *text = sqlite3_column_text(stmt, 0);
    value = text != nullptr ? reinterpret_cast<const char *>(text) : "";
  } else {
    value = std::string("error: ") + sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  return value;
}

std::string with_flipped_byte(std::string bytes, std::size_t at) {
  bytes.at(at) = static_cast<char>(bytes.at(at) ^ 0x01);
  return bytes;
}

} // namespace

TEST_CASE("a flipped byte in the vault's first page refuses the PIN as a wrong one and changes nothing") {
  Device device;
  use_device(device);
  const std::string original = read_bytes(device.vault_path);
  auto opened = LocalStore::open(device.public_path);
  REQUIRE(opened.ok());
  LocalStore store = std::move(opened).value();

  // ChaCha20-Poly1305 seals every page: page 1 fails its tag, and with an
  // authenticated cipher a damaged page and a wrong key look the same.
  const std::string flipped = with_flipped_byte(original, 2048); // the middle of the first 4096-byte page
  write_bytes(device.vault_path, flipped);
  {
    RecordVault vault(store, device.vault_path);
    const auto unlocked = vault.unlock(kPin, kNow);
    REQUIRE_FALSE(unlocked.ok());
    CHECK(unlocked.error().kind == VaultError::Kind::wrong_pin);
    CHECK(vault.failed_attempts() == 1); // counted like a mistyped PIN
    CHECK(vault.state() == VaultState::locked);
  }
  CHECK(read_bytes(device.vault_path) == flipped);

  // The byte put back, the same PIN opens everything.
  write_bytes(device.vault_path, original);
  RecordVault vault(store, device.vault_path);
  REQUIRE(vault.unlock(kPin, kNow + 60).ok());
  CHECK(record_count(*vault.store()) == 1);
}

TEST_CASE("a flipped byte in a later page of the vault still unlocks; what lies on that page fails to read, "
          "as an error") {
  Device device;
  use_device(device);
  const std::string original = read_bytes(device.vault_path);
  auto opened = LocalStore::open(device.public_path);
  REQUIRE(opened.ok());
  LocalStore store = std::move(opened).value();

  std::size_t page_size = 0;
  int records_page = 0; // the root page of the records table
  {
    RecordVault vault(store, device.vault_path);
    REQUIRE(vault.unlock(kPin, kNow).ok());
    page_size = std::stoul(first_value(vault.store()->handle(), "PRAGMA page_size"));
    records_page =
        std::stoi(first_value(vault.store()->handle(), "SELECT rootpage FROM sqlite_schema WHERE name = 'records'"));
  }
  REQUIRE(page_size > 0);
  REQUIRE(original.size() % page_size == 0);
  const std::size_t pages = original.size() / page_size;
  REQUIRE(pages > 2);

  for (std::size_t page = 2; page <= pages; ++page) {
    INFO("page " << page << " of " << pages);
    const std::string flipped = with_flipped_byte(original, (page - 1) * page_size + page_size / 2);
    write_bytes(device.vault_path, flipped);
    {
      RecordVault vault(store, device.vault_path);
      // Unlocking reads page 1 and the header only.
      REQUIRE(vault.unlock(kPin, kNow + static_cast<std::int64_t>(page) * 3600).ok());
      CHECK(vault.store()->schema_version() == LocalStore::kSchemaVersion);
      // SQLite's own check finds the damage: a way to say what is lost.
      CHECK(first_value(vault.store()->handle(), "PRAGMA quick_check") != "ok");
      auto listed = RecordStore(*vault.store()).list();
      if (static_cast<int>(page) == records_page) {
        REQUIRE_FALSE(listed.ok());
        CHECK_THAT(listed.error(), Catch::Matchers::ContainsSubstring("malformed"));
      } else if (listed.ok()) {
        CHECK(listed.value().size() == 1);
      } else {
        CHECK_THAT(listed.error(), Catch::Matchers::ContainsSubstring("malformed")); // an index or a joined table
      }
    }
    CHECK(read_bytes(device.vault_path) == flipped); // reading changed nothing
  }

  write_bytes(device.vault_path, original);
  RecordVault vault(store, device.vault_path);
  REQUIRE(vault.unlock(kPin, kNow + 100 * 3600).ok());
  CHECK(record_count(*vault.store()) == 1);
  CHECK(first_value(vault.store()->handle(), "PRAGMA quick_check") == "ok");
}
