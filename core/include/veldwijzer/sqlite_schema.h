// sqlite_schema.h — recognising and migrating a Veldwijzer SQLite file.
//
// Both the device database and the collector's use the same discipline: the
// file carries an application_id (whose file is this?) and a user_version
// (which schema?); migrations run forward only, one version per transaction,
// so a failure leaves the file at the previous version.
#pragma once

#include "veldwijzer/result.h"

#include <span>
#include <string>

struct sqlite3;

namespace veldwijzer {

struct DatabaseIdentity {
  int application_id = 0;
  int user_version = 0;
  int object_count = 0; // tables, indexes, ... in sqlite_schema
  bool is_new() const { return application_id == 0 && user_version == 0 && object_count == 0; }
};

struct SqliteFailure {
  bool damaged = false; // not a database, or corrupt
  std::string message;
};

// Reads the header facts; the first real I/O on a file, so damage shows here.
Result<DatabaseIdentity, SqliteFailure> read_database_identity(sqlite3 *db);

// Applies migrations[from_version..] in order; on a new file first stamps
// application_id. Returns the reason when a step fails (rolled back).
Result<int> migrate_forward(sqlite3 *db, int application_id, std::span<const char *const> migrations,
                            const DatabaseIdentity &identity);

} // namespace veldwijzer
