// store_unlock.cpp — how long unlocking the encrypted device database takes.
//
// store_unlock_ms_native / _wasm: LocalStore::open_encrypted on a store holding
// records, median of 7 (the PIN screen waits for exactly this). Almost all of
// it is the key derivation (PBKDF2-HMAC-SHA256, LocalStore::kKdfIterations).
// With --kdf-study it also prints the same unlock at other iteration counts
// (store_unlock_ms_<suffix>_kdf_<n>), the figures behind kKdfIterations.
// Usage: store_unlock [WORK_DIR] [--kdf-study]. Prints name=value lines.
#include "veldwijzer/local_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
constexpr std::string_view kPin = "246810";

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

// The real unlock path, on a store with a few hundred rows in it.
double unlock_ms(const std::string &path) {
  {
    auto store = LocalStore::open_encrypted(path, kPin);
    if (!store) {
      die("create: " + store.error().detail);
    }
    for (int i = 0; i < 300; ++i) {
      if (!store.value().set_setting("row" + std::to_string(i), std::string(120, 'x'))) {
        die("fill failed");
      }
    }
  }
  std::vector<double> runs;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = Clock::now();
    auto store = LocalStore::open_encrypted(path, kPin);
    if (!store || store.value().schema_version() != LocalStore::kSchemaVersion) {
      die("unlock failed");
    }
    runs.push_back(ms_since(start));
  }
  return median(runs);
}

// The same unlock at another iteration count, through SQLite3MC directly
// (kKdfIterations is fixed in the app, so this is for choosing it).
double unlock_ms_at(const std::string &path, int kdf_iter) {
  auto keyed = [&](sqlite3 *&db) {
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK ||
        sqlite3mc_config(db, "cipher", sqlite3mc_cipher_index("chacha20")) < 0 ||
        sqlite3mc_config_cipher(db, "chacha20", "kdf_iter", kdf_iter) != kdf_iter ||
        sqlite3_key_v2(db, "main", kPin.data(), static_cast<int>(kPin.size())) != SQLITE_OK) {
      die("keying at kdf_iter " + std::to_string(kdf_iter) + " failed");
    }
  };
  sqlite3 *db = nullptr;
  keyed(db);
  if (sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr) != SQLITE_OK) {
    die("create at kdf_iter " + std::to_string(kdf_iter) + " failed");
  }
  sqlite3_close(db);
  std::vector<double> runs;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = Clock::now();
    keyed(db);
    if (sqlite3_exec(db, "SELECT count(*) FROM t", nullptr, nullptr, nullptr) != SQLITE_OK) {
      die("reading at kdf_iter " + std::to_string(kdf_iter) + " failed");
    }
    sqlite3_close(db);
    runs.push_back(ms_since(start));
  }
  return median(runs);
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
  const std::string path = work + "/store-unlock.sqlite3";
  (void)LocalStore::remove_file(path);
  std::printf("store_unlock_ms_%s=%.1f\n", kSuffix, unlock_ms(path));
  if (study) {
    for (int kdf_iter : {12345, 64007, 128000, 256000, 512000}) {
      (void)LocalStore::remove_file(path);
      std::printf("store_unlock_ms_%s_kdf_%d=%.1f\n", kSuffix, kdf_iter, unlock_ms_at(path, kdf_iter));
    }
  }
  (void)LocalStore::remove_file(path);
  return 0;
}
