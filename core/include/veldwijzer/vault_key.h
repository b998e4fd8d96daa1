// vault_key.h — how the records vault's key is made (issue #22).
//
// The key is Argon2id over the PIN and the vault file's own 16-byte salt (the
// first bytes of the encrypted file). Where the browser has a passkey with
// the PRF extension, its 32-byte output enters as Argon2's secret input: the
// key then needs the PIN *and* this tablet's authenticator, so a copied file
// cannot be guessed offline at any speed. Without a passkey every guess costs
// Argon2id's memory and passes (VaultKdf::current(), chosen with
// bench/store_unlock --kdf-study; numbers in docs/ARCHITECTURE.md).
//
// Vaults made before Argon2 were keyed by SQLite3 Multiple Ciphers' own
// PBKDF2 over the PIN (VaultKdf::legacy()); the vault re-keys them to the
// current scheme at their next unlock.
//
// Which scheme a vault has is written beside it, in "<vault>.kdf": a short
// text file, one scheme per line, tried in order. It is not secret (an
// attacker with the file learns the cost, which Argon2 assumes anyway). Two
// lines only while a re-key is under way: the new scheme, then the old one,
// so a crash at any point leaves a list that opens the file.
#pragma once

#include "veldwijzer/result.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

// The passkey's PRF output for the vault: what the tablet's secure hardware adds to the PIN.
using DeviceSecret = std::array<std::uint8_t, 32>;
using VaultSalt = std::array<std::uint8_t, 16>;

// A passkey made for this vault: its credential id (base64url, for the
// browser to ask for it again) and its PRF output.
struct Passkey {
  std::string id;
  DeviceSecret secret{};
};

struct VaultKdf {
  enum class Kind { argon2id, pbkdf2 };
  Kind kind = Kind::argon2id;
  std::uint32_t memory_kib = 0; // argon2id: memory per guess
  std::uint32_t passes = 0;     // argon2id: time cost; pbkdf2: iterations
  // argon2id: the credential id of the passkey whose PRF output is Argon2's
  // secret. Empty: the PIN alone.
  std::string passkey;

  bool operator==(const VaultKdf &) const = default;
  bool needs_passkey() const { return !passkey.empty(); }

  // What new keys get: Argon2id, one lane.
  static VaultKdf current();
  // SQLite3MC's PBKDF2-HMAC-SHA256 at LocalStore::kKdfIterations: vaults from before.
  static VaultKdf legacy();
};

// The ".kdf" file's text and back. A line that cannot be read makes the
// whole file unreadable (the caller then tries the defaults).
std::string format_vault_kdf_file(std::span<const VaultKdf> schemes);
Result<std::vector<VaultKdf>, std::string> parse_vault_kdf_file(std::string_view text);

// A derived 32-byte key; wiped when it goes.
class VaultKey {
public:
  VaultKey() = default;
  VaultKey(const VaultKey &) = delete;
  VaultKey &operator=(const VaultKey &) = delete;
  ~VaultKey();
  std::array<std::uint8_t, 32> bytes{};
};

// Argon2id(PIN, salt, secret) for an argon2id scheme. Fails (with Argon2's
// message) only when the memory cannot be had.
Result<bool, std::string> derive_vault_key(std::string_view pin, const VaultSalt &salt, const VaultKdf &kdf,
                                           const DeviceSecret *secret, VaultKey &out);

// 16 random bytes from the operating system (crypto.getRandomValues in the browser).
Result<VaultSalt, std::string> new_vault_salt();

} // namespace veldwijzer
