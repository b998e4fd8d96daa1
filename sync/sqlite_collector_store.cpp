// sqlite_collector_store.cpp — the collector's embedded SQLite database.
#include "collector_store.h"

#include "veldwijzer/sqlite_schema.h"

#include <sqlite3.h>

#include <array>
#include <filesystem>
#include <mutex>

namespace veldwijzer::collector {
namespace {

// 'VWCL': the collector's file, distinct from the device database ('VWJZ').
constexpr int kApplicationId = 0x5657434C;

// Forward-only migrations: entry i takes schema i to i+1. Append, never edit.
constexpr std::array<const char *, 1> kMigrations = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;"
    "INSERT INTO meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
};
constexpr int kSchemaVersion = static_cast<int>(kMigrations.size());

class SqliteCollectorStore final : public CollectorStore {
public:
  explicit SqliteCollectorStore(sqlite3 *db) : db_(db) {}
  ~SqliteCollectorStore() override { sqlite3_close_v2(db_); }

  StoreHealth health() override {
    std::lock_guard lock(mutex_);
    StoreHealth health;
    health.engine = std::string("sqlite ") + sqlite3_libversion();
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db_, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      health.schema_version = sqlite3_column_int(stmt, 0);
      health.ok = true;
    } else {
      health.problem = sqlite3_errmsg(db_);
    }
    sqlite3_finalize(stmt);
    return health;
  }

private:
  std::mutex mutex_; // one connection, shared by the worker threads
  sqlite3 *db_;
};

} // namespace

Result<std::unique_ptr<CollectorStore>> open_sqlite_collector_store(const std::string &path) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return fail("database " + path + ": cannot create folder " + parent.string() + ": " + ec.message());
    }
  }
  sqlite3 *raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  auto store = std::make_unique<SqliteCollectorStore>(raw); // closes raw on every path below
  if (rc != SQLITE_OK) {
    return fail("database " + path + ": " + (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3_busy_timeout(raw, 5000);

  auto identity = read_database_identity(raw);
  if (!identity) {
    return fail("database " + path + " is damaged or not SQLite (" + identity.error().message +
                "); it was left untouched — move it aside or pass another --db");
  }
  const DatabaseIdentity &id = identity.value();
  if (!id.is_new() && id.application_id != kApplicationId) {
    return fail("database " + path + " belongs to another application (application_id " +
                std::to_string(id.application_id) + "); it was left untouched — pass another --db");
  }
  if (id.user_version > kSchemaVersion) {
    return fail("database " + path + " has schema " + std::to_string(id.user_version) +
                ", newer than this collector (" + std::to_string(kSchemaVersion) + "); upgrade the collector");
  }
  // WAL: readers (export, dashboard) never block the writer (uploads).
  if (sqlite3_exec(raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    return fail("database " + path + ": " + sqlite3_errmsg(raw));
  }
  auto migrated = migrate_forward(raw, kApplicationId, kMigrations, id);
  if (!migrated) {
    return fail("database " + path + ": " + migrated.error());
  }
  return std::unique_ptr<CollectorStore>(std::move(store));
}

} // namespace veldwijzer::collector
