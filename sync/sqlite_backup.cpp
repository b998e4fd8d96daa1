// sqlite_backup.cpp — online backup of the collector database (see sqlite_backup.h).
#include "sqlite_backup.h"

#include "credentials.h"

#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <thread>
#include <unistd.h>

namespace veldwijzer::collector {
namespace {

namespace fs = std::filesystem;

struct CloseDb {
  void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Result<Db> open_db(const fs::path &path, int flags) {
  sqlite3 *raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return fail(path.string() + ": cannot open (" + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)) + ")");
  }
  // The collector holds its write lock only for one report's transaction.
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

// The first column of the first row, or the error.
Result<std::string> query_text(sqlite3 *db, const char *sql) {
  sqlite3_stmt *raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    return fail(std::string(sqlite3_errmsg(db)));
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> stmt(raw, sqlite3_finalize);
  const int rc = sqlite3_step(raw);
  if (rc == SQLITE_ROW) {
    const auto *text = sqlite3_column_text(raw, 0);
    return std::string(text ? reinterpret_cast<const char *>(text) : "");
  }
  if (rc == SQLITE_DONE) {
    return std::string();
  }
  return fail(std::string(sqlite3_errmsg(db)));
}

// Removes the temporary copy unless it was installed.
struct PartialFile {
  fs::path path;
  bool keep = false;
  ~PartialFile() {
    if (!keep) {
      std::error_code ignored;
      for (const char *suffix : {"", "-journal", "-wal", "-shm"}) {
        fs::remove(path.string() + suffix, ignored);
      }
    }
  }
};

Result<bool> fsync_path(const fs::path &path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) {
    return fail(path.string() + ": cannot open to sync (" + std::strerror(errno) + ")");
  }
  const bool ok = ::fsync(fd) == 0;
  const std::string why = std::strerror(errno);
  ::close(fd);
  if (!ok) {
    return fail(path.string() + ": fsync failed (" + why + ")");
  }
  return true;
}

} // namespace

Result<BackupCopy> backup_sqlite_database(const fs::path &source, const fs::path &target, bool replace) {
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) {
    return fail("--db " + source.string() + ": no database there (" +
                (fs::exists(source, ec) ? std::string("not a regular file") : std::string("no such file")) + ")");
  }
  if (target.empty() || target.filename().empty()) {
    return fail("--to '" + target.string() + "': expected a file name");
  }
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) {
    return fail("--to " + target.string() + ": the folder " + folder.string() + " does not exist");
  }
  if (fs::exists(target, ec)) {
    if (fs::equivalent(source, target, ec)) {
      return fail("--to " + target.string() + " is the database itself; back it up to another file");
    }
    if (!replace) {
      return fail("--to " + target.string() + " already exists; pass --force to replace it");
    }
    if (!fs::is_regular_file(target, ec)) {
      return fail("--to " + target.string() + " exists and is not a file; it is not replaced");
    }
  }

  auto from = open_db(source, SQLITE_OPEN_READWRITE);
  if (!from) {
    return fail(from.error());
  }
  // A file that is not SQLite opens fine and fails on the first read.
  if (auto check = query_text(from.value().get(), "SELECT count(*) FROM sqlite_schema"); !check) {
    return fail("--db " + source.string() + ": not a readable SQLite database (" + check.error() + ")");
  }

  PartialFile partial{folder / ("." + target.filename().string() + ".partial-" + random_hex(6))};
  auto to = open_db(partial.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!to) {
    return fail("--to " + to.error());
  }
  sqlite3_backup *backup = sqlite3_backup_init(to.value().get(), "main", from.value().get(), "main");
  if (backup == nullptr) {
    return fail("cannot start the backup: " + std::string(sqlite3_errmsg(to.value().get())));
  }
  // All pages in one step: one read transaction, so one consistent moment
  // (a step-by-step copy restarts whenever the collector writes between steps).
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 50; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::int64_t pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return fail("the backup did not finish: " + std::string(sqlite3_errstr(rc)) + " (" +
                sqlite3_errmsg(to.value().get()) + ")");
  }
  from.value().reset();

  // The copy keeps the source's WAL mode; fold the log into the file so the
  // copy is one self-contained file before it is checked and moved.
  if (auto checkpoint = query_text(to.value().get(), "PRAGMA wal_checkpoint(TRUNCATE)"); !checkpoint) {
    return fail("--to " + target.string() + ": checkpoint of the copy failed: " + checkpoint.error());
  }
  auto integrity = query_text(to.value().get(), "PRAGMA integrity_check");
  if (!integrity || integrity.value() != "ok") {
    return fail("--to " + target.string() + ": the copy fails PRAGMA integrity_check: " +
                (integrity ? integrity.value() : integrity.error()) + "; nothing was installed");
  }
  to.value().reset(); // closing the last connection removes -wal and -shm
  if (auto synced = fsync_path(partial.path, O_RDONLY); !synced) {
    return fail(synced.error());
  }
  fs::rename(partial.path, target, ec);
  if (ec) {
    return fail("--to " + target.string() + ": cannot install the copy: " + ec.message());
  }
  partial.keep = true;
  (void)fsync_path(folder, O_RDONLY | O_DIRECTORY); // the rename itself durable
  BackupCopy copy;
  copy.pages = pages;
  copy.bytes = static_cast<std::int64_t>(fs::file_size(target, ec));
  return copy;
}

} // namespace veldwijzer::collector
