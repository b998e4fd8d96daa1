// vault_key.cpp — Argon2id for the vault key, and the ".kdf" file beside it.
//
// Why 64 MiB and 2 passes (VaultKdf::current). bench/store_unlock --kdf-study
// on the shared 2-core build machine, one derivation, median of 3, ms:
//   MiB x passes     32x1  32x2  48x2  64x1  64x2  64x3  96x2  128x1  128x3
//   wasm (node)        47    97   147   101   203   308   311    175    526
//   native            175   191   298   354   417   471   589    568    798
// (natively Argon2 allocates its memory anew each time and this sandbox's
// page faults dominate; in wasm the heap is reused after the first unlock.)
// The browser is what the nurse waits for: 64x2 is ~200 ms here, ~800 ms on a
// tablet four times slower, inside the one-second budget; 64x3 would pass it.
// Memory (at least 32 MiB, issue #22) is what makes a GPU's guesses expensive;
// docs/ARCHITECTURE.md "Records at rest" says what a guess costs.
#include "veldwijzer/vault_key.h"

#include "veldwijzer/local_store.h"

#include <argon2.h>

#include <charconv>
#include <unistd.h>

namespace veldwijzer {
namespace {

constexpr std::string_view kFileHeader = "veldwijzer-vault-kdf 1";
constexpr std::uint32_t kMemoryKib = 65536;
constexpr std::uint32_t kPasses = 2;

bool base64url(std::string_view text) {
  for (const char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// "name=value" with a positive 32-bit number.
bool read_number(std::string_view field, std::string_view name, std::uint32_t &out) {
  if (field.size() <= name.size() + 1 || field.substr(0, name.size()) != name || field[name.size()] != '=') {
    return false;
  }
  const std::string_view digits = field.substr(name.size() + 1);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return error == std::errc() && end == digits.data() + digits.size() && out > 0;
}

Result<VaultKdf, std::string> parse_line(std::string_view line) {
  std::vector<std::string_view> fields;
  while (!line.empty()) {
    const auto space = line.find(' ');
    fields.push_back(line.substr(0, space));
    line = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
  }
  VaultKdf kdf;
  if (fields.size() == 2 && fields[0] == "pbkdf2-sha256" && read_number(fields[1], "i", kdf.passes)) {
    kdf.kind = VaultKdf::Kind::pbkdf2;
    return kdf;
  }
  std::uint32_t lanes = 0;
  if ((fields.size() == 4 || fields.size() == 5) && fields[0] == "argon2id" &&
      read_number(fields[1], "m", kdf.memory_kib) && read_number(fields[2], "t", kdf.passes) &&
      read_number(fields[3], "p", lanes) && lanes == 1 && kdf.memory_kib >= 8 && kdf.memory_kib <= (4u << 20)) {
    if (fields.size() == 5) {
      constexpr std::string_view prefix = "passkey=";
      const std::string_view id = fields[4].substr(0, prefix.size()) == prefix ? fields[4].substr(prefix.size()) : "";
      if (id.empty() || !base64url(id)) {
        return fail(std::string("unreadable passkey id"));
      }
      kdf.passkey = std::string(id);
    }
    return kdf;
  }
  return fail("unknown scheme \"" + std::string(fields.empty() ? "" : fields[0]) + "\"");
}

} // namespace

VaultKdf VaultKdf::current() {
  return VaultKdf{Kind::argon2id, kMemoryKib, kPasses, {}};
}

VaultKdf VaultKdf::legacy() {
  return VaultKdf{Kind::pbkdf2, 0, static_cast<std::uint32_t>(LocalStore::kKdfIterations), {}};
}

std::string format_vault_kdf_file(std::span<const VaultKdf> schemes) {
  std::string text(kFileHeader);
  text += '\n';
  for (const VaultKdf &kdf : schemes) {
    if (kdf.kind == VaultKdf::Kind::pbkdf2) {
      text += "pbkdf2-sha256 i=" + std::to_string(kdf.passes);
    } else {
      text += "argon2id m=" + std::to_string(kdf.memory_kib) + " t=" + std::to_string(kdf.passes) + " p=1";
      if (kdf.needs_passkey()) {
        text += " passkey=" + kdf.passkey;
      }
    }
    text += '\n';
  }
  return text;
}

Result<std::vector<VaultKdf>, std::string> parse_vault_kdf_file(std::string_view text) {
  std::vector<VaultKdf> schemes;
  bool header = true;
  int number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++number;
    if (header) {
      if (line != kFileHeader) {
        return fail(std::string("not a vault key file (first line)"));
      }
      header = false;
      continue;
    }
    auto kdf = parse_line(line);
    if (!kdf) {
      return fail("line " + std::to_string(number) + ": " + kdf.error());
    }
    schemes.push_back(std::move(kdf).value());
  }
  if (schemes.empty() || schemes.size() > 2) {
    return fail(std::string("a vault key file names one scheme, or two during a change"));
  }
  return schemes;
}

VaultKey::~VaultKey() {
  volatile std::uint8_t *p = bytes.data();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    p[i] = 0;
  }
}

Result<bool, std::string> derive_vault_key(std::string_view pin, const VaultSalt &salt, const VaultKdf &kdf,
                                           const DeviceSecret *secret, VaultKey &out) {
  if (kdf.kind != VaultKdf::Kind::argon2id) {
    return fail(std::string("not an Argon2id scheme"));
  }
  if (kdf.needs_passkey() && secret == nullptr) {
    return fail(std::string("this vault needs its passkey"));
  }
  // argon2_ctx, not argon2id_hash_raw: only the context takes the secret.
  // Argon2 gets copies and wipes them once they are hashed in (the CLEAR
  // flags); they are wiped again below for the paths where it stops early.
  std::string password(pin);
  DeviceSecret secret_copy{};
  if (secret != nullptr) {
    secret_copy = *secret;
  }
  argon2_context context{};
  context.out = out.bytes.data();
  context.outlen = static_cast<std::uint32_t>(out.bytes.size());
  context.pwd = reinterpret_cast<std::uint8_t *>(password.data());
  context.pwdlen = static_cast<std::uint32_t>(password.size());
  context.salt = const_cast<std::uint8_t *>(salt.data());
  context.saltlen = static_cast<std::uint32_t>(salt.size());
  context.secret = secret != nullptr ? secret_copy.data() : nullptr;
  context.secretlen = secret != nullptr ? static_cast<std::uint32_t>(secret_copy.size()) : 0;
  context.t_cost = kdf.passes;
  context.m_cost = kdf.memory_kib;
  context.lanes = 1;
  context.threads = 1;
  context.version = ARGON2_VERSION_13;
  context.flags = ARGON2_FLAG_CLEAR_PASSWORD | ARGON2_FLAG_CLEAR_SECRET;
  const int rc = argon2_ctx(&context, Argon2_id);
  volatile char *p = password.data();
  for (std::size_t i = 0; i < password.size(); ++i) {
    p[i] = 0;
  }
  volatile std::uint8_t *s = secret_copy.data();
  for (std::size_t i = 0; i < secret_copy.size(); ++i) {
    s[i] = 0;
  }
  if (rc != ARGON2_OK) {
    return fail(std::string("Argon2id: ") + argon2_error_message(rc));
  }
  return true;
}

Result<VaultSalt, std::string> new_vault_salt() {
  VaultSalt salt{};
  if (getentropy(salt.data(), salt.size()) != 0) {
    return fail(std::string("no random bytes from the system"));
  }
  return salt;
}

} // namespace veldwijzer
