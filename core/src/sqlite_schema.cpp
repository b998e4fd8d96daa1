// sqlite_schema.cpp — header facts and forward-only migrations.
#include "veldwijzer/sqlite_schema.h"

#include <sqlite3.h>

namespace veldwijzer {
namespace {

Result<int, SqliteFailure> query_int(sqlite3 *db, const char *sql) {
  sqlite3_stmt *stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(stmt);
  }
  if (rc != SQLITE_ROW) {
    const int code = sqlite3_errcode(db) & 0xFF;
    SqliteFailure failure{code == SQLITE_NOTADB || code == SQLITE_CORRUPT, sqlite3_errmsg(db)};
    sqlite3_finalize(stmt);
    return fail(std::move(failure));
  }
  const int value = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

} // namespace

Result<DatabaseIdentity, SqliteFailure> read_database_identity(sqlite3 *db) {
  DatabaseIdentity identity;
  const std::pair<const char *, int *> facts[] = {
      {"PRAGMA application_id", &identity.application_id},
      {"PRAGMA user_version", &identity.user_version},
      {"SELECT count(*) FROM sqlite_schema", &identity.object_count},
  };
  for (const auto &[sql, target] : facts) {
    auto value = query_int(db, sql);
    if (!value) {
      return fail(value.error());
    }
    *target = value.value();
  }
  return identity;
}

Result<int> migrate_forward(sqlite3 *db, int application_id, std::span<const char *const> migrations,
                            const DatabaseIdentity &identity) {
  const int target = static_cast<int>(migrations.size());
  for (int version = identity.user_version; version < target; ++version) {
    // Stamping the id and setting user_version inside the step's transaction
    // means a crash leaves either the old file or the new one, nothing between.
    std::string sql = "BEGIN IMMEDIATE;";
    if (version == 0 && identity.is_new()) {
      sql += "PRAGMA application_id = " + std::to_string(application_id) + ";";
    }
    sql += migrations[static_cast<std::size_t>(version)];
    sql += ";PRAGMA user_version = " + std::to_string(version + 1) + ";COMMIT;";
    char *error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = "schema " + std::to_string(version) + " -> " + std::to_string(version + 1) + ": " +
                            (error != nullptr ? error : "unknown error");
      sqlite3_free(error);
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return fail(std::move(message));
    }
  }
  return target;
}

} // namespace veldwijzer
