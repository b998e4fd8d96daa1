// sqlite_collector_store.cpp — the collector's embedded SQLite database.
//
// One writing connection shared by the worker threads behind a mutex, one
// reading connection (tokens, counts) behind another, and a checkpointer on
// its own; the statements on the upload path are prepared once and reused. Every write that must be
// all-or-nothing (redeeming a code, counting a report) is one BEGIN IMMEDIATE
// transaction; reports arriving together share one (group commit, see
// record_report), each in its own savepoint. synchronous = FULL: an
// acknowledged report survives a power cut, because the device deletes it
// once it has our answer.
#include "code_list.h"
#include "collector_store.h"

#include "credentials.h"

#include "veldwijzer/sqlite_schema.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

namespace veldwijzer::collector {
namespace {

// 'VWCL': the collector's file, distinct from the device database ('VWJZ').
constexpr int kApplicationId = 0x5657434C;

// Forward-only migrations: entry i takes schema i to i+1. Append, never edit.
constexpr std::array<const char *, 2> kMigrations = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;"
    "INSERT INTO meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",

    // 2: enrollment, tokens, counted reports and the counts themselves.
    // Secrets are kept as SHA-256 only; times are seconds since 1970 (UTC);
    // municipalities are comma-separated CBS codes.
    "CREATE TABLE enrollment_codes ("
    "  code_sha256 TEXT PRIMARY KEY NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('submit', 'read')),"
    "  organisation TEXT NOT NULL,"
    "  municipalities TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  used_at INTEGER,"
    "  token_id TEXT"
    ") STRICT;"
    "CREATE TABLE tokens ("
    "  token_id TEXT PRIMARY KEY NOT NULL,"
    "  token_sha256 TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('submit', 'read')),"
    "  organisation TEXT NOT NULL,"
    "  municipalities TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  last_used_at INTEGER,"
    "  revoked_at INTEGER"
    ") STRICT;"
    "CREATE TABLE reports ("
    "  report_id TEXT PRIMARY KEY NOT NULL,"
    "  token_id TEXT NOT NULL REFERENCES tokens (token_id),"
    "  body_sha256 TEXT NOT NULL,"
    "  response_status INTEGER NOT NULL,"
    "  response_body TEXT NOT NULL,"
    "  received_at INTEGER NOT NULL"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE counts ("
    "  period TEXT NOT NULL,"
    "  municipality TEXT NOT NULL,"
    "  age_band TEXT NOT NULL,"
    "  checklist TEXT NOT NULL,"
    "  checklist_version INTEGER NOT NULL,"
    "  domain TEXT NOT NULL,"
    "  level TEXT NOT NULL,"
    "  route TEXT NOT NULL," // '' at level geen-zorg
    "  count INTEGER NOT NULL CHECK (count >= 0),"
    "  PRIMARY KEY (period, municipality, age_band, checklist, checklist_version, domain, level, route)"
    ") STRICT, WITHOUT ROWID",
};
constexpr int kSchemaVersion = static_cast<int>(kMigrations.size());

// last_used_at is a listing aid, not an audit log: write it at most once a minute per token.
constexpr std::int64_t kLastUsedResolution = 60;

// A prepared statement, reset after each use.
class Statement {
public:
  Statement() = default;
  Statement(const Statement &) = delete;
  Statement &operator=(const Statement &) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  bool prepare(sqlite3 *db, const char *sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) == SQLITE_OK;
  }
  Statement &bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    return *this;
  }
  Statement &bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement &bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }
  int step() { return sqlite3_step(stmt_); }
  // Runs a statement that returns no rows; true on success.
  bool run() {
    const int rc = sqlite3_step(stmt_);
    reset();
    return rc == SQLITE_DONE;
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int column) const {
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(stmt_, column));
    return p != nullptr ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::optional<std::int64_t> optional_integer(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) {
      return std::nullopt;
    }
    return sqlite3_column_int64(stmt_, column);
  }

private:
  sqlite3_stmt *stmt_ = nullptr;
};

// Resets a statement when a scope ends on any path.
struct ResetOnExit {
  Statement &statement;
  ~ResetOnExit() { statement.reset(); }
};

// Owns the connection; declared before the statements, so it closes after them.
struct Connection {
  explicit Connection(sqlite3 *handle) : db(handle) {}
  sqlite3 *db = nullptr;
  Connection(const Connection &) = delete;
  Connection &operator=(const Connection &) = delete;
  ~Connection() { sqlite3_close_v2(db); }
};

// Copies the WAL back into the database file on its own connection and
// thread, so a commit never waits for a checkpoint (they would be the
// slowest uploads). The writer's WAL hook wakes it once the WAL holds
// kCheckpointPages pages; a PASSIVE checkpoint never blocks the writer.
class Checkpointer {
public:
  static constexpr int kCheckpointPages = 1000; // SQLite's own auto-checkpoint threshold

  explicit Checkpointer(const std::string &path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
        sqlite3_exec(db_, "PRAGMA synchronous = FULL", nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite3_close_v2(db_);
      db_ = nullptr;
      return;
    }
    sqlite3_busy_timeout(db_, 5000);
    thread_ = std::thread([this] { run(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
      thread_.join();
    }
    sqlite3_close_v2(db_);
  }
  Checkpointer(const Checkpointer &) = delete;
  Checkpointer &operator=(const Checkpointer &) = delete;

  bool running() const { return db_ != nullptr; }
  void request() {
    {
      std::lock_guard lock(mutex_);
      requested_ = true;
    }
    wake_.notify_one();
  }

private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [this] { return requested_ || stopping_; });
      if (stopping_) {
        return;
      }
      requested_ = false;
      lock.unlock();
      // Best effort: what is not copied now is copied next time, or when the
      // last connection closes.
      (void)sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
  }

  sqlite3 *db_ = nullptr;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

class SqliteCollectorStore final : public CollectorStore {
public:
  SqliteCollectorStore(sqlite3 *db, UpsertFault fault, BeforeCommit before_commit)
      : connection_(db), db_(db), fault_(std::move(fault)), commit_hook_(std::move(before_commit)) {}
  ~SqliteCollectorStore() override {
    if (checkpointer_) {
      sqlite3_wal_hook(db_, nullptr, nullptr); // before the checkpointer goes
    }
  }

  // Takes checkpoints off the commit path; without a second connection,
  // SQLite's own auto-checkpoint stays in charge.
  void checkpoint_in_background(const std::string &path) {
    auto checkpointer = std::make_unique<Checkpointer>(path);
    if (!checkpointer->running()) {
      return;
    }
    checkpointer_ = std::move(checkpointer);
    sqlite3_wal_hook(
        db_,
        [](void *arg, sqlite3 *, const char *, int pages) {
          if (pages >= Checkpointer::kCheckpointPages) {
            static_cast<Checkpointer *>(arg)->request();
          }
          return SQLITE_OK;
        },
        checkpointer_.get());
  }

  Result<bool> prepare() {
    const struct {
      Statement *statement;
      const char *sql;
    } all[] = {
        {&begin_, "BEGIN IMMEDIATE"},
        {&commit_, "COMMIT"},
        {&rollback_, "ROLLBACK"},
        {&savepoint_report_, "SAVEPOINT report"},
        {&release_report_, "RELEASE report"},
        {&rollback_to_report_, "ROLLBACK TO report"},
        {&find_report_, "SELECT body_sha256, response_status, response_body FROM reports WHERE report_id = ?1"},
        {&upsert_count_,
         "INSERT INTO counts (period, municipality, age_band, checklist, checklist_version, domain, level, route, "
         "count)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
         " ON CONFLICT (period, municipality, age_band, checklist, checklist_version, domain, level, route)"
         " DO UPDATE SET count = count + excluded.count"},
        {&insert_report_, "INSERT INTO reports (report_id, token_id, body_sha256, response_status, response_body,"
                          " received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
        {&touch_token_, "UPDATE tokens SET last_used_at = ?2 WHERE token_id = ?1"},
    };
    for (const auto &entry : all) {
      if (!entry.statement->prepare(db_, entry.sql)) {
        return fail(std::string("cannot prepare a statement: ") + sqlite3_errmsg(db_));
      }
    }
    return true;
  }

  // A second connection for reads (tokens on every request, counts for the
  // data team): in WAL mode it never waits for the writer's commit.
  Result<bool> open_reader(const std::string &path) {
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    reader_connection_ = std::make_unique<Connection>(raw);
    reader_ = raw;
    if (rc != SQLITE_OK) {
      return fail(std::string("cannot open a reading connection: ") +
                  (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"));
    }
    sqlite3_busy_timeout(raw, 5000);
    if (sqlite3_exec(raw, "PRAGMA cache_size = -16384; PRAGMA query_only = ON", nullptr, nullptr, nullptr) !=
            SQLITE_OK ||
        !find_token_.prepare(raw, "SELECT token_id, token_sha256, kind, organisation, municipalities, last_used_at"
                                  " FROM tokens WHERE token_sha256 = ?1 AND revoked_at IS NULL")) {
      return fail(std::string("cannot prepare the reading connection: ") + sqlite3_errmsg(raw));
    }
    return true;
  }

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

  Result<std::optional<Caller>> authenticate(std::string_view bearer_token) override {
    if (!is_token(bearer_token)) {
      return std::optional<Caller>();
    }
    const std::string digest = sha256_hex(bearer_token);
    Caller caller;
    std::optional<std::int64_t> last_used;
    {
      std::lock_guard lock(reader_mutex_);
      ResetOnExit reset{find_token_};
      find_token_.bind(1, digest);
      const int rc = find_token_.step();
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return fail(std::string("token lookup failed: ") + sqlite3_errmsg(db_));
      }
      if (rc != SQLITE_ROW || !constant_time_equal(find_token_.text(1), digest)) {
        return std::optional<Caller>();
      }
      caller.token_id = find_token_.text(0);
      caller.kind = token_kind_from_code(find_token_.text(2)).value_or(TokenKind::read);
      caller.organisation = find_token_.text(3);
      caller.municipalities = split_codes(find_token_.text(4));
      last_used = find_token_.optional_integer(5);
    }
    const std::int64_t now = std::time(nullptr);
    if (!last_used || now - *last_used >= kLastUsedResolution) {
      // Best effort: a busy database must not turn a valid token away.
      std::lock_guard lock(mutex_);
      (void)touch_token_.bind(1, caller.token_id).bind(2, now).run();
    }
    return std::optional<Caller>(std::move(caller));
  }

  Result<std::vector<AggregateCell>> counts(const CountFilter &filter) override {
    std::string sql = "SELECT period, municipality, age_band, checklist, checklist_version, domain, level, route, count"
                      " FROM counts WHERE count > 0";
    std::vector<std::string> values;
    const auto condition = [&](const char *clause, const std::string &value) {
      if (!value.empty()) {
        values.push_back(value);
        sql += std::string(" AND ") + clause + " ?" + std::to_string(values.size());
      }
    };
    condition("period >=", filter.period_from);
    condition("period <=", filter.period_to);
    condition("checklist =", filter.checklist);
    condition("domain =", filter.domain);
    if (!filter.municipalities.empty()) {
      sql += " AND municipality IN (";
      for (std::size_t i = 0; i < filter.municipalities.size(); ++i) {
        values.push_back(filter.municipalities[i]);
        sql += (i > 0 ? ", ?" : "?") + std::to_string(values.size());
      }
      sql += ")";
    }
    sql += " ORDER BY period, municipality, age_band, checklist, checklist_version, domain, level, route";

    std::lock_guard lock(reader_mutex_);
    Statement query;
    if (!query.prepare(reader_, sql.c_str())) {
      return fail(std::string("reading counts: ") + sqlite3_errmsg(reader_));
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      query.bind(static_cast<int>(i + 1), values[i]);
    }
    std::vector<AggregateCell> cells;
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
      AggregateCell cell;
      cell.period = query.text(0);
      cell.municipality = query.text(1);
      cell.age_band = query.text(2);
      cell.checklist = query.text(3);
      cell.checklist_version = static_cast<int>(query.integer(4));
      cell.domain = query.text(5);
      cell.level = signal_level_from_code(query.text(6)).value_or(SignalLevel::none);
      cell.route = query.text(7);
      cell.count = query.integer(8);
      cells.push_back(std::move(cell));
    }
    if (rc != SQLITE_DONE) {
      return fail(std::string("reading counts: ") + sqlite3_errmsg(reader_));
    }
    return cells;
  }

  Result<bool> add_enrollment_code(const NewEnrollmentCode &code) override {
    std::lock_guard lock(mutex_);
    Statement insert;
    if (!insert.prepare(db_, "INSERT INTO enrollment_codes (code_sha256, kind, organisation, municipalities,"
                             " created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")) {
      return fail(std::string("storing the code: ") + sqlite3_errmsg(db_));
    }
    const std::string municipalities = join_codes(code.grant.municipalities);
    insert.bind(1, code.code_sha256)
        .bind(2, token_kind_code(code.grant.kind))
        .bind(3, code.grant.organisation)
        .bind(4, municipalities)
        .bind(5, code.created_at)
        .bind(6, code.expires_at);
    if (!insert.run()) {
      return fail(std::string("storing the code: ") + sqlite3_errmsg(db_));
    }
    return true;
  }

  Result<Caller, RedeemFailure> redeem_enrollment_code(std::string_view code_sha256, std::string_view token_sha256,
                                                       std::string_view token_id, std::int64_t now) override {
    std::lock_guard lock(mutex_);
    const auto store_failed = [&](const char *what) {
      const std::string message = std::string(what) + ": " + sqlite3_errmsg(db_);
      rollback_.run();
      return RedeemFailure{RedeemRefusal::store_failed, message};
    };
    if (!begin_.run()) {
      return fail(RedeemFailure{RedeemRefusal::store_failed, std::string("starting: ") + sqlite3_errmsg(db_)});
    }
    Statement find;
    if (!find.prepare(db_, "SELECT kind, organisation, municipalities, expires_at, used_at FROM enrollment_codes"
                           " WHERE code_sha256 = ?1")) {
      return fail(store_failed("reading the code"));
    }
    find.bind(1, code_sha256);
    const int rc = find.step();
    if (rc != SQLITE_ROW) {
      if (rc != SQLITE_DONE) {
        return fail(store_failed("reading the code"));
      }
      rollback_.run();
      return fail(RedeemFailure{RedeemRefusal::unknown, "unknown enrollment code"});
    }
    Caller caller;
    caller.token_id = std::string(token_id);
    caller.kind = token_kind_from_code(find.text(0)).value_or(TokenKind::read);
    caller.organisation = find.text(1);
    const std::string municipalities = find.text(2);
    caller.municipalities = split_codes(municipalities);
    const std::int64_t expires_at = find.integer(3);
    const auto used_at = find.optional_integer(4);
    find.reset();
    if (used_at) {
      rollback_.run();
      return fail(RedeemFailure{RedeemRefusal::used, "this enrollment code was already used"});
    }
    if (expires_at <= now) {
      rollback_.run();
      return fail(RedeemFailure{RedeemRefusal::expired, "this enrollment code has expired"});
    }
    Statement consume;
    if (!consume.prepare(db_, "UPDATE enrollment_codes SET used_at = ?2, token_id = ?3 WHERE code_sha256 = ?1") ||
        !consume.bind(1, code_sha256).bind(2, now).bind(3, token_id).run()) {
      return fail(store_failed("using the code"));
    }
    Statement insert;
    if (!insert.prepare(db_, "INSERT INTO tokens (token_id, token_sha256, kind, organisation, municipalities,"
                             " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") ||
        !insert.bind(1, token_id)
             .bind(2, token_sha256)
             .bind(3, token_kind_code(caller.kind))
             .bind(4, caller.organisation)
             .bind(5, municipalities)
             .bind(6, now)
             .run()) {
      return fail(store_failed("storing the token"));
    }
    if (!commit_.run()) {
      return fail(store_failed("committing"));
    }
    return caller;
  }

  Result<std::vector<TokenRecord>> tokens() override {
    std::lock_guard lock(mutex_);
    Statement query;
    if (!query.prepare(db_, "SELECT token_id, kind, organisation, municipalities, created_at, last_used_at,"
                            " revoked_at FROM tokens ORDER BY created_at, token_id")) {
      return fail(std::string("listing tokens: ") + sqlite3_errmsg(db_));
    }
    std::vector<TokenRecord> out;
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
      TokenRecord t;
      t.token_id = query.text(0);
      t.kind = token_kind_from_code(query.text(1)).value_or(TokenKind::read);
      t.organisation = query.text(2);
      t.municipalities = split_codes(query.text(3));
      t.created_at = query.integer(4);
      t.last_used_at = query.optional_integer(5);
      t.revoked_at = query.optional_integer(6);
      out.push_back(std::move(t));
    }
    if (rc != SQLITE_DONE) {
      return fail(std::string("listing tokens: ") + sqlite3_errmsg(db_));
    }
    return out;
  }

  Result<RevokeOutcome> revoke_token(std::string_view token_id, std::int64_t now) override {
    std::lock_guard lock(mutex_);
    Statement update;
    if (!update.prepare(db_, "UPDATE tokens SET revoked_at = ?2 WHERE token_id = ?1 AND revoked_at IS NULL") ||
        !update.bind(1, token_id).bind(2, now).run()) {
      return fail(std::string("revoking: ") + sqlite3_errmsg(db_));
    }
    if (sqlite3_changes(db_) == 1) {
      return RevokeOutcome::revoked;
    }
    Statement find;
    if (!find.prepare(db_, "SELECT 1 FROM tokens WHERE token_id = ?1")) {
      return fail(std::string("revoking: ") + sqlite3_errmsg(db_));
    }
    find.bind(1, token_id);
    return find.step() == SQLITE_ROW ? RevokeOutcome::already_revoked : RevokeOutcome::unknown;
  }

  // Group commit: concurrent calls queue up; one leader at a time takes the
  // waiting reports (up to kMaxBatch) off the queue and counts them in one
  // transaction — each inside its own savepoint, so one report's failure
  // leaves the others — and commits once, so many reports share one fsync.
  //
  // "Acknowledged" means "committed" by construction: the leader computes the
  // outcomes into its own vector and publishes them to the members only after
  // COMMIT returned, under queue_mutex_, the lock the members wait on. A
  // member's PendingReport lives on its own stack; it cannot return (and so
  // the leader cannot write through a dangling pointer) before `done` is set,
  // which is the leader's last touch of it.
  Result<RecordedReport> record_report(const ReportToCount &report) override {
    PendingReport mine{&report, std::nullopt, false};
    std::unique_lock queue_lock(queue_mutex_);
    queue_.push_back(&mine);
    queue_changed_.wait(queue_lock, [&] { return mine.done || (!leading_ && queue_.front() == &mine); });
    if (!mine.done) {
      leading_ = true;
      const std::size_t size = std::min(queue_.size(), kMaxBatch);
      std::vector<PendingReport *> batch(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(size));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(size));
      queue_lock.unlock();
      std::vector<Result<RecordedReport>> outcomes = count_batch(batch);
      queue_lock.lock();
      for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i]->result = std::move(outcomes[i]);
        batch[i]->done = true;
      }
      leading_ = false;
      queue_changed_.notify_all();
    }
    return std::move(*mine.result);
  }

private:
  static constexpr std::size_t kMaxBatch = 64;

  // A report waiting in record_report; every field is guarded by queue_mutex_.
  struct PendingReport {
    const ReportToCount *report;
    std::optional<Result<RecordedReport>> result;
    bool done = false; // result is final: its transaction committed or rolled back
  };

  // Counts a batch in one transaction; the outcomes, in the batch's order, are
  // final: a success is returned only when the COMMIT that holds it succeeded.
  std::vector<Result<RecordedReport>> count_batch(const std::vector<PendingReport *> &batch) {
    std::lock_guard lock(mutex_);
    std::vector<Result<RecordedReport>> outcomes;
    outcomes.reserve(batch.size());
    const auto fail_all = [&](const std::string &why) {
      outcomes.clear();
      for (const PendingReport *p : batch) {
        outcomes.emplace_back(fail("counting report " + p->report->report_id + ": " + why));
      }
      return std::move(outcomes);
    };
    if (!begin_.run()) {
      return fail_all(std::string("cannot start a transaction: ") + sqlite3_errmsg(db_));
    }
    for (const PendingReport *p : batch) {
      outcomes.push_back(count_one(*p->report));
      if (sqlite3_get_autocommit(db_) != 0) {
        // SQLite rolled the whole transaction back (I/O error, disk full):
        // nothing of this batch is stored.
        return fail_all(std::string("the transaction was rolled back: ") + sqlite3_errmsg(db_));
      }
    }
    if (commit_hook_ && !commit_hook_()) {
      rollback_.run();
      return fail_all("injected fault before the commit");
    }
    if (!commit_.run()) {
      const std::string why = std::string("commit failed: ") + sqlite3_errmsg(db_);
      rollback_.run();
      return fail_all(why);
    }
    return outcomes;
  }

  // One report inside the batch's transaction, within a savepoint.
  Result<RecordedReport> count_one(const ReportToCount &report) {
    const auto failed = [&](const std::string &what) {
      const std::string message = "counting report " + report.report_id + ": " + what;
      rollback_to_report_.run();
      release_report_.run();
      return message;
    };
    if (!savepoint_report_.run()) {
      return fail("counting report " + report.report_id + ": " + sqlite3_errmsg(db_));
    }
    {
      ResetOnExit reset{find_report_};
      find_report_.bind(1, report.report_id);
      const int rc = find_report_.step();
      if (rc == SQLITE_ROW) {
        RecordedReport earlier;
        earlier.outcome =
            find_report_.text(0) == report.body_sha256 ? ReportRecording::replayed : ReportRecording::key_reused;
        earlier.response_status = static_cast<int>(find_report_.integer(1));
        earlier.response_body = find_report_.text(2);
        find_report_.reset();
        release_report_.run(); // nothing was written
        return earlier;
      }
      if (rc != SQLITE_DONE) {
        return fail(failed(sqlite3_errmsg(db_)));
      }
    }
    const std::size_t total = report.cells.size();
    for (std::size_t i = 0; i < total; ++i) {
      const AggregateCell &cell = report.cells[i];
      upsert_count_.bind(1, cell.period)
          .bind(2, cell.municipality)
          .bind(3, cell.age_band)
          .bind(4, cell.checklist)
          .bind(5, std::int64_t{cell.checklist_version})
          .bind(6, cell.domain)
          .bind(7, signal_level_code(cell.level))
          .bind(8, cell.route)
          .bind(9, cell.count);
      if (!upsert_count_.run()) {
        return fail(failed(sqlite3_errmsg(db_)));
      }
      if (fault_ && fault_(i + 1, total)) {
        return fail(
            failed("injected fault after " + std::to_string(i + 1) + " of " + std::to_string(total) + " cells"));
      }
    }
    insert_report_.bind(1, report.report_id)
        .bind(2, report.token_id)
        .bind(3, report.body_sha256)
        .bind(4, std::int64_t{report.response_status})
        .bind(5, report.response_body)
        .bind(6, report.received_at);
    if (!insert_report_.run()) {
      return fail(failed(sqlite3_errmsg(db_)));
    }
    if (!release_report_.run()) {
      return fail(failed(sqlite3_errmsg(db_)));
    }
    return RecordedReport{ReportRecording::counted, report.response_status, report.response_body};
  }

  std::mutex mutex_; // one connection, shared by the worker threads
  Connection connection_;
  std::unique_ptr<Checkpointer> checkpointer_; // declared after the connection: it goes first
  sqlite3 *db_;
  UpsertFault fault_;
  BeforeCommit commit_hook_;
  Statement begin_, commit_, rollback_, savepoint_report_, release_report_, rollback_to_report_;
  Statement find_report_, upsert_count_, insert_report_, touch_token_;
  std::mutex reader_mutex_;
  std::unique_ptr<Connection> reader_connection_; // declared before its statement: it closes after it
  sqlite3 *reader_ = nullptr;
  Statement find_token_;   // on the reader
  std::mutex queue_mutex_; // the reports waiting to be counted
  std::condition_variable queue_changed_;
  std::deque<PendingReport *> queue_; // waiting, not yet taken by a leader
  bool leading_ = false;              // a leader is counting a batch
};

} // namespace

std::string_view token_kind_code(TokenKind kind) {
  return kind == TokenKind::read ? "read" : "submit";
}

std::optional<TokenKind> token_kind_from_code(std::string_view code) {
  if (code == "submit") {
    return TokenKind::submit;
  }
  if (code == "read") {
    return TokenKind::read;
  }
  return std::nullopt;
}

Result<std::unique_ptr<CollectorStore>> open_sqlite_collector_store(const std::string &path, UpsertFault fault,
                                                                    BeforeCommit before_commit) {
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
  auto store = std::make_unique<SqliteCollectorStore>(raw, std::move(fault),
                                                      std::move(before_commit)); // closes raw on every path below
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
  // FULL: a commit is on disk before the answer goes out. 32 MiB of page cache
  // keeps the counts' B-tree in memory.
  if (sqlite3_exec(raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -32768;", nullptr,
                   nullptr, nullptr) != SQLITE_OK) {
    return fail("database " + path + ": " + sqlite3_errmsg(raw));
  }
  auto migrated = migrate_forward(raw, kApplicationId, kMigrations, id);
  if (!migrated) {
    return fail("database " + path + ": " + migrated.error());
  }
  if (auto prepared = store->prepare(); !prepared) {
    return fail("database " + path + ": " + prepared.error());
  }
  if (auto reader = store->open_reader(path); !reader) {
    return fail("database " + path + ": " + reader.error());
  }
  store->checkpoint_in_background(path);
  return std::unique_ptr<CollectorStore>(std::move(store));
}

} // namespace veldwijzer::collector
