// record_vault.cpp — creating, opening, re-keying and wiping the records file.
#include "veldwijzer/record_vault.h"

#include "veldwijzer/pin_policy.h"

#include "sqlite_statement.h"

#include <sqlite3.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace veldwijzer {
namespace {

constexpr std::string_view kFailuresSetting = "lock.failures";
constexpr std::string_view kRetrySetting = "lock.retry_at";

// What belongs in the vault; older versions kept it in the public file. Child
// tables first, so no foreign key is left dangling on the way.
constexpr const char *kClearPrivateTables =
    "BEGIN IMMEDIATE;"
    "DELETE FROM answers; DELETE FROM record_levels; DELETE FROM records;"
    "DELETE FROM checklist_definitions; DELETE FROM outbox; DELETE FROM sync_log;"
    "DELETE FROM meta WHERE key LIKE 'setting.sync.%';"
    "COMMIT";

bool exec(sqlite3 *db, const char *sql, std::string &error) {
  char *message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) {
    return true;
  }
  error = message != nullptr ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr); // harmless when no transaction is open
  return false;
}

VaultError store_failure(std::string detail) {
  return VaultError{VaultError::Kind::store, std::move(detail)};
}

VaultError from_store(const StoreError &error) {
  if (error.problem == StoreProblem::wrong_key) {
    return VaultError{VaultError::Kind::wrong_pin, error.detail};
  }
  return store_failure(std::string(store_problem_name(error.problem)) + ": " + error.detail);
}

std::int64_t setting_number(const LocalStore &store, std::string_view key) {
  const auto text = store.setting(key);
  if (!text || text->empty()) {
    return 0;
  }
  // from_chars, not stoll: the browser build catches no exceptions, so a
  // damaged value would abort instead of counting as none.
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) {
    return 0; // a damaged value counts as none rather than locking someone out
  }
  return value;
}

// A new key for scheme: a fresh salt, Argon2id over the PIN (and the
// passkey's secret). The salt travels with the key into the file's header.
Result<StoreKey, VaultError> new_key(std::string_view pin, const VaultKdf &scheme, const Passkey *passkey) {
  auto salt = new_vault_salt();
  if (!salt) {
    return fail(store_failure(salt.error()));
  }
  VaultKey key;
  if (auto derived = derive_vault_key(pin, salt.value(), scheme, passkey ? &passkey->secret : nullptr, key); !derived) {
    return fail(store_failure(derived.error()));
  }
  return StoreKey::raw(key.bytes, salt.value());
}

void wipe_passkey(std::optional<Passkey> &passkey) {
  if (passkey) {
    volatile std::uint8_t *p = passkey->secret.data();
    for (std::size_t i = 0; i < passkey->secret.size(); ++i) {
      p[i] = 0;
    }
    passkey.reset();
  }
}

} // namespace

RecordVault::RecordVault(LocalStore &device, std::string path, VaultKdf new_keys)
    : device_(device), path_(std::move(path)), new_keys_(std::move(new_keys)) {}

std::vector<VaultKdf> RecordVault::key_schemes() const {
  std::ifstream in(path_ + ".kdf", std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (auto parsed = parse_vault_kdf_file(text); parsed) {
    return std::move(parsed).value();
  }
  // Missing or damaged: what this version makes, then what earlier ones made.
  return {new_keys_, VaultKdf::legacy()};
}

bool RecordVault::key_scheme_known() const {
  std::ifstream in(path_ + ".kdf", std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return parse_vault_kdf_file(text).ok();
}

std::optional<std::string> RecordVault::passkey_id() const {
  for (const VaultKdf &scheme : key_schemes()) {
    if (scheme.needs_passkey()) {
      return scheme.passkey;
    }
  }
  return std::nullopt;
}

// Written under another name and renamed, so the file is always whole.
bool RecordVault::write_key_schemes(std::span<const VaultKdf> schemes) {
  const std::string path = path_ + ".kdf";
  const std::string staging = path + ".new";
  {
    std::ofstream out(staging, std::ios::binary | std::ios::trunc);
    const std::string text = format_vault_kdf_file(schemes);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) {
      return false;
    }
  }
  return std::rename(staging.c_str(), path.c_str()) == 0;
}

Result<LocalStore, StoreError> RecordVault::open_with(std::string_view pin, const VaultKdf &kdf,
                                                      const Passkey *passkey) const {
  if (kdf.kind == VaultKdf::Kind::pbkdf2) {
    if (kdf.passes != static_cast<std::uint32_t>(LocalStore::kKdfIterations)) {
      return fail(StoreError{StoreProblem::cannot_open, "PBKDF2 at " + std::to_string(kdf.passes) + " rounds"});
    }
    return LocalStore::open_encrypted(path_, pin);
  }
  const auto salt = LocalStore::file_salt(path_);
  if (!salt) {
    return fail(StoreError{StoreProblem::not_a_database, "the records file is shorter than its header"});
  }
  VaultKey key;
  if (auto derived = derive_vault_key(pin, *salt, kdf, passkey ? &passkey->secret : nullptr, key); !derived) {
    return fail(StoreError{StoreProblem::cannot_open, derived.error()});
  }
  return LocalStore::open_encrypted(path_, StoreKey::raw(key.bytes, *salt));
}

void RecordVault::keep_open(LocalStore store, const VaultKdf &scheme, const Passkey *passkey) {
  open_.emplace(std::move(store));
  scheme_ = scheme;
  wipe_passkey(passkey_);
  if (passkey != nullptr && scheme.needs_passkey()) {
    passkey_ = *passkey;
  }
}

VaultState RecordVault::state() const {
  if (open_) {
    return VaultState::unlocked;
  }
  return LocalStore::file_state(path_) == StoreFileState::missing ? VaultState::no_pin : VaultState::locked;
}

bool RecordVault::has_unprotected_records() const {
  detail::Statement query(device_.handle(), "SELECT EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM outbox)"
                                            " OR EXISTS (SELECT 1 FROM meta WHERE key = 'setting.sync.token'"
                                            " AND value <> '')");
  return query.next() && query.integer(0) != 0;
}

int RecordVault::failed_attempts() const {
  return static_cast<int>(setting_number(device_, kFailuresSetting));
}

std::int64_t RecordVault::retry_at() const {
  return setting_number(device_, kRetrySetting);
}

void RecordVault::set_failures(int failures, std::int64_t retry_at) {
  if (failures == 0 && failed_attempts() == 0 && this->retry_at() == 0) {
    return; // nothing to write: the common case of a right PIN
  }
  // Not being able to write the counter must not keep anyone out.
  (void)device_.set_setting(kFailuresSetting, std::to_string(failures));
  (void)device_.set_setting(kRetrySetting, std::to_string(retry_at));
}

Result<bool, VaultError> RecordVault::create(std::string_view pin, std::string_view repeated, const Passkey *passkey) {
  if (state() != VaultState::no_pin) {
    return fail(store_failure("a PIN is already set on this device"));
  }
  if (const auto problem = new_pin_problem(pin, repeated)) {
    return fail(VaultError{VaultError::Kind::bad_new_pin, std::string(*problem)});
  }
  VaultKdf scheme = new_keys_;
  scheme.passkey = passkey != nullptr ? passkey->id : std::string();
  auto key = new_key(pin, scheme, passkey);
  if (!key) {
    return fail(key.error());
  }
  // The scheme first: a vault file never exists without the file that says
  // how to open it (a crash before the vault leaves "no PIN" and a stale
  // scheme that the next create replaces).
  const VaultKdf schemes[] = {scheme};
  if (!write_key_schemes(schemes)) {
    return fail(store_failure("cannot write " + path_ + ".kdf"));
  }
  if (has_unprotected_records()) {
    auto moved = move_unprotected_records(key.value());
    if (!moved) {
      return moved;
    }
  }
  auto opened = LocalStore::open_encrypted(path_, key.value());
  if (!opened) {
    return fail(from_store(opened.error()));
  }
  keep_open(std::move(opened).value(), scheme, passkey);
  set_failures(0, 0);
  return true;
}

// The copy is made and encrypted under a temporary name, so the vault's path
// only ever names a complete, encrypted file.
Result<bool, VaultError> RecordVault::move_unprotected_records(const StoreKey &key) {
  const std::string staging = path_ + ".new";
  (void)LocalStore::remove_file(staging); // a previous attempt that did not finish
  {
    detail::Statement copy(device_.handle(), "VACUUM INTO ?1");
    copy.bind(1, staging);
    if (!copy.run()) {
      return fail(store_failure(std::string("copying the records failed: ") + sqlite3_errmsg(device_.handle())));
    }
  }
  if (auto encrypted = LocalStore::encrypt_in_place(staging, key); !encrypted) {
    (void)LocalStore::remove_file(staging);
    return fail(from_store(encrypted.error()));
  }
  {
    // The copy also holds public settings and content documents; they are
    // read from the public file, so the vault drops them.
    auto copy = LocalStore::open_encrypted(staging, key);
    std::string error;
    if (!copy ||
        !exec(copy.value().handle(),
              "DELETE FROM meta WHERE key LIKE 'setting.%' AND key NOT LIKE 'setting.sync.%'; VACUUM", error)) {
      (void)LocalStore::remove_file(staging);
      return fail(store_failure("checking the encrypted copy failed: " + (copy ? error : copy.error().detail)));
    }
  }
  if (std::rename(staging.c_str(), path_.c_str()) != 0) {
    (void)LocalStore::remove_file(staging);
    return fail(store_failure("moving the encrypted copy into place failed"));
  }
  // From here the vault holds the records; leftovers are cleared again at
  // the next unlock should this fail.
  (void)clear_unprotected_records();
  return true;
}

Result<bool, StoreError> RecordVault::clear_unprotected_records() {
  std::string error;
  // secure_delete (set by LocalStore::open) overwrites the deleted rows;
  // VACUUM then rebuilds the file without the pages they were in.
  if (!exec(device_.handle(), kClearPrivateTables, error) || !exec(device_.handle(), "VACUUM", error)) {
    return fail(StoreError{StoreProblem::cannot_open, error});
  }
  return true;
}

Result<bool, VaultError> RecordVault::unlock(std::string_view pin, std::int64_t now, const Passkey *passkey,
                                             const Passkey *enrol) {
  if (state() != VaultState::locked) {
    return fail(store_failure(open_ ? "already unlocked" : "no PIN has been set yet"));
  }
  if (const std::int64_t wait_until = retry_at(); now < wait_until) {
    return fail(VaultError{VaultError::Kind::must_wait, {}, wait_until});
  }
  const bool known = key_scheme_known();
  std::vector<VaultKdf> schemes = key_schemes();
  if (!known && passkey != nullptr) {
    // The ".kdf" file is lost and the browser found a passkey by itself.
    VaultKdf with_passkey = new_keys_;
    with_passkey.passkey = passkey->id;
    schemes.insert(schemes.begin(), with_passkey);
  }
  std::optional<LocalStore> opened;
  VaultKdf opened_with;
  std::optional<VaultError> refused;
  bool passkey_missing = false;
  for (const VaultKdf &scheme : schemes) {
    if (scheme.needs_passkey() && passkey == nullptr) {
      passkey_missing = true;
      continue;
    }
    auto attempt = open_with(pin, scheme, scheme.needs_passkey() ? passkey : nullptr);
    if (attempt) {
      opened.emplace(std::move(attempt).value());
      opened_with = scheme;
      break;
    }
    VaultError error = from_store(attempt.error());
    if (!refused || refused->kind == VaultError::Kind::wrong_pin) {
      refused = std::move(error); // a store problem says more than "wrong PIN"
    }
  }
  if (!opened) {
    if (passkey_missing && !refused) {
      return fail(VaultError{VaultError::Kind::needs_passkey, "this vault opens with its passkey"});
    }
    VaultError error = refused ? *refused : VaultError{VaultError::Kind::wrong_pin, {}};
    if (error.kind == VaultError::Kind::wrong_pin) {
      const int failures = failed_attempts() + 1;
      const std::int64_t wait = unlock_wait_seconds(failures);
      error.retry_at = wait > 0 ? now + wait : 0;
      set_failures(failures, error.retry_at);
    }
    return fail(std::move(error));
  }
  set_failures(0, 0);

  // Re-key to the current scheme when the file has another one (PBKDF2,
  // older Argon2 parameters, a new passkey) or the ".kdf" file does not say
  // so alone. Both schemes are written first, so a crash in the re-key leaves
  // a list that opens the file either way.
  VaultKdf target = new_keys_;
  const Passkey *target_passkey = enrol != nullptr ? enrol : (opened_with.needs_passkey() ? passkey : nullptr);
  target.passkey = target_passkey != nullptr ? target_passkey->id : std::string();
  const bool settled = known && schemes.size() == 1 && schemes.front() == target;
  if (!settled) {
    const VaultKdf both[] = {target, opened_with};
    auto key = new_key(pin, target, target_passkey);
    if (key && write_key_schemes(both) && opened->rekey(key.value())) {
      const VaultKdf done[] = {target};
      (void)write_key_schemes(done); // if not, the two-line list still opens it
      opened_with = target;
    } else {
      // Stays on the scheme that opened it; the next unlock tries again.
      const VaultKdf kept[] = {opened_with};
      (void)write_key_schemes(kept);
      target_passkey = opened_with.needs_passkey() ? passkey : nullptr;
    }
  }
  keep_open(std::move(*opened), opened_with, opened_with.needs_passkey() ? target_passkey : nullptr);
  if (has_unprotected_records()) {
    (void)clear_unprotected_records(); // an interrupted move: the vault has them
  }
  return true;
}

Result<bool, VaultError> RecordVault::change_pin(std::string_view current, std::string_view pin,
                                                 std::string_view repeated) {
  if (!open_) {
    return fail(store_failure("the records are locked"));
  }
  // The key is not kept anywhere we could compare with: a second connection
  // with the PIN given proves it.
  const Passkey *passkey = passkey_ ? &*passkey_ : nullptr;
  if (auto check = open_with(current, scheme_, passkey); !check) {
    return fail(from_store(check.error()));
  }
  if (const auto problem = new_pin_problem(pin, repeated)) {
    return fail(VaultError{VaultError::Kind::bad_new_pin, std::string(*problem)});
  }
  // The same scheme (and passkey) with a new salt; the ".kdf" file stays.
  auto key = new_key(pin, scheme_, passkey);
  if (!key) {
    return fail(key.error());
  }
  if (auto rekeyed = open_->rekey(key.value()); !rekeyed) {
    return fail(from_store(rekeyed.error()));
  }
  return true;
}

void RecordVault::lock() {
  open_.reset();
  wipe_passkey(passkey_);
}

Result<bool, VaultError> RecordVault::forget() {
  lock();
  if (auto removed = LocalStore::remove_file(path_); !removed) {
    return fail(from_store(removed.error()));
  }
  (void)LocalStore::remove_file(path_ + ".new");
  std::error_code ignored;
  std::filesystem::remove(path_ + ".kdf", ignored);
  if (auto cleared = clear_unprotected_records(); !cleared) {
    return fail(store_failure("clearing records left by an older version failed: " + cleared.error().detail));
  }
  set_failures(0, 0);
  return true;
}

} // namespace veldwijzer
