// local_store.h — the device's own SQLite database (records never leave it).
//
// LocalStore::open(path) opens or creates the file, checks it is ours
// (PRAGMA application_id), and migrates its schema forward one version at a
// time inside a transaction. A file that is corrupt, foreign or from a newer
// app is refused with a StoreError and left untouched, so the caller can tell
// the user and offer a way forward instead of crashing or overwriting data.
#pragma once

#include "veldwijzer/result.h"

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
};
std::string_view store_problem_name(StoreProblem problem);

struct StoreError {
  StoreProblem problem;
  std::string detail; // SQLite's own message or the versions involved
};

class LocalStore {
public:
  // 'VWJZ': marks the file as Veldwijzer's, so we never migrate someone else's database.
  static constexpr int kApplicationId = 0x56574A5A;
  static constexpr int kSchemaVersion = 3;
  // The forward migrations, entry i upgrading version i to i+1; tests build a
  // file at every earlier version from these and open it with this app.
  static std::span<const char *const> migrations();

  static Result<LocalStore, StoreError> open(const std::string &path);

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
  // The SQLite library compiled into this build, e.g. "3.53.0".
  static std::string_view sqlite_version();
  // The raw handle, for the core modules that own tables in this database.
  sqlite3 *handle() const { return db_; }

private:
  explicit LocalStore(sqlite3 *db) : db_(db) {}
  sqlite3 *db_ = nullptr;
};

} // namespace veldwijzer
