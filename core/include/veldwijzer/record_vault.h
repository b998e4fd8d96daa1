// record_vault.h — the device's records, encrypted at rest and opened by PIN.
//
// The device keeps two SQLite files. The public one (LocalStore::open) holds
// what anyone may read: settings, and the directory and checklist updates, so
// search works while the records are locked. The vault's file holds what
// must not be read from a lost tablet: checklist records, the reports waiting
// in the outbox, and the collector token. It is encrypted with SQLite3
// Multiple Ciphers (ChaCha20-Poly1305, key derived from the PIN); the key
// exists only inside the open connection, so locking = closing it.
//
// Devices that kept records before encryption have them in the public file.
// The first PIN moves them: a copy of the public file is encrypted in place,
// checked, renamed to the vault's path, and only then are the private tables
// emptied in the public file (secure_delete + VACUUM, so no plaintext stays
// in free pages). A crash at any step leaves either the old state or a vault
// plus leftovers that the next unlock clears.
//
// The key (vault_key.h): Argon2id over the PIN and the file's salt, with a
// passkey's PRF output mixed in where the browser has one. Vaults keyed by
// the PBKDF2 of earlier versions are re-keyed at their next unlock; so is a
// vault whose Argon2 parameters are no longer the current ones. The scheme is
// written beside the vault in "<path>.kdf"; when that file is lost, the PIN is
// tried with the current scheme and with PBKDF2, and with a passkey the
// browser finds by itself (the lock screen offers it).
//
// Wrong PINs in a row are counted in the public file with the earliest time
// of the next try (pin_policy.h), so reloading the page does not reset them.
// Times are Unix seconds from the caller; core reads no clock.
#pragma once

#include "veldwijzer/local_store.h"
#include "veldwijzer/result.h"
#include "veldwijzer/vault_key.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

enum class VaultState {
  no_pin,   // no vault file yet: the first PIN creates it
  locked,   // a vault file, not open
  unlocked, // open; store() gives the records database
};

struct VaultError {
  enum class Kind {
    wrong_pin,     // the PIN does not open the file (or the file is damaged: an AEAD cipher cannot tell)
    must_wait,     // too many wrong PINs: wait until retry_at
    bad_new_pin,   // the new PIN breaks a rule of pin_policy.h (detail = the translation key)
    store,         // the file could not be opened, created, moved or removed (detail = why)
    needs_passkey, // the vault opens only with its passkey, and none was given
  } kind;
  std::string detail;
  std::int64_t retry_at = 0; // must_wait and wrong_pin: when the next try is allowed (0 = now)
};

class RecordVault {
public:
  // device: the public database (settings, wrong-PIN counter, records kept
  // there by older versions). path: the vault file, next to it.
  // new_keys: the scheme new keys and re-keys get; VaultKdf::current() in
  // the app (tests of other things may pass cheaper Argon2 parameters).
  RecordVault(LocalStore &device, std::string path, VaultKdf new_keys = VaultKdf::current());
  RecordVault(const RecordVault &) = delete;
  RecordVault &operator=(const RecordVault &) = delete;

  VaultState state() const;
  // The records database while unlocked, else null.
  LocalStore *store() { return open_ ? &*open_ : nullptr; }
  // The public file still holds records or reports from before encryption;
  // the lock screen says they will be encrypted with the new PIN.
  bool has_unprotected_records() const;

  // The passkey the PIN needs to open the vault (its credential id), from the
  // ".kdf" file; none when the PIN alone opens it.
  std::optional<std::string> passkey_id() const;
  // False when the ".kdf" file is missing or unreadable: the scheme is then
  // guessed (see the header); a vault made with a passkey needs one found by
  // the browser itself ("Met passkey ontgrendelen").
  bool key_scheme_known() const;
  // While unlocked: the vault's key includes a passkey.
  bool has_passkey() const { return open_ && scheme_.needs_passkey(); }

  // no_pin → unlocked: creates the vault (moving unprotected records in),
  // with the passkey's secret in the key when one is given.
  Result<bool, VaultError> create(std::string_view pin, std::string_view repeated, const Passkey *passkey = nullptr);
  // locked → unlocked. passkey: the one the browser gave for passkey_id()
  // (needed when there is one). enrol: a new passkey to key the vault with
  // from now on (re-keys it once opened).
  Result<bool, VaultError> unlock(std::string_view pin, std::int64_t now, const Passkey *passkey = nullptr,
                                  const Passkey *enrol = nullptr);
  // unlocked: the current PIN again, then the new one twice. Re-keys the file.
  Result<bool, VaultError> change_pin(std::string_view current, std::string_view pin, std::string_view repeated);
  // unlocked → locked. The key leaves memory with the connection.
  void lock();
  // "PIN vergeten": deletes the vault file (every record, unsent report and
  // the collector token) and what older versions left in the public file.
  Result<bool, VaultError> forget();

  int failed_attempts() const;
  // When the next unlock attempt is allowed; 0 when it is now.
  std::int64_t retry_at() const;

private:
  std::vector<VaultKdf> key_schemes() const;
  bool write_key_schemes(std::span<const VaultKdf> schemes);
  Result<LocalStore, StoreError> open_with(std::string_view pin, const VaultKdf &kdf, const Passkey *passkey) const;
  void keep_open(LocalStore store, const VaultKdf &scheme, const Passkey *passkey);
  Result<bool, VaultError> move_unprotected_records(const StoreKey &key);
  Result<bool, StoreError> clear_unprotected_records();
  void set_failures(int failures, std::int64_t retry_at);

  LocalStore &device_;
  std::string path_;
  VaultKdf new_keys_;
  std::optional<LocalStore> open_;
  // While unlocked: the scheme the file is keyed with and the passkey's
  // secret (change_pin needs both; wiped at lock, like the connection's key).
  VaultKdf scheme_;
  std::optional<Passkey> passkey_;
};

} // namespace veldwijzer
