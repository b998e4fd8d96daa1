// record_vault_test.cpp — the records' vault (record_vault.h) and the PIN
// rules (pin_policy.h) without any UI: the vault's states, creating,
// unlocking and locking it, the wrong-PIN counter kept in the public file,
// the wait schedule, "PIN vergeten", changing the PIN, and moving records an
// older version kept unencrypted — also when that move was cut short.
#include "veldwijzer/local_store.h"
#include "veldwijzer/pin_policy.h"
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
using veldwijzer::RecordStore;
using veldwijzer::RecordVault;
using veldwijzer::VaultError;
using veldwijzer::VaultState;

namespace {

constexpr const char *kPin = "24681357";
constexpr std::int64_t kNow = 1'792'058'400;
constexpr const char *kMarker = "MARKER-NOTE-b7e2a4";

// The public database of a device and the vault's path beside it.
struct Device {
  TempFolder tmp;
  std::string public_path = tmp.file("device.sqlite3");
  std::string vault_path = tmp.file("records.sqlite3");
  std::optional<LocalStore> store;

  Device() { reopen(); }
  // A reload: the public file opened again.
  void reopen() {
    store.reset();
    auto opened = LocalStore::open(public_path);
    REQUIRE(opened.ok());
    store.emplace(std::move(opened).value());
  }
};

// A draft with a note in the given database, as the app would make it; its id.
std::string record_with_note(LocalStore &store) {
  const veldwijzer::Checklist checklist = fixture_checklist();
  RecordStore records(store);
  auto created = records.create(checklist, fixture_checklist_json(), {"GM0153", "0-3", "2026-10-15"}, kNow);
  REQUIRE(created.ok());
  REQUIRE(records.set_answer(created.value(), checklist, "T1.1", 1, kNow).ok());
  REQUIRE(records.set_note(created.value(), kMarker, kNow).ok());
  return created.value();
}

std::size_t record_count(LocalStore &store) {
  auto listed = RecordStore(store).list();
  REQUIRE(listed.ok());
  return listed.value().size();
}

VaultError::Kind refusal(const veldwijzer::Result<bool, VaultError> &result) {
  REQUIRE_FALSE(result.ok());
  return result.error().kind;
}

} // namespace

TEST_CASE("a new PIN needs six characters, counted as characters not bytes, typed the same twice, not one repeated") {
  using veldwijzer::new_pin_problem;
  CHECK(new_pin_problem("12345", "12345") == "lock.problem.too_short");
  CHECK(new_pin_problem("", "") == "lock.problem.too_short");
  CHECK(new_pin_problem("123456", "123456") == std::nullopt);
  CHECK(new_pin_problem("123456", "123457") == "lock.problem.mismatch");
  CHECK(new_pin_problem("111111", "111111") == "lock.problem.one_character");
  CHECK(new_pin_problem("aaaaaaaaaa", "aaaaaaaaaa") == "lock.problem.one_character");
  // Six characters of two bytes each are enough; five (ten bytes) are not.
  CHECK(new_pin_problem("\u00e9\u00e0\u00fc\u00f6\u00e7\u00f1", "\u00e9\u00e0\u00fc\u00f6\u00e7\u00f1") ==
        std::nullopt);
  CHECK(new_pin_problem("\u00e9\u00e0\u00fc\u00f6\u00e7", "\u00e9\u00e0\u00fc\u00f6\u00e7") ==
        "lock.problem.too_short");
  // One two-byte character six times is as guessable as "111111".
  CHECK(new_pin_problem("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9") ==
        "lock.problem.one_character");
  const std::string longest(veldwijzer::kMaxPinLength, 'x');
  const std::string varied = "y" + longest.substr(1);
  CHECK(new_pin_problem(varied, varied) == std::nullopt);
  CHECK(new_pin_problem(varied + "z", varied + "z") == "lock.problem.too_long");
}

TEST_CASE("the wait after wrong PINs: none for four slips, then 30 s, 1, 5 and at most 15 minutes") {
  using veldwijzer::unlock_wait_seconds;
  for (int failures = -1; failures <= 4; ++failures) {
    INFO(failures);
    CHECK(unlock_wait_seconds(failures) == 0);
  }
  CHECK(unlock_wait_seconds(5) == 30);
  CHECK(unlock_wait_seconds(6) == 60);
  CHECK(unlock_wait_seconds(7) == 300);
  CHECK(unlock_wait_seconds(8) == 900);
  CHECK(unlock_wait_seconds(9) == 900);
  CHECK(unlock_wait_seconds(1000) == 900);
}

TEST_CASE("a vault goes from no PIN to unlocked to locked and back; its file is encrypted") {
  Device device;
  RecordVault vault(*device.store, device.vault_path);
  CHECK(vault.state() == VaultState::no_pin);
  CHECK(vault.store() == nullptr);
  CHECK(refusal(vault.unlock(kPin, kNow)) == VaultError::Kind::store); // nothing to unlock yet

  // A refused PIN creates nothing.
  const auto short_pin = vault.create("12345", "12345");
  CHECK(refusal(short_pin) == VaultError::Kind::bad_new_pin);
  CHECK(short_pin.error().detail == "lock.problem.too_short");
  CHECK(refusal(vault.create(kPin, "24681358")) == VaultError::Kind::bad_new_pin);
  CHECK(vault.state() == VaultState::no_pin);
  CHECK_FALSE(std::filesystem::exists(device.vault_path));

  REQUIRE(vault.create(kPin, kPin).ok());
  CHECK(vault.state() == VaultState::unlocked);
  REQUIRE(vault.store() != nullptr);
  const std::string id = record_with_note(*vault.store());
  CHECK(LocalStore::file_state(device.vault_path) == veldwijzer::StoreFileState::encrypted);
  CHECK(refusal(vault.create(kPin, kPin)) == VaultError::Kind::store); // a PIN is already set
  CHECK(refusal(vault.unlock(kPin, kNow)) == VaultError::Kind::store); // already open

  vault.lock();
  CHECK(vault.state() == VaultState::locked);
  CHECK(vault.store() == nullptr);
  CHECK(read_bytes(device.vault_path).find(kMarker) == std::string::npos);
  CHECK(read_bytes(device.public_path).find(kMarker) == std::string::npos);

  REQUIRE(vault.unlock(kPin, kNow).ok());
  REQUIRE(vault.store() != nullptr);
  auto loaded = RecordStore(*vault.store()).load(id);
  REQUIRE(loaded.ok());
  CHECK(loaded.value().note == kMarker);
  CHECK(loaded.value().answers.at("T1.1") == 1);
  CHECK_FALSE(vault.has_unprotected_records());
}

TEST_CASE("wrong PINs are counted in the public file across reloads; the fifth makes the next try wait") {
  Device device;
  {
    RecordVault vault(*device.store, device.vault_path);
    REQUIRE(vault.create(kPin, kPin).ok());
    vault.lock();
    for (int attempt = 1; attempt <= 4; ++attempt) {
      INFO("wrong PIN " << attempt);
      const auto wrong = vault.unlock("97531864", kNow);
      CHECK(refusal(wrong) == VaultError::Kind::wrong_pin);
      CHECK(wrong.error().retry_at == 0);
      CHECK(vault.failed_attempts() == attempt);
      CHECK(vault.retry_at() == 0);
    }
  }
  // A reload: a new public connection and a new vault object still know.
  device.reopen();
  RecordVault vault(*device.store, device.vault_path);
  CHECK(vault.state() == VaultState::locked);
  CHECK(vault.failed_attempts() == 4);

  const auto fifth = vault.unlock("97531864", kNow + 10);
  CHECK(refusal(fifth) == VaultError::Kind::wrong_pin);
  CHECK(fifth.error().retry_at == kNow + 10 + 30);
  CHECK(vault.failed_attempts() == 5);
  CHECK(vault.retry_at() == kNow + 40);

  // Waiting: even the right PIN is not tried, and that is not another failure.
  const auto early = vault.unlock(kPin, kNow + 39);
  CHECK(refusal(early) == VaultError::Kind::must_wait);
  CHECK(early.error().retry_at == kNow + 40);
  CHECK(vault.failed_attempts() == 5);
  CHECK(vault.state() == VaultState::locked);

  // The sixth waits a minute.
  const auto sixth = vault.unlock("97531864", kNow + 40);
  CHECK(refusal(sixth) == VaultError::Kind::wrong_pin);
  CHECK(sixth.error().retry_at == kNow + 100);
  device.reopen(); // survives a reload too
  RecordVault reloaded(*device.store, device.vault_path);
  CHECK(reloaded.failed_attempts() == 6);
  CHECK(reloaded.retry_at() == kNow + 100);
  CHECK(refusal(reloaded.unlock(kPin, kNow + 99)) == VaultError::Kind::must_wait);

  REQUIRE(reloaded.unlock(kPin, kNow + 100).ok());
  CHECK(reloaded.failed_attempts() == 0);
  CHECK(reloaded.retry_at() == 0);
}

TEST_CASE("a damaged counter in the public file counts as none rather than locking the nurse out") {
  Device device;
  RecordVault vault(*device.store, device.vault_path);
  REQUIRE(vault.create(kPin, kPin).ok());
  vault.lock();
  REQUIRE(device.store->set_setting("lock.failures", "vijf").ok());
  REQUIRE(device.store->set_setting("lock.retry_at", "morgen").ok());
  CHECK(vault.failed_attempts() == 0);
  CHECK(vault.retry_at() == 0);
  CHECK(vault.unlock(kPin, kNow).ok());
}

TEST_CASE("forget deletes the vault file and resets the counter; a new PIN starts empty") {
  Device device;
  RecordVault vault(*device.store, device.vault_path);
  REQUIRE(vault.create(kPin, kPin).ok());
  record_with_note(*vault.store());
  vault.lock();
  CHECK(refusal(vault.unlock("97531864", kNow)) == VaultError::Kind::wrong_pin);
  REQUIRE(vault.forget().ok());
  CHECK(vault.state() == VaultState::no_pin);
  CHECK_FALSE(std::filesystem::exists(device.vault_path));
  CHECK(vault.failed_attempts() == 0);

  REQUIRE(vault.create("86420975", "86420975").ok());
  CHECK(record_count(*vault.store()) == 0);

  // Forgetting an open vault closes it first.
  REQUIRE(vault.forget().ok());
  CHECK(vault.store() == nullptr);
  CHECK_FALSE(std::filesystem::exists(device.vault_path));
}

TEST_CASE("change_pin needs the current PIN and a good new one; then only the new PIN opens the file") {
  Device device;
  RecordVault vault(*device.store, device.vault_path);
  REQUIRE(vault.create(kPin, kPin).ok());
  const std::string id = record_with_note(*vault.store());
  vault.lock();
  CHECK(refusal(vault.change_pin(kPin, "75318642", "75318642")) == VaultError::Kind::store); // locked
  REQUIRE(vault.unlock(kPin, kNow).ok());

  CHECK(refusal(vault.change_pin("00000001", "75318642", "75318642")) == VaultError::Kind::wrong_pin);
  CHECK(vault.failed_attempts() == 0); // not an unlock attempt
  const auto bad = vault.change_pin(kPin, "75318642", "75318643");
  CHECK(refusal(bad) == VaultError::Kind::bad_new_pin);
  CHECK(bad.error().detail == "lock.problem.mismatch");
  CHECK(vault.state() == VaultState::unlocked);

  REQUIRE(vault.change_pin(kPin, "75318642", "75318642").ok());
  CHECK(vault.store() != nullptr); // still open
  CHECK(record_count(*vault.store()) == 1);
  vault.lock();
  CHECK(refusal(vault.unlock(kPin, kNow)) == VaultError::Kind::wrong_pin);
  REQUIRE(vault.unlock("75318642", kNow).ok());
  auto loaded = RecordStore(*vault.store()).load(id);
  REQUIRE(loaded.ok());
  CHECK(loaded.value().note == kMarker);
}

TEST_CASE("records an older version kept in the public file move into the vault with the first PIN") {
  Device device;
  const std::string id = record_with_note(*device.store);
  REQUIRE(device.store->set_setting("sync.token", "token-of-this-device").ok());
  REQUIRE(device.store->set_setting("municipality", "GM0153").ok());
  RecordVault vault(*device.store, device.vault_path);
  CHECK(vault.state() == VaultState::no_pin);
  CHECK(vault.has_unprotected_records());
  REQUIRE(read_bytes(device.public_path).find(kMarker) != std::string::npos);

  REQUIRE(vault.create(kPin, kPin).ok());
  REQUIRE(vault.store() != nullptr);
  // In the vault: the record and the token; the public settings stay public.
  auto moved = RecordStore(*vault.store()).load(id);
  REQUIRE(moved.ok());
  CHECK(moved.value().note == kMarker);
  CHECK(moved.value().answers.at("T1.1") == 1);
  CHECK(vault.store()->setting("sync.token") == "token-of-this-device");
  CHECK(vault.store()->setting("municipality") == std::nullopt);
  // Out of the public file, down to its bytes.
  CHECK(record_count(*device.store) == 0);
  CHECK(device.store->setting("sync.token") == std::nullopt);
  CHECK(device.store->setting("municipality") == "GM0153");
  CHECK_FALSE(vault.has_unprotected_records());
  CHECK(read_bytes(device.public_path).find(kMarker) == std::string::npos);
  CHECK(read_bytes(device.vault_path).find(kMarker) == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(device.vault_path + ".new"));

  vault.lock();
  REQUIRE(vault.unlock(kPin, kNow).ok());
  CHECK(record_count(*vault.store()) == 1);
}

TEST_CASE("a move cut short after the encrypted copy was in place is finished by the next unlock") {
  Device device;
  const std::string id = record_with_note(*device.store);
  // What a crash between the rename and clearing the public file leaves: an
  // encrypted copy at the vault's path, the records still in the public file.
  {
    const std::string copy = "VACUUM INTO '" + device.vault_path + "'";
    REQUIRE(sqlite3_exec(device.store->handle(), copy.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(LocalStore::encrypt_in_place(device.vault_path, kPin).ok());
  }
  RecordVault vault(*device.store, device.vault_path);
  CHECK(vault.state() == VaultState::locked);
  CHECK(vault.has_unprotected_records());
  CHECK(refusal(vault.unlock("97531864", kNow)) == VaultError::Kind::wrong_pin);
  CHECK(record_count(*device.store) == 1); // a wrong PIN clears nothing

  REQUIRE(vault.unlock(kPin, kNow).ok());
  CHECK_FALSE(vault.has_unprotected_records());
  CHECK(record_count(*device.store) == 0);
  CHECK(read_bytes(device.public_path).find(kMarker) == std::string::npos);
  auto kept = RecordStore(*vault.store()).load(id);
  REQUIRE(kept.ok());
  CHECK(kept.value().note == kMarker);
}

TEST_CASE("a staging copy left by a move that failed before the rename is not taken for the vault") {
  Device device;
  record_with_note(*device.store);
  write_bytes(device.vault_path + ".new", "half a file");
  RecordVault vault(*device.store, device.vault_path);
  CHECK(vault.state() == VaultState::no_pin);
  REQUIRE(vault.create(kPin, kPin).ok());
  CHECK(record_count(*vault.store()) == 1);
  CHECK_FALSE(std::filesystem::exists(device.vault_path + ".new"));
}
