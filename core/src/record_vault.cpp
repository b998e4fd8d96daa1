// record_vault.cpp — creating, opening, re-keying and wiping the records file.
#include "veldwijzer/record_vault.h"

#include "veldwijzer/pin_policy.h"

#include "sqlite_statement.h"

#include <sqlite3.h>

#include <charconv>
#include <cstdio>
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

} // namespace

RecordVault::RecordVault(LocalStore &device, std::string path) : device_(device), path_(std::move(path)) {}

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

Result<bool, VaultError> RecordVault::create(std::string_view pin, std::string_view repeated) {
  if (state() != VaultState::no_pin) {
    return fail(store_failure("a PIN is already set on this device"));
  }
  if (const auto problem = new_pin_problem(pin, repeated)) {
    return fail(VaultError{VaultError::Kind::bad_new_pin, std::string(*problem)});
  }
  if (has_unprotected_records()) {
    auto moved = move_unprotected_records(pin);
    if (!moved) {
      return moved;
    }
  }
  auto opened = LocalStore::open_encrypted(path_, pin);
  if (!opened) {
    return fail(from_store(opened.error()));
  }
  open_.emplace(std::move(opened).value());
  set_failures(0, 0);
  return true;
}

// The copy is made and encrypted under a temporary name, so the vault's path
// only ever names a complete, encrypted file.
Result<bool, VaultError> RecordVault::move_unprotected_records(std::string_view pin) {
  const std::string staging = path_ + ".new";
  (void)LocalStore::remove_file(staging); // a previous attempt that did not finish
  {
    detail::Statement copy(device_.handle(), "VACUUM INTO ?1");
    copy.bind(1, staging);
    if (!copy.run()) {
      return fail(store_failure(std::string("copying the records failed: ") + sqlite3_errmsg(device_.handle())));
    }
  }
  if (auto encrypted = LocalStore::encrypt_in_place(staging, pin); !encrypted) {
    (void)LocalStore::remove_file(staging);
    return fail(from_store(encrypted.error()));
  }
  {
    // The copy also holds public settings and content documents; they are
    // read from the public file, so the vault drops them.
    auto copy = LocalStore::open_encrypted(staging, pin);
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

Result<bool, VaultError> RecordVault::unlock(std::string_view pin, std::int64_t now) {
  if (state() != VaultState::locked) {
    return fail(store_failure(open_ ? "already unlocked" : "no PIN has been set yet"));
  }
  if (const std::int64_t wait_until = retry_at(); now < wait_until) {
    return fail(VaultError{VaultError::Kind::must_wait, {}, wait_until});
  }
  auto opened = LocalStore::open_encrypted(path_, pin);
  if (!opened) {
    VaultError error = from_store(opened.error());
    if (error.kind == VaultError::Kind::wrong_pin) {
      const int failures = failed_attempts() + 1;
      const std::int64_t wait = unlock_wait_seconds(failures);
      error.retry_at = wait > 0 ? now + wait : 0;
      set_failures(failures, error.retry_at);
    }
    return fail(std::move(error));
  }
  open_.emplace(std::move(opened).value());
  set_failures(0, 0);
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
  if (auto check = LocalStore::open_encrypted(path_, current); !check) {
    return fail(from_store(check.error()));
  }
  if (const auto problem = new_pin_problem(pin, repeated)) {
    return fail(VaultError{VaultError::Kind::bad_new_pin, std::string(*problem)});
  }
  if (auto rekeyed = open_->rekey(pin); !rekeyed) {
    return fail(from_store(rekeyed.error()));
  }
  return true;
}

void RecordVault::lock() {
  open_.reset();
}

Result<bool, VaultError> RecordVault::forget() {
  open_.reset();
  if (auto removed = LocalStore::remove_file(path_); !removed) {
    return fail(from_store(removed.error()));
  }
  (void)LocalStore::remove_file(path_ + ".new");
  if (auto cleared = clear_unprotected_records(); !cleared) {
    return fail(store_failure("clearing records left by an older version failed: " + cleared.error().detail));
  }
  set_failures(0, 0);
  return true;
}

} // namespace veldwijzer
