// store_unlock.cpp — how long unlocking the records vault takes, and what a
// guess at a copied file costs (issue #22).
//
// store_unlock_ms_native / _wasm: RecordVault::unlock on a vault holding
// records, with VaultKdf::current() (Argon2id), median of 7: the PIN screen
// waits for exactly this. store_unlock_ms_prf_<suffix>: the same with a
// passkey's secret in the key (the browser's own WebAuthn round trip is not
// in it). kdf_memory_mib: what every guess must hold. kdf_guesses_per_s_native:
// Argon2id derivations per second on one core, an offline attacker's rate
// on this machine. With --kdf-study it also prints one derivation at other
// Argon2id parameters (kdf_ms_<suffix>_m<MiB>_t<passes>), the figures
// behind VaultKdf::current().
// Usage: store_unlock [WORK_DIR] [--kdf-study]. Prints name=value lines.
#include "veldwijzer/local_store.h"
#include "veldwijzer/record_vault.h"
#include "veldwijzer/vault_key.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

using namespace veldwijzer;
using Clock = std::chrono::steady_clock;

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char *kSuffix = "wasm";
#else
constexpr const char *kSuffix = "native";
#endif
constexpr int kRuns = 7;
constexpr std::string_view kPin = "24681357";
constexpr std::int64_t kNow = 1'792'058'400;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

[[noreturn]] void die(const std::string &what) {
  std::fprintf(stderr, "store_unlock: %s\n", what.c_str());
  std::exit(1);
}

// The real unlock path, on a vault with a few hundred rows in it.
double unlock_ms(const std::string &work, const Passkey *passkey) {
  const std::string device_path = work + "/store-unlock-device.sqlite3";
  const std::string vault_path = work + "/store-unlock-records.sqlite3";
  for (const std::string &path : {device_path, vault_path}) {
    (void)LocalStore::remove_file(path);
  }
  std::filesystem::remove(vault_path + ".kdf");
  auto device = LocalStore::open(device_path);
  if (!device) {
    die("device file: " + device.error().detail);
  }
  RecordVault vault(device.value(), vault_path);
  if (auto created = vault.create(kPin, kPin, passkey); !created) {
    die("create: " + created.error().detail);
  }
  for (int i = 0; i < 300; ++i) {
    if (!vault.store()->set_setting("row" + std::to_string(i), std::string(120, 'x'))) {
      die("fill failed");
    }
  }
  vault.lock();
  std::vector<double> runs;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = Clock::now();
    auto opened = vault.unlock(kPin, kNow, passkey);
    if (!opened || vault.store()->schema_version() != LocalStore::kSchemaVersion) {
      die("unlock failed");
    }
    runs.push_back(ms_since(start));
    vault.lock();
  }
  return median(runs);
}

double derive_ms(const VaultKdf &kdf, int runs) {
  const VaultSalt salt{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    VaultKey key;
    const auto start = Clock::now();
    if (!derive_vault_key(kPin, salt, kdf, nullptr, key)) {
      die("Argon2id failed");
    }
    times.push_back(ms_since(start));
  }
  return median(times);
}

} // namespace

int main(int argc, char **argv) {
  std::string work = std::filesystem::temp_directory_path().string();
  bool study = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--kdf-study") {
      study = true;
    } else {
      work = arg;
    }
  }
  std::filesystem::create_directories(work);
  const VaultKdf current = VaultKdf::current();
  std::printf("store_unlock_ms_%s=%.1f\n", kSuffix, unlock_ms(work, nullptr));
  Passkey passkey;
  passkey.id = "bench";
  passkey.secret.fill(0x42);
  std::printf("store_unlock_ms_prf_%s=%.1f\n", kSuffix, unlock_ms(work, &passkey));
  std::printf("kdf_memory_mib=%u\n", current.memory_kib / 1024);
#ifndef __EMSCRIPTEN__
  // One thread, derivations back to back: one core's guesses per second.
  const auto start = Clock::now();
  int guesses = 0;
  while (ms_since(start) < 3000.0) {
    (void)derive_ms(current, 1);
    ++guesses;
  }
  std::printf("kdf_guesses_per_s_native=%.2f\n", guesses / (ms_since(start) / 1000.0));
#endif
  if (study) {
    for (std::uint32_t mib : {32u, 48u, 64u, 96u, 128u}) {
      for (std::uint32_t passes : {1u, 2u, 3u}) {
        const VaultKdf kdf{VaultKdf::Kind::argon2id, mib * 1024, passes, {}};
        std::printf("kdf_ms_%s_m%u_t%u=%.1f\n", kSuffix, mib, passes, derive_ms(kdf, 3));
      }
    }
  }
  return 0;
}
