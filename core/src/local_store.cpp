// local_store.cpp — opening, recognising and migrating the device database.
#include "veldwijzer/local_store.h"

#include "veldwijzer/sqlite_schema.h"

#include <sqlite3.h>

#include <array>
#include <utility>

namespace veldwijzer {
namespace {

// Forward-only migrations: entry i upgrades schema version i to i+1. Never edit
// a shipped entry; append a new one and raise kSchemaVersion.
constexpr std::array<const char *, LocalStore::kSchemaVersion> kMigrations = {
    // 0 -> 1: key/value facts about this installation (created, app version).
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;"
    "INSERT INTO meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    // 1 -> 2: checklist records (record_store.cpp). The definition each record
    // was made with is kept, so old records read the same after an update.
    "CREATE TABLE checklist_definitions ("
    "  checklist_id TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL,"
    "  PRIMARY KEY (checklist_id, version)) STRICT;"
    "CREATE TABLE records ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  checklist_id TEXT NOT NULL, checklist_version INTEGER NOT NULL,"
    "  municipality TEXT NOT NULL, age_band TEXT NOT NULL, visit_date TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('concept', 'afgerond', 'verwerkt')),"
    "  note TEXT NOT NULL DEFAULT '', own_reference TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  completed_at INTEGER, counted_at INTEGER,"
    "  FOREIGN KEY (checklist_id, checklist_version) REFERENCES checklist_definitions (checklist_id, version)"
    ") STRICT;"
    "CREATE INDEX records_by_update ON records (updated_at DESC);"
    "CREATE TABLE answers ("
    "  record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,"
    "  item_id TEXT NOT NULL, value INTEGER NOT NULL,"
    "  PRIMARY KEY (record_id, item_id)) STRICT, WITHOUT ROWID;"
    "CREATE TABLE record_levels ("
    "  record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,"
    "  domain_id TEXT NOT NULL, level INTEGER NOT NULL, route_id TEXT NOT NULL,"
    "  PRIMARY KEY (record_id, domain_id)) STRICT, WITHOUT ROWID",
    // 2 -> 3: reports waiting for the collector, and what became of sent ones
    // (outbox.cpp). Bodies hold counts only; see upload_format.h.
    "CREATE TABLE outbox ("
    "  report_id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, cell_total INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_at INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '') STRICT;"
    "CREATE TABLE sync_log ("
    "  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, report_id TEXT NOT NULL,"
    "  outcome TEXT NOT NULL, message TEXT NOT NULL) STRICT",
};

} // namespace

std::string_view store_problem_name(StoreProblem problem) {
  switch (problem) {
  case StoreProblem::cannot_open:
    return "cannot_open";
  case StoreProblem::not_a_database:
    return "not_a_database";
  case StoreProblem::foreign_database:
    return "foreign_database";
  case StoreProblem::newer_schema:
    return "newer_schema";
  case StoreProblem::migration_failed:
    return "migration_failed";
  case StoreProblem::wrong_key:
    return "wrong_key";
  }
  return "unknown";
}

Result<LocalStore, StoreError> LocalStore::open(const std::string &path) {
  sqlite3 *raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  LocalStore store(raw); // owns raw from here on, also on every error path
  if (rc != SQLITE_OK) {
    return fail(StoreError{StoreProblem::cannot_open, raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"});
  }
  return check_and_migrate(std::move(store), StoreProblem::not_a_database);
}

Result<LocalStore, StoreError> LocalStore::check_and_migrate(LocalStore store, StoreProblem unreadable_problem) {
  sqlite3 *raw = store.db_;
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 2000);
  // Answers and levels go with their record (ON DELETE CASCADE).
  sqlite3_exec(raw, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  // Purged records are overwritten, not left in free pages of the file.
  sqlite3_exec(raw, "PRAGMA secure_delete = ON", nullptr, nullptr, nullptr);

  auto identity = read_database_identity(raw);
  if (!identity) {
    const SqliteFailure &failure = identity.error();
    return fail(StoreError{failure.damaged ? unreadable_problem : StoreProblem::cannot_open, failure.message});
  }
  const DatabaseIdentity &id = identity.value();
  if (!id.is_new() && id.application_id != kApplicationId) {
    return fail(StoreError{StoreProblem::foreign_database,
                           "application_id " + std::to_string(id.application_id) + " is not Veldwijzer's"});
  }
  if (id.user_version > kSchemaVersion) {
    return fail(StoreError{StoreProblem::newer_schema, "file has schema " + std::to_string(id.user_version) +
                                                           ", this app knows up to " + std::to_string(kSchemaVersion)});
  }
  // The default rollback journal, not WAL: one writer on the device, IDBFS
  // then mirrors a single file, and SQLite3MC can only encrypt a plaintext
  // file in place (encrypt_in_place) outside WAL mode.
  auto migrated = migrate_forward(raw, kApplicationId, kMigrations, id);
  if (!migrated) {
    return fail(StoreError{StoreProblem::migration_failed, migrated.error()});
  }
  return store;
}

std::span<const char *const> LocalStore::migrations() {
  return kMigrations;
}

LocalStore::LocalStore(LocalStore &&other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

LocalStore &LocalStore::operator=(LocalStore &&other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

LocalStore::~LocalStore() {
  sqlite3_close_v2(db_);
}

int LocalStore::schema_version() const {
  auto identity = read_database_identity(db_);
  return identity ? identity.value().user_version : -1;
}

std::optional<std::string> LocalStore::setting(std::string_view key) const {
  const std::string name = "setting." + std::string(key);
  sqlite3_stmt *stmt = nullptr;
  std::optional<std::string> value;
  if (sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_bind_text(stmt, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  return value;
}

Result<bool, StoreError> LocalStore::set_setting(std::string_view key, std::string_view value) {
  const std::string name = "setting." + std::string(key);
  sqlite3_stmt *stmt = nullptr;
  const bool ok =
      sqlite3_prepare_v2(db_,
                         "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2", -1,
                         &stmt, nullptr) == SQLITE_OK &&
      sqlite3_bind_text(stmt, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT) == SQLITE_OK &&
      sqlite3_bind_text(stmt, 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_DONE;
  sqlite3_finalize(stmt);
  if (!ok) {
    return fail(StoreError{StoreProblem::cannot_open, sqlite3_errmsg(db_)});
  }
  return true;
}

std::string_view LocalStore::sqlite_version() {
  return sqlite3_libversion();
}

} // namespace veldwijzer
