// sqlite_statement.h — a prepared statement that finalizes itself (core-internal).
//
// Keeps the store code to its SQL: bind by position, step, read columns. Not
// part of core's public API; the collector has its own store code.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace veldwijzer::detail {

class Statement {
public:
  Statement(sqlite3 *db, std::string_view sql) : db_(db) {
    ok_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) == SQLITE_OK;
  }
  Statement(const Statement &) = delete;
  Statement &operator=(const Statement &) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement &bind(int index, std::string_view text) {
    // An empty view may have a null data(), which SQLite would store as NULL.
    ok_ = ok_ && sqlite3_bind_text(stmt_, index, text.data() == nullptr ? "" : text.data(),
                                   static_cast<int>(text.size()), SQLITE_TRANSIENT) == SQLITE_OK;
    return *this;
  }
  Statement &bind(int index, std::int64_t value) {
    ok_ = ok_ && sqlite3_bind_int64(stmt_, index, value) == SQLITE_OK;
    return *this;
  }
  Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement &bind_null(int index) {
    ok_ = ok_ && sqlite3_bind_null(stmt_, index) == SQLITE_OK;
    return *this;
  }
  // True while a row is available; false at the end or on error (see ok()).
  bool next() {
    if (!ok_) {
      return false;
    }
    const int rc = sqlite3_step(stmt_);
    ok_ = rc == SQLITE_ROW || rc == SQLITE_DONE;
    return rc == SQLITE_ROW;
  }
  // Runs a statement that returns no rows.
  bool run() {
    next();
    return ok_;
  }
  bool reset() {
    sqlite3_clear_bindings(stmt_);
    ok_ = stmt_ != nullptr && sqlite3_reset(stmt_) == SQLITE_OK;
    return ok_;
  }
  bool ok() const { return ok_; }
  std::string error() const { return sqlite3_errmsg(db_); }

  std::string text(int column) const {
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(stmt_, column));
    return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  int integer(int column) const { return sqlite3_column_int(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

private:
  sqlite3 *db_ = nullptr;
  sqlite3_stmt *stmt_ = nullptr;
  bool ok_ = false;
};

// BEGIN IMMEDIATE on construction, ROLLBACK unless commit() succeeded.
class Transaction {
public:
  explicit Transaction(sqlite3 *db) : db_(db) {
    open_ = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  Transaction(const Transaction &) = delete;
  Transaction &operator=(const Transaction &) = delete;
  ~Transaction() {
    if (open_) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }
  bool begun() const { return open_; }
  bool commit() {
    if (open_ && sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) {
      open_ = false;
      return true;
    }
    return false;
  }

private:
  sqlite3 *db_ = nullptr;
  bool open_ = false;
};

} // namespace veldwijzer::detail
