// local_store.h — the device's own SQLite database (records never leave it).
//
// LocalStore::open(path) opens or creates the file, checks it is ours
// (PRAGMA application_id), and migrates its schema forward one version at a
// time inside a transaction. A file that is corrupt, foreign or from a newer
// app is refused with a StoreError and left untouched, so the caller can tell
// the user and offer a way forward instead of crashing or overwriting data.
//
// On the device the file is encrypted at rest (issue #9): open_encrypted()
// derives a key from the user's PIN/passphrase and every page is sealed with
// SQLite3 Multiple Ciphers' ChaCha20-Poly1305 scheme. open() stays the
// plaintext open (public data, tests); file_state() tells which one a file
// needs, encrypt_in_place() upgrades a device that already holds records.
#pragma once

#include "veldwijzer/result.h"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;

namespace veldwijzer {

enum class StoreProblem {
  cannot_open,      // the path cannot be opened or created (permissions, missing folder)
  not_a_database,   // the file is not SQLite or is damaged
  foreign_database, // a valid SQLite file that belongs to another application
  newer_schema,     // written by a newer Veldwijzer; we must not touch it
  migration_failed, // an upgrade step failed; the transaction was rolled back
  wrong_key,        // the passphrase does not open the file, or the file is damaged:
                    // with an authenticated cipher the two look the same
};
std::string_view store_problem_name(StoreProblem problem);

struct StoreError {
  StoreProblem problem;
  std::string detail; // SQLite's own message or the versions involved
};

// What is at a path, judged from its first bytes without opening it.
enum class StoreFileState {
  missing,   // no file, or an empty one
  plaintext, // starts with SQLite's "SQLite format 3\0" header
  encrypted, // anything else: an encrypted store, or garbage (open_encrypted says which)
};

// What SQLite3 Multiple Ciphers is keyed with: a passphrase it stretches
// itself with PBKDF2 (vaults made before Argon2, vault_key.h), or a 32-byte
// key derived elsewhere together with the 16-byte salt a new or re-keyed file
// gets (SQLite3MC's "raw:" form: no key derivation of its own). Wiped when it goes.
class StoreKey {
public:
  static StoreKey passphrase(std::string_view passphrase);
  static StoreKey raw(std::span<const unsigned char, 32> key, std::span<const unsigned char, 16> salt);
  StoreKey(const StoreKey &) = delete;
  StoreKey &operator=(const StoreKey &) = delete;
  StoreKey(StoreKey &&other) noexcept = default;
  ~StoreKey();
  std::string_view bytes() const { return bytes_; }

private:
  StoreKey() = default;
  std::string bytes_;
};

class LocalStore {
public:
  // 'VWJZ': marks the file as Veldwijzer's, so we never migrate someone else's database.
  static constexpr int kApplicationId = 0x56574A5A;
  static constexpr int kSchemaVersion = 3;
  // The forward migrations, entry i upgrading version i to i+1; tests build a
  // file at every earlier version from these and open it with this app.
  static std::span<const char *const> migrations();

  // ChaCha20 key-derivation rounds (PBKDF2-HMAC-SHA256). Not stored in the
  // file: changing it makes every existing device file unreadable, so it is
  // fixed for good (a change needs a rekey migration). Why this number:
  // local_store_encryption.cpp and docs/ARCHITECTURE.md "Records at rest".
  static constexpr int kKdfIterations = 256000;

  static Result<LocalStore, StoreError> open(const std::string &path);

  static StoreFileState file_state(const std::string &path);
  // Opens (or creates, when missing) the file encrypted with a key derived from
  // passphrase, then the same identity and migration checks as open(). A
  // plaintext file is refused (cannot_open, "not encrypted"): callers check
  // file_state() first and use encrypt_in_place() for it. An empty passphrase
  // is refused too: SQLite would take it as "no encryption".
  static Result<LocalStore, StoreError> open_encrypted(const std::string &path, std::string_view passphrase);
  static Result<LocalStore, StoreError> open_encrypted(const std::string &path, const StoreKey &key);
  // Encrypts an existing plaintext Veldwijzer file in place (devices that
  // already hold records), then proves it by reopening with the passphrase.
  // On any failure the file is left plaintext and intact.
  static Result<bool, StoreError> encrypt_in_place(const std::string &path, std::string_view passphrase);
  static Result<bool, StoreError> encrypt_in_place(const std::string &path, const StoreKey &key);
  // Changes the key of this open encrypted store; on failure the old one still opens it.
  Result<bool, StoreError> rekey(std::string_view new_passphrase);
  Result<bool, StoreError> rekey(const StoreKey &key);
  // The 16-byte salt an encrypted file starts with (the raw key's salt, or
  // PBKDF2's); none when the file is missing, plaintext or shorter.
  static std::optional<std::array<unsigned char, 16>> file_salt(const std::string &path);
  // Deletes the file and its journal ("PIN vergeten"); the store must not be
  // open. True when nothing is left. Unlinks only, overwrites nothing.
  static Result<bool, StoreError> remove_file(const std::string &path);

  LocalStore(LocalStore &&other) noexcept;
  LocalStore &operator=(LocalStore &&other) noexcept;
  LocalStore(const LocalStore &) = delete;
  LocalStore &operator=(const LocalStore &) = delete;
  ~LocalStore();

  int schema_version() const;
  // Small per-device preferences (the chosen municipality, the language),
  // kept in the meta table. Never client data.
  std::optional<std::string> setting(std::string_view key) const;
  Result<bool, StoreError> set_setting(std::string_view key, std::string_view value);
  // The SQLite library compiled into this build, e.g. "3.53.4".
  static std::string_view sqlite_version();
  // The raw handle, for the core modules that own tables in this database.
  sqlite3 *handle() const { return db_; }

private:
  explicit LocalStore(sqlite3 *db) : db_(db) {}
  // The checks open() and open_encrypted() share once the handle can read
  // pages: is it ours, not newer, migrated. A page that cannot be read is
  // reported as unreadable_problem (not_a_database, or wrong_key when keyed).
  static Result<LocalStore, StoreError> check_and_migrate(LocalStore store, StoreProblem unreadable_problem);
  sqlite3 *db_ = nullptr;
};

} // namespace veldwijzer
