// record_vault_test.cpp — the records' vault (record_vault.h) and the PIN
// rules (pin_policy.h) without any UI: the vault's states, creating,
// unlocking and locking it, the wrong-PIN counter kept in the public file,
// the wait schedule, "PIN vergeten", changing the PIN, and moving records an
// older version kept unencrypted — also when that move was cut short; and the
// key (vault_key.h): Argon2id, the re-key of PBKDF2 vaults, passkeys, the
// ".kdf" file and what a copied file needs to open.
#include "veldwijzer/local_store.h"
#include "veldwijzer/pin_policy.h"
#include "veldwijzer/record_store.h"
#include "veldwijzer/record_vault.h"
#include "veldwijzer/vault_key.h"

#include "checklist_fixture.h"
#include "temp_folder.h"

#include <catch_amalgamated.hpp>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

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

// ---- The key (issue #22): Argon2id, the passkey's secret, the ".kdf" file ----

namespace {

using veldwijzer::Passkey;
using veldwijzer::VaultKdf;

Passkey passkey_named(const char *id, std::uint8_t fill) {
  Passkey passkey;
  passkey.id = id;
  passkey.secret.fill(fill);
  return passkey;
}

std::string kdf_file(const Device &device) {
  return read_bytes(device.vault_path + ".kdf");
}

// A vault as the versions before Argon2 made it: SQLite3MC's PBKDF2 over the PIN, no ".kdf" file.
void make_pbkdf2_vault(const Device &device, const char *pin) {
  auto made = LocalStore::open_encrypted(device.vault_path, pin);
  REQUIRE(made.ok());
  record_with_note(made.value());
}

} // namespace

TEST_CASE("the .kdf file says which scheme keys the vault, and a line it cannot read makes it unreadable") {
  const VaultKdf with_passkey{VaultKdf::Kind::argon2id, 65536, 2, "cred-ID_1"};
  const VaultKdf schemes[] = {with_passkey, VaultKdf::legacy()};
  const std::string text = veldwijzer::format_vault_kdf_file(schemes);
  CHECK(text == "veldwijzer-vault-kdf 1\nargon2id m=65536 t=2 p=1 passkey=cred-ID_1\npbkdf2-sha256 i=256000\n");
  auto parsed = veldwijzer::parse_vault_kdf_file(text);
  REQUIRE(parsed.ok());
  CHECK(parsed.value() == std::vector<VaultKdf>{with_passkey, VaultKdf::legacy()});

  for (const char *bad :
       {"", "veldwijzer-vault-kdf 2\nargon2id m=65536 t=2 p=1\n", "veldwijzer-vault-kdf 1\n",
        "veldwijzer-vault-kdf 1\nargon2id m=65536 t=2 p=4\n", "veldwijzer-vault-kdf 1\nargon2id m=0 t=2 p=1\n",
        "veldwijzer-vault-kdf 1\nscrypt n=1\n", "veldwijzer-vault-kdf 1\nargon2id m=65536 t=2 p=1 passkey=a/b\n",
        "veldwijzer-vault-kdf 1\nargon2id m=8 t=1 p=1\nargon2id m=8 t=1 p=1\npbkdf2-sha256 i=1\n"}) {
    CAPTURE(bad);
    CHECK_FALSE(veldwijzer::parse_vault_kdf_file(bad).ok());
  }
}

TEST_CASE("the key depends on the PIN, the salt and the passkey's secret, and a passkey scheme refuses no secret") {
  const VaultKdf kdf{VaultKdf::Kind::argon2id, 1024, 1, {}};
  const veldwijzer::VaultSalt salt{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  veldwijzer::VaultSalt other_salt = salt;
  other_salt[15] = 17;
  veldwijzer::DeviceSecret secret{};
  secret.fill(7);
  const auto key = [&](const char *pin, const veldwijzer::VaultSalt &s, const veldwijzer::DeviceSecret *with) {
    veldwijzer::VaultKey out;
    REQUIRE(veldwijzer::derive_vault_key(pin, s, kdf, with, out).ok());
    return out.bytes;
  };
  CHECK(key(kPin, salt, nullptr) == key(kPin, salt, nullptr));
  CHECK(key(kPin, salt, nullptr) != key("24681358", salt, nullptr));
  CHECK(key(kPin, salt, nullptr) != key(kPin, other_salt, nullptr));
  CHECK(key(kPin, salt, nullptr) != key(kPin, salt, &secret));

  VaultKdf needs = kdf;
  needs.passkey = "id";
  veldwijzer::VaultKey out;
  CHECK_FALSE(veldwijzer::derive_vault_key(kPin, salt, needs, nullptr, out).ok());
  CHECK_FALSE(veldwijzer::derive_vault_key(kPin, salt, VaultKdf::legacy(), nullptr, out).ok());
}

TEST_CASE("a new vault is keyed with Argon2id at the current parameters over the salt in its own header") {
  Device device;
  RecordVault vault(*device.store, device.vault_path);
  REQUIRE(vault.create(kPin, kPin).ok());
  const VaultKdf current[] = {VaultKdf::current()};
  CHECK(kdf_file(device) == veldwijzer::format_vault_kdf_file(current));
  CHECK(vault.key_scheme_known());
  CHECK_FALSE(vault.passkey_id());
  CHECK(VaultKdf::current().memory_kib >= 32 * 1024); // every guess needs at least 32 MiB
  vault.lock();

  // The key is Argon2id over the PIN and the header's salt, and nothing else:
  // derived by hand it opens the file; SQLite3MC's own PBKDF2 does not.
  const auto salt = LocalStore::file_salt(device.vault_path);
  REQUIRE(salt);
  veldwijzer::VaultKey key;
  REQUIRE(veldwijzer::derive_vault_key(kPin, *salt, VaultKdf::current(), nullptr, key).ok());
  CHECK(LocalStore::open_encrypted(device.vault_path, veldwijzer::StoreKey::raw(key.bytes, *salt)).ok());
  auto pbkdf2 = LocalStore::open_encrypted(device.vault_path, kPin);
  REQUIRE_FALSE(pbkdf2.ok());
  CHECK(pbkdf2.error().problem == veldwijzer::StoreProblem::wrong_key);

  REQUIRE(vault.unlock(kPin, kNow).ok());
  CHECK(vault.failed_attempts() == 0);
}

TEST_CASE("a vault from before Argon2 opens with its PIN and is re-keyed: from then on PBKDF2 does not open it") {
  Device device;
  make_pbkdf2_vault(device, kPin);
  RecordVault vault(*device.store, device.vault_path);
  CHECK(vault.state() == VaultState::locked);
  CHECK_FALSE(vault.key_scheme_known());

  CHECK(refusal(vault.unlock("99999999", kNow)) == VaultError::Kind::wrong_pin);
  CHECK(vault.failed_attempts() == 1);
  CHECK_FALSE(std::filesystem::exists(device.vault_path + ".kdf")); // a wrong PIN changes nothing

  REQUIRE(vault.unlock(kPin, kNow).ok());
  CHECK(record_count(*vault.store()) == 1);
  const VaultKdf current[] = {VaultKdf::current()};
  CHECK(kdf_file(device) == veldwijzer::format_vault_kdf_file(current));
  vault.lock();
  CHECK_FALSE(LocalStore::open_encrypted(device.vault_path, kPin).ok());
  CHECK(read_bytes(device.vault_path).find(kMarker) == std::string::npos);

  REQUIRE(vault.unlock(kPin, kNow).ok());
  CHECK(record_count(*vault.store()) == 1);
}

TEST_CASE("a re-key cut short leaves a .kdf file that opens the vault either way, and the next unlock finishes it") {
  Device device;
  make_pbkdf2_vault(device, kPin);
  // As unlock writes it before re-keying: the new scheme, then the old one.
  const VaultKdf both[] = {VaultKdf::current(), VaultKdf::legacy()};
  {
    std::ofstream out(device.vault_path + ".kdf", std::ios::binary);
    out << veldwijzer::format_vault_kdf_file(both);
  }
  RecordVault vault(*device.store, device.vault_path);
  CHECK(vault.key_scheme_known());
  REQUIRE(vault.unlock(kPin, kNow).ok());
  CHECK(record_count(*vault.store()) == 1);
  const VaultKdf current[] = {VaultKdf::current()};
  CHECK(kdf_file(device) == veldwijzer::format_vault_kdf_file(current));
}

TEST_CASE("a copied vault with a passkey does not open with the right PIN alone, nor with another passkey") {
  Device device;
  const Passkey tablet = passkey_named("tablet-credential", 0x5a);
  {
    RecordVault vault(*device.store, device.vault_path);
    REQUIRE(vault.create(kPin, kPin, &tablet).ok());
    CHECK(vault.has_passkey());
    record_with_note(*vault.store());
    vault.lock();
    CHECK(vault.passkey_id() == "tablet-credential");
  }
  // The vault and its .kdf file copied to another device (a fresh public file).
  Device elsewhere;
  std::filesystem::copy_file(device.vault_path, elsewhere.vault_path);
  std::filesystem::copy_file(device.vault_path + ".kdf", elsewhere.vault_path + ".kdf");
  RecordVault copied(*elsewhere.store, elsewhere.vault_path);
  CHECK(refusal(copied.unlock(kPin, kNow)) == VaultError::Kind::needs_passkey);
  CHECK(copied.failed_attempts() == 0); // no PIN was tried
  const Passkey other = passkey_named("tablet-credential", 0x5b);
  CHECK(refusal(copied.unlock(kPin, kNow, &other)) == VaultError::Kind::wrong_pin);
  CHECK(refusal(copied.unlock("13572468", kNow, &tablet)) == VaultError::Kind::wrong_pin);
  // Without the .kdf file the PIN alone is tried with every scheme: still closed.
  std::filesystem::remove(elsewhere.vault_path + ".kdf");
  CHECK(refusal(copied.unlock(kPin, kNow)) == VaultError::Kind::wrong_pin);

  REQUIRE(copied.unlock(kPin, kNow, &tablet).ok()); // the passkey the browser found by itself
  CHECK(record_count(*copied.store()) == 1);
  CHECK(copied.passkey_id() == "tablet-credential"); // and the .kdf file is back
}

TEST_CASE("a passkey enrolled at unlock keys the vault from then on; changing the PIN keeps it") {
  Device device;
  RecordVault vault(*device.store, device.vault_path);
  REQUIRE(vault.create(kPin, kPin).ok());
  vault.lock();
  const Passkey tablet = passkey_named("new-credential", 0x11);
  REQUIRE(vault.unlock(kPin, kNow, nullptr, &tablet).ok());
  CHECK(vault.has_passkey());
  vault.lock();
  CHECK(vault.passkey_id() == "new-credential");
  CHECK(refusal(vault.unlock(kPin, kNow)) == VaultError::Kind::needs_passkey);
  REQUIRE(vault.unlock(kPin, kNow, &tablet).ok());

  REQUIRE(vault.change_pin(kPin, "97531864", "97531864").ok());
  vault.lock();
  CHECK(refusal(vault.unlock(kPin, kNow, &tablet)) == VaultError::Kind::wrong_pin);
  CHECK(refusal(vault.unlock("97531864", kNow)) == VaultError::Kind::needs_passkey);
  REQUIRE(vault.unlock("97531864", kNow, &tablet).ok());
}

TEST_CASE("forgetting the PIN removes the .kdf file with the vault") {
  Device device;
  RecordVault vault(*device.store, device.vault_path);
  const Passkey tablet = passkey_named("gone", 0x22);
  REQUIRE(vault.create(kPin, kPin, &tablet).ok());
  REQUIRE(vault.forget().ok());
  CHECK_FALSE(std::filesystem::exists(device.vault_path + ".kdf"));
  CHECK(vault.state() == VaultState::no_pin);
  REQUIRE(vault.create(kPin, kPin).ok());
  CHECK_FALSE(vault.has_passkey());
}
