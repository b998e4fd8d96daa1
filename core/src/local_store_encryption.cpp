// local_store_encryption.cpp — the device database encrypted at rest (issue #9).
//
// The engine is SQLite3 Multiple Ciphers (script/setup, cmake/ThirdParty.cmake),
// built with one cipher: ChaCha20-Poly1305 in sqleet's page format. The key is
// derived from the passphrase with PBKDF2-HMAC-SHA256 over a random 16-byte salt
// kept in the file's first bytes; every page carries its own nonce and a
// Poly1305 tag, so a wrong key and a damaged page are the same failure.
//
// Key derivation strength (LocalStore::kKdfIterations = 256 000, four times
// SQLite3MC's default of 64 007). Measured with bench/store_unlock --kdf-study
// on the 2-core build machine while shared, median of 7 unlocks:
//   iterations   64 007   128 000   256 000   512 000
//   wasm (node)  36-79    124-147   108-228   287-376 ms
//   native       28       53        95-118    236 ms
// Each doubling doubles an offline attacker's cost per guess, and the user
// waits that long at every unlock. 512 000 already touches the ~400 ms unlock
// budget here, and phones are slower than this machine; 256 000 stays near
// 200 ms in wasm, leaving room for a phone twice as slow. For a 6-digit PIN
// no iteration count a phone can afford makes an offline attack on a copied
// file slow (docs/ARCHITECTURE.md): only a longer passphrase does. The PIN
// screen's waits slow down someone at the screen, not a copied file.
//
// The key goes to SQLite as bytes (sqlite3_key_v2 / sqlite3_rekey_v2), never
// through SQL text; StoreKey's copy is wiped when it goes. Since issue #22 the
// vault's key is Argon2id-derived (vault_key.h) and reaches SQLite3MC raw;
// the PBKDF2 passphrase form stays for opening vaults made before.
#include "veldwijzer/local_store.h"

#include <sqlite3.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace veldwijzer {
namespace {

constexpr std::string_view kPlaintextHeader{"SQLite format 3\0", 16};

// Overwrites a buffer that held secrets or plaintext before it is freed; the
// volatile writes keep the compiler from dropping them as dead stores.
void wipe(std::string &bytes) {
  volatile char *p = bytes.data();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    p[i] = 0;
  }
  bytes.clear();
  bytes.shrink_to_fit();
}

// Picks the cipher and KDF strength for the next key or rekey on this
// connection. SQLite3MC resets a parameter to its connection default after
// each use, so the defaults are set as well as the values.
bool use_chacha20(sqlite3 *db) {
  const int cipher = sqlite3mc_cipher_index("chacha20");
  return cipher > 0 && sqlite3mc_config(db, "default:cipher", cipher) == cipher &&
         sqlite3mc_config(db, "cipher", cipher) == cipher &&
         sqlite3mc_config_cipher(db, "chacha20", "default:kdf_iter", LocalStore::kKdfIterations) ==
             LocalStore::kKdfIterations &&
         sqlite3mc_config_cipher(db, "chacha20", "kdf_iter", LocalStore::kKdfIterations) == LocalStore::kKdfIterations;
}

int byte_count(std::string_view passphrase) {
  return static_cast<int>(passphrase.size());
}

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool write_file(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out.flush());
}

StoreError empty_passphrase() {
  // SQLite3MC takes an empty key as "no encryption": refuse it rather than
  // silently writing records in plaintext.
  return StoreError{StoreProblem::cannot_open, "empty passphrase"};
}

} // namespace

StoreKey StoreKey::passphrase(std::string_view passphrase) {
  StoreKey key;
  key.bytes_.assign(passphrase);
  return key;
}

StoreKey StoreKey::raw(std::span<const unsigned char, 32> key, std::span<const unsigned char, 16> salt) {
  StoreKey made;
  made.bytes_.reserve(4 + key.size() + salt.size());
  made.bytes_ = "raw:";
  made.bytes_.append(reinterpret_cast<const char *>(key.data()), key.size());
  made.bytes_.append(reinterpret_cast<const char *>(salt.data()), salt.size());
  return made;
}

StoreKey::~StoreKey() {
  wipe(bytes_);
}

std::optional<std::array<unsigned char, 16>> LocalStore::file_salt(const std::string &path) {
  if (file_state(path) != StoreFileState::encrypted) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::array<unsigned char, 16> salt{};
  in.read(reinterpret_cast<char *>(salt.data()), static_cast<std::streamsize>(salt.size()));
  if (static_cast<std::size_t>(in.gcount()) != salt.size()) {
    return std::nullopt;
  }
  return salt;
}

StoreFileState LocalStore::file_state(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return StoreFileState::missing;
  }
  std::array<char, kPlaintextHeader.size()> head{};
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  const auto got = static_cast<std::size_t>(in.gcount());
  if (got == 0) {
    return StoreFileState::missing; // SQLite treats an empty file as a new database
  }
  if (got == head.size() && std::string_view(head.data(), head.size()) == kPlaintextHeader) {
    return StoreFileState::plaintext;
  }
  return StoreFileState::encrypted;
}

Result<LocalStore, StoreError> LocalStore::open_encrypted(const std::string &path, std::string_view passphrase) {
  return open_encrypted(path, StoreKey::passphrase(passphrase));
}

Result<LocalStore, StoreError> LocalStore::open_encrypted(const std::string &path, const StoreKey &key) {
  const std::string_view passphrase = key.bytes();
  if (passphrase.empty()) {
    return fail(empty_passphrase());
  }
  if (file_state(path) == StoreFileState::plaintext) {
    return fail(StoreError{StoreProblem::cannot_open, "not encrypted"});
  }
  sqlite3 *raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  LocalStore store(raw); // owns raw from here on, also on every error path
  if (rc != SQLITE_OK) {
    return fail(StoreError{StoreProblem::cannot_open, raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"});
  }
  if (!use_chacha20(raw)) {
    return fail(StoreError{StoreProblem::cannot_open, "this build has no ChaCha20 cipher"});
  }
  // Keying reads nothing yet: a wrong key shows on the first page read, in
  // check_and_migrate, before anything is written.
  if (sqlite3_key_v2(raw, "main", passphrase.data(), byte_count(passphrase)) != SQLITE_OK) {
    return fail(StoreError{StoreProblem::cannot_open, sqlite3_errmsg(raw)});
  }
  return check_and_migrate(std::move(store), StoreProblem::wrong_key);
}

Result<bool, StoreError> LocalStore::encrypt_in_place(const std::string &path, std::string_view passphrase) {
  return encrypt_in_place(path, StoreKey::passphrase(passphrase));
}

Result<bool, StoreError> LocalStore::encrypt_in_place(const std::string &path, const StoreKey &key) {
  const std::string_view passphrase = key.bytes();
  if (passphrase.empty()) {
    return fail(empty_passphrase());
  }
  switch (file_state(path)) {
  case StoreFileState::missing:
    return fail(StoreError{StoreProblem::cannot_open, "no file to encrypt at " + path});
  case StoreFileState::encrypted:
    return fail(StoreError{StoreProblem::cannot_open, "already encrypted (or not a database)"});
  case StoreFileState::plaintext:
    break;
  }
  // The plain open first: it refuses foreign, damaged or newer files before
  // we write a byte, and brings an older schema up to date.
  std::string original;
  {
    auto plain = open(path);
    if (!plain) {
      return fail(plain.error());
    }
    sqlite3 *db = plain.value().handle();
    // A copy of the plaintext file in memory (never on disk), to put back if
    // the encrypted file then fails to open; wiped either way.
    original = read_file(path);
    if (!use_chacha20(db)) {
      wipe(original);
      return fail(StoreError{StoreProblem::cannot_open, "this build has no ChaCha20 cipher"});
    }
    // SQLite3MC encrypts a plaintext file with a VACUUM inside one rollback-
    // journal transaction: on failure SQLite rolls back and the file stays
    // plaintext and intact.
    if (sqlite3_rekey_v2(db, "main", passphrase.data(), byte_count(passphrase)) != SQLITE_OK) {
      StoreError error{StoreProblem::cannot_open, std::string("encrypting failed: ") + sqlite3_errmsg(db)};
      wipe(original);
      return fail(std::move(error));
    }
  } // closed here, so the check below reads the file as a fresh start would
  auto check = open_encrypted(path, key);
  if (!check) {
    // Should not happen; if it does, the records must not be lost to it.
    const bool restored = write_file(path, original);
    wipe(original);
    StoreError error = check.error();
    error.detail = "encrypted file did not reopen (" + error.detail + "); " +
                   (restored ? "plaintext file restored" : "restoring the plaintext file FAILED");
    return fail(std::move(error));
  }
  wipe(original);
  return true;
}

Result<bool, StoreError> LocalStore::rekey(std::string_view new_passphrase) {
  return rekey(StoreKey::passphrase(new_passphrase));
}

Result<bool, StoreError> LocalStore::rekey(const StoreKey &key) {
  const std::string_view new_passphrase = key.bytes();
  if (new_passphrase.empty()) {
    return fail(empty_passphrase()); // would decrypt the file instead
  }
  if (!use_chacha20(db_)) {
    return fail(StoreError{StoreProblem::cannot_open, "this build has no ChaCha20 cipher"});
  }
  // Rewrites every page under the new key in one transaction; on failure
  // SQLite3MC rolls back and restores the old key for this connection.
  if (sqlite3_rekey_v2(db_, "main", new_passphrase.data(), byte_count(new_passphrase)) != SQLITE_OK) {
    return fail(StoreError{StoreProblem::cannot_open, std::string("changing the key failed: ") + sqlite3_errmsg(db_)});
  }
  return true;
}

Result<bool, StoreError> LocalStore::remove_file(const std::string &path) {
  // Unlinking is enough in the browser: MEMFS frees the bytes and IDBFS drops
  // the entry from IndexedDB on the next sync, and the file was encrypted
  // anyway. Natively the blocks stay on disk until reused; the key is gone
  // with the PIN, which is what makes them unreadable.
  std::error_code error;
  for (const char *suffix : {"", "-journal", "-wal", "-shm"}) {
    const std::string file = path + suffix;
    std::filesystem::remove(file, error);
    if (error) {
      return fail(StoreError{StoreProblem::cannot_open, "cannot remove " + file + ": " + error.message()});
    }
  }
  return !std::filesystem::exists(path, error) && !std::filesystem::exists(path + "-journal", error);
}

} // namespace veldwijzer
