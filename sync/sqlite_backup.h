// sqlite_backup.h — a consistent copy of the collector's SQLite database,
// taken while the collector may be serving (veldwijzer-collector backup).
//
//   auto copy = backup_sqlite_database("var/collector.sqlite3", "/backup/collector-2026-11.sqlite3", false);
//   if (!copy) ... copy.error() ...   // nothing is left at the target
//   copy.value().bytes, copy.value().pages
//
// How: SQLite's online backup API (sqlite3_backup_init/step/finish) copies
// every page inside one read transaction of the source, so the copy is the
// database as it was at one moment; in WAL mode that read does not block the
// collector's writers. The copy goes to a temporary file beside the target,
// must pass PRAGMA integrity_check, is fsynced, and is then renamed over the
// target: the target is the old file or the whole new copy, never half.
#pragma once

#include "veldwijzer/result.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace veldwijzer::collector {

struct BackupCopy {
  std::int64_t bytes = 0; // size of the copy on disk
  std::int64_t pages = 0;
};

// Refuses a missing or non-SQLite source, a target folder that does not
// exist, the source itself as target, and an existing target unless `replace`.
Result<BackupCopy> backup_sqlite_database(const std::filesystem::path &source, const std::filesystem::path &target,
                                          bool replace);

} // namespace veldwijzer::collector
