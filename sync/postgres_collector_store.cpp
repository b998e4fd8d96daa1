// postgres_collector_store.cpp — CollectorStore on PostgreSQL through libpq.
//
// Worker threads borrow connections from a small mutex-guarded pool (one per
// concurrently busy thread, kept open between requests); every connection
// has the statements of the hot paths prepared. Where the SQLite store relies
// on being the only writer (one connection, BEGIN IMMEDIATE), this store
// relies on row locks, because several collector processes may share the
// database:
//   - a report's id is claimed first with INSERT ... ON CONFLICT DO NOTHING;
//     a second process inserting the same id waits for the first one's
//     transaction and then sees it (replayed) or, if that rolled back, counts
//     it itself. The count upserts and the stored answer commit with the claim.
//   - count rows are upserted in key order, so two reports touching the same
//     cells lock them in the same order and cannot deadlock; serialization
//     failures and deadlocks (40001, 40P01) are retried anyway.
//   - a code is redeemed under SELECT ... FOR UPDATE, so it yields one token.
// Text columns that are sorted or compared use COLLATE "C": byte order, as in
// SQLite, whatever the database's locale.
#include "postgres_collector_store.h"
#include "code_list.h"

#include "credentials.h"

#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <numeric>
#include <thread>
#include <tuple>

namespace veldwijzer::collector {
namespace {

// The collector_schema row that says whose tables these are.
constexpr const char *kApplication = "veldwijzer-collector";
// pg_advisory_xact_lock key ('VWCL', as the SQLite file's application_id):
// collectors starting together create or migrate the schema one at a time.
constexpr const char *kSchemaLockKey = "1448559436";

// Forward-only migrations: entry i takes schema i to i+1. Append, never edit.
// The same tables and meaning as the SQLite store's schema 2.
constexpr std::array<const char *, 2> kMigrations = {
    "CREATE TABLE meta (key text COLLATE \"C\" PRIMARY KEY, value text NOT NULL);"
    "INSERT INTO meta (key, value) VALUES ('created_at',"
    " to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",

    // 2: enrollment, tokens, counted reports and the counts themselves.
    // Secrets are kept as SHA-256 only; times are seconds since 1970 (UTC);
    // municipalities are comma-separated CBS codes.
    "CREATE TABLE enrollment_codes ("
    "  code_sha256 text COLLATE \"C\" PRIMARY KEY,"
    "  kind text NOT NULL CHECK (kind IN ('submit', 'read')),"
    "  organisation text NOT NULL,"
    "  municipalities text NOT NULL,"
    "  created_at bigint NOT NULL,"
    "  expires_at bigint NOT NULL,"
    "  used_at bigint,"
    "  token_id text"
    ");"
    "CREATE TABLE tokens ("
    "  token_id text COLLATE \"C\" PRIMARY KEY,"
    "  token_sha256 text COLLATE \"C\" NOT NULL UNIQUE,"
    "  kind text NOT NULL CHECK (kind IN ('submit', 'read')),"
    "  organisation text NOT NULL,"
    "  municipalities text NOT NULL,"
    "  created_at bigint NOT NULL,"
    "  last_used_at bigint,"
    "  revoked_at bigint"
    ");"
    "CREATE TABLE reports ("
    "  report_id text COLLATE \"C\" PRIMARY KEY,"
    "  token_id text NOT NULL REFERENCES tokens (token_id),"
    "  body_sha256 text NOT NULL,"
    "  response_status integer NOT NULL,"
    "  response_body text NOT NULL,"
    "  received_at bigint NOT NULL"
    ");"
    "CREATE TABLE counts ("
    "  period text COLLATE \"C\" NOT NULL,"
    "  municipality text COLLATE \"C\" NOT NULL,"
    "  age_band text COLLATE \"C\" NOT NULL,"
    "  checklist text COLLATE \"C\" NOT NULL,"
    "  checklist_version integer NOT NULL,"
    "  domain text COLLATE \"C\" NOT NULL,"
    "  level text COLLATE \"C\" NOT NULL,"
    "  route text COLLATE \"C\" NOT NULL," // '' at level geen-zorg
    "  count bigint NOT NULL CHECK (count >= 0),"
    "  PRIMARY KEY (period, municipality, age_band, checklist, checklist_version, domain, level, route)"
    ")",
};
constexpr int kSchemaVersion = static_cast<int>(kMigrations.size());

// Prepared on every pooled connection: the statements of the hot paths.
struct PreparedStatement {
  const char *name;
  const char *sql;
};
constexpr std::array<PreparedStatement, 7> kPrepared = {{
    {"find_token", "SELECT token_id, token_sha256, kind, organisation, municipalities, last_used_at"
                   " FROM tokens WHERE token_sha256 = $1 AND revoked_at IS NULL"},
    {"touch_token", "UPDATE tokens SET last_used_at = $2 WHERE token_id = $1"},
    {"claim_report", "INSERT INTO reports (report_id, token_id, body_sha256, response_status, response_body,"
                     " received_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (report_id) DO NOTHING"},
    {"find_report", "SELECT body_sha256, response_status, response_body FROM reports WHERE report_id = $1"},
    {"upsert_count",
     "INSERT INTO counts (period, municipality, age_band, checklist, checklist_version, domain, level, route, count)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
     " ON CONFLICT (period, municipality, age_band, checklist, checklist_version, domain, level, route)"
     " DO UPDATE SET count = counts.count + excluded.count"},
    // All of a report's cells in one statement and one round trip: arrays in
    // key order, duplicate keys already summed (ON CONFLICT DO UPDATE may touch
    // a row only once per statement).
    {"upsert_counts",
     "INSERT INTO counts (period, municipality, age_band, checklist, checklist_version, domain, level, route, count)"
     " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::text[], $7::text[],"
     " $8::text[], $9::bigint[])"
     " ON CONFLICT (period, municipality, age_band, checklist, checklist_version, domain, level, route)"
     " DO UPDATE SET count = counts.count + excluded.count"},
    {"schema_version", "SELECT version FROM collector_schema"},
}};

// last_used_at is a listing aid, not an audit log: write it at most once a minute per token.
constexpr std::int64_t kLastUsedResolution = 60;
// Serialization failures and deadlocks are retried this many times in all.
constexpr int kMaxAttempts = 5;
// Idle connections kept for the next requests; more are closed when returned.
constexpr std::size_t kMaxIdle = 32;

std::string trimmed(const char *message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text.empty() ? "unknown error" : text;
}

// What went wrong with a statement: libpq's message, the SQLSTATE, and
// whether the connection itself is gone (then the pool drops it).
struct PgError {
  std::string message;
  std::string sqlstate;
  bool connection_lost = false;

  bool retryable() const { return sqlstate == "40001" || sqlstate == "40P01"; }
};

// A result, cleared when it goes.
class Rows {
public:
  explicit Rows(PGresult *result) : result_(result) {}
  Rows(Rows &&other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  Rows &operator=(Rows &&) = delete;
  Rows(const Rows &) = delete;
  ~Rows() { PQclear(result_); }

  int size() const { return PQntuples(result_); }
  std::string text(int row, int column) const {
    return std::string(PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column)));
  }
  std::int64_t integer(int row, int column) const {
    return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
  }
  std::optional<std::int64_t> optional_integer(int row, int column) const {
    if (PQgetisnull(result_, row, column) != 0) {
      return std::nullopt;
    }
    return integer(row, column);
  }
  // Rows an INSERT/UPDATE touched.
  long affected() const { return std::strtol(PQcmdTuples(result_), nullptr, 10); }

private:
  PGresult *result_;
};

Result<Rows, PgError> checked(PGconn *conn, PGresult *result) {
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    return Rows(result);
  }
  PgError error;
  error.message = trimmed(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn));
  if (result != nullptr) {
    const char *state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    error.sqlstate = state != nullptr ? state : "";
  }
  error.connection_lost = PQstatus(conn) == CONNECTION_BAD;
  PQclear(result);
  return fail(std::move(error));
}

// A statement's parameters, all sent as text and always bound ($1 ...),
// never spliced into the SQL.
class Params {
public:
  Params &text(std::string_view value) {
    values_.emplace_back(value);
    return *this;
  }
  Params &integer(std::int64_t value) {
    values_.emplace_back(std::to_string(value));
    return *this;
  }

  Result<Rows, PgError> run_prepared(PGconn *conn, const char *name) const {
    const auto pointers = this->pointers();
    return checked(conn,
                   PQexecPrepared(conn, name, static_cast<int>(pointers.size()), pointers.data(), nullptr, nullptr, 0));
  }
  Result<Rows, PgError> run(PGconn *conn, const std::string &sql) const {
    const auto pointers = this->pointers();
    return checked(conn, PQexecParams(conn, sql.c_str(), static_cast<int>(pointers.size()), nullptr, pointers.data(),
                                      nullptr, nullptr, 0));
  }

private:
  std::vector<const char *> pointers() const {
    std::vector<const char *> out;
    for (const std::string &value : values_) {
      out.push_back(value.c_str());
    }
    return out;
  }
  std::vector<std::string> values_;
};

// A PostgreSQL array literal of text values ({"a","b"}), each element quoted
// and escaped, so any text survives; it is bound as one parameter.
class ArrayLiteral {
public:
  void add(std::string_view value) {
    text_ += text_.size() > 1 ? ",\"" : "\"";
    for (const char c : value) {
      if (c == '"' || c == '\\') {
        text_ += '\\';
      }
      text_ += c;
    }
    text_ += '"';
  }
  std::string done() const { return text_ + "}"; }

private:
  std::string text_ = "{";
};

Result<Rows, PgError> exec(PGconn *conn, const char *sql) {
  return checked(conn, PQexec(conn, sql));
}

// Opens a connection. Our defaults come before the URL, so the URL's own
// settings (application_name, connect_timeout, ...) win.
Result<PGconn *> connect(const std::string &url) {
  const char *keywords[] = {"fallback_application_name", "connect_timeout", "dbname", nullptr};
  const char *values[] = {kApplication, "10", url.c_str(), nullptr};
  PGconn *conn = PQconnectdbParams(keywords, values, 1);
  if (conn == nullptr) {
    return fail(std::string("cannot connect: out of memory"));
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = "cannot connect: " + trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return fail(std::move(message));
  }
  // Notices ("... already exists, skipping") are not errors; keep stderr for those.
  PQsetNoticeProcessor(
      conn, [](void *, const char *) {}, nullptr);
  return conn;
}

Result<PGconn *> connect_prepared(const std::string &url) {
  auto conn = connect(url);
  if (!conn) {
    return conn;
  }
  for (const PreparedStatement &statement : kPrepared) {
    auto prepared = checked(conn.value(), PQprepare(conn.value(), statement.name, statement.sql, 0, nullptr));
    if (!prepared) {
      PQfinish(conn.value());
      return fail("preparing " + std::string(statement.name) + ": " + prepared.error().message);
    }
  }
  return conn;
}

// The connections of one store. take() hands out an idle connection or opens
// a new one; a lease gives it back when it goes, unless it is broken or still
// inside a transaction (then it is closed).
class ConnectionPool {
public:
  explicit ConnectionPool(std::string url) : url_(std::move(url)) {}
  ~ConnectionPool() {
    for (PGconn *conn : idle_) {
      PQfinish(conn);
    }
  }
  ConnectionPool(const ConnectionPool &) = delete;
  ConnectionPool &operator=(const ConnectionPool &) = delete;

  class Lease {
  public:
    Lease(ConnectionPool &pool, PGconn *conn) : pool_(&pool), conn_(conn) {}
    Lease(Lease &&other) noexcept : pool_(other.pool_), conn_(std::exchange(other.conn_, nullptr)) {}
    Lease &operator=(Lease &&) = delete;
    Lease(const Lease &) = delete;
    ~Lease() {
      if (conn_ != nullptr) {
        pool_->give_back(conn_);
      }
    }
    PGconn *get() const { return conn_; }

  private:
    ConnectionPool *pool_;
    PGconn *conn_;
  };

  Result<Lease> take() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        PGconn *conn = idle_.back();
        idle_.pop_back();
        return Lease(*this, conn);
      }
    }
    auto conn = connect_prepared(url_);
    if (!conn) {
      return fail(conn.error());
    }
    return Lease(*this, conn.value());
  }

  void adopt(PGconn *conn) { give_back(conn); }

  // After a lost connection the idle ones are most likely gone too (the
  // server restarted): close them, so the next take() connects afresh.
  void drop_idle() {
    std::vector<PGconn *> dropped;
    {
      std::lock_guard lock(mutex_);
      dropped.swap(idle_);
    }
    for (PGconn *conn : dropped) {
      PQfinish(conn);
    }
  }

private:
  void give_back(PGconn *conn) {
    if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE) {
      std::lock_guard lock(mutex_);
      if (idle_.size() < kMaxIdle) {
        idle_.push_back(conn);
        return;
      }
    }
    PQfinish(conn);
  }

  std::string url_;
  std::mutex mutex_;
  std::vector<PGconn *> idle_;
};

// Ends a transaction that failed; a broken connection is closed by its lease.
void roll_back(PGconn *conn) {
  if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) != PQTRANS_IDLE) {
    PQclear(PQexec(conn, "ROLLBACK"));
  }
}

// Why one attempt at a transaction failed, and whether another may succeed.
struct AttemptFailure {
  std::string message;
  bool retry = false;
};

class PostgresCollectorStore final : public CollectorStore {
public:
  PostgresCollectorStore(const std::string &url, std::string engine, UpsertFault fault)
      : engine_(std::move(engine)), pool_(url), fault_(std::move(fault)) {}

  void adopt(PGconn *conn) { pool_.adopt(conn); }

  StoreHealth health() override {
    StoreHealth health;
    health.engine = "postgresql";
    auto version = read([](PGconn *conn) { return Params().run_prepared(conn, "schema_version"); });
    if (!version) {
      health.problem = version.error();
      return health;
    }
    health.engine = engine_;
    health.schema_version = version.value().size() == 1 ? static_cast<int>(version.value().integer(0, 0)) : 0;
    health.ok = health.schema_version == kSchemaVersion;
    if (!health.ok) {
      health.problem =
          "schema version " + std::to_string(health.schema_version) + ", expected " + std::to_string(kSchemaVersion);
    }
    return health;
  }

  Result<std::optional<Caller>> authenticate(std::string_view bearer_token) override {
    if (!is_token(bearer_token)) {
      return std::optional<Caller>();
    }
    const std::string digest = sha256_hex(bearer_token);
    auto found = read([&](PGconn *conn) { return Params().text(digest).run_prepared(conn, "find_token"); });
    if (!found) {
      return fail("token lookup failed: " + found.error());
    }
    if (found.value().size() != 1 || !constant_time_equal(found.value().text(0, 1), digest)) {
      return std::optional<Caller>();
    }
    const Rows &row = found.value();
    Caller caller;
    caller.token_id = row.text(0, 0);
    caller.kind = token_kind_from_code(row.text(0, 2)).value_or(TokenKind::read);
    caller.organisation = row.text(0, 3);
    caller.municipalities = split_codes(row.text(0, 4));
    const auto last_used = row.optional_integer(0, 5);
    const std::int64_t now = std::time(nullptr);
    if (!last_used || now - *last_used >= kLastUsedResolution) {
      // Best effort: a busy database must not turn a valid token away.
      (void)read(
          [&](PGconn *conn) { return Params().text(caller.token_id).integer(now).run_prepared(conn, "touch_token"); });
    }
    return std::optional<Caller>(std::move(caller));
  }

  Result<std::vector<AggregateCell>> counts(const CountFilter &filter) override {
    // Only placeholders are added to the SQL; the values are bound.
    std::string sql = "SELECT period, municipality, age_band, checklist, checklist_version, domain, level, route, count"
                      " FROM counts WHERE count > 0";
    Params params;
    int next = 0;
    const auto condition = [&](const char *clause, const std::string &value) {
      if (!value.empty()) {
        params.text(value);
        sql += std::string(" AND ") + clause + " $" + std::to_string(++next);
      }
    };
    condition("period >=", filter.period_from);
    condition("period <=", filter.period_to);
    condition("checklist =", filter.checklist);
    condition("domain =", filter.domain);
    if (!filter.municipalities.empty()) {
      sql += " AND municipality IN (";
      for (std::size_t i = 0; i < filter.municipalities.size(); ++i) {
        params.text(filter.municipalities[i]);
        sql += (i > 0 ? ", $" : "$") + std::to_string(++next);
      }
      sql += ")";
    }
    sql += " ORDER BY period, municipality, age_band, checklist, checklist_version, domain, level, route";
    auto rows = read([&](PGconn *conn) { return params.run(conn, sql); });
    if (!rows) {
      return fail("reading counts: " + rows.error());
    }
    std::vector<AggregateCell> cells;
    const Rows &r = rows.value();
    for (int i = 0; i < r.size(); ++i) {
      AggregateCell cell;
      cell.period = r.text(i, 0);
      cell.municipality = r.text(i, 1);
      cell.age_band = r.text(i, 2);
      cell.checklist = r.text(i, 3);
      cell.checklist_version = static_cast<int>(r.integer(i, 4));
      cell.domain = r.text(i, 5);
      cell.level = signal_level_from_code(r.text(i, 6)).value_or(SignalLevel::none);
      cell.route = r.text(i, 7);
      cell.count = r.integer(i, 8);
      cells.push_back(std::move(cell));
    }
    return cells;
  }

  Result<bool> add_enrollment_code(const NewEnrollmentCode &code) override {
    auto inserted = write_once([&](PGconn *conn) {
      return Params()
          .text(code.code_sha256)
          .text(token_kind_code(code.grant.kind))
          .text(code.grant.organisation)
          .text(join_codes(code.grant.municipalities))
          .integer(code.created_at)
          .integer(code.expires_at)
          .run(conn, "INSERT INTO enrollment_codes (code_sha256, kind, organisation, municipalities, created_at,"
                     " expires_at) VALUES ($1, $2, $3, $4, $5, $6)");
    });
    if (!inserted) {
      return fail("storing the code: " + inserted.error());
    }
    return true;
  }

  Result<Caller, RedeemFailure> redeem_enrollment_code(std::string_view code_sha256, std::string_view token_sha256,
                                                       std::string_view token_id, std::int64_t now) override {
    auto lease = pool_.take();
    if (!lease) {
      return fail(RedeemFailure{RedeemRefusal::store_failed, lease.error()});
    }
    PGconn *conn = lease.value().get();
    const auto store_failed = [&](const char *what, const PgError &error) {
      roll_back(conn);
      lost(error);
      return RedeemFailure{RedeemRefusal::store_failed, std::string(what) + ": " + error.message};
    };
    if (auto begun = exec(conn, "BEGIN"); !begun) {
      return fail(store_failed("starting", begun.error()));
    }
    // FOR UPDATE: a second redeem of the same code waits here and then sees it used.
    auto found = Params()
                     .text(code_sha256)
                     .run(conn, "SELECT kind, organisation, municipalities, expires_at, used_at"
                                " FROM enrollment_codes WHERE code_sha256 = $1 FOR UPDATE");
    if (!found) {
      return fail(store_failed("reading the code", found.error()));
    }
    if (found.value().size() != 1) {
      roll_back(conn);
      return fail(RedeemFailure{RedeemRefusal::unknown, "unknown enrollment code"});
    }
    const Rows &row = found.value();
    Caller caller;
    caller.token_id = std::string(token_id);
    caller.kind = token_kind_from_code(row.text(0, 0)).value_or(TokenKind::read);
    caller.organisation = row.text(0, 1);
    const std::string municipalities = row.text(0, 2);
    caller.municipalities = split_codes(municipalities);
    if (row.optional_integer(0, 4)) {
      roll_back(conn);
      return fail(RedeemFailure{RedeemRefusal::used, "this enrollment code was already used"});
    }
    if (row.integer(0, 3) <= now) {
      roll_back(conn);
      return fail(RedeemFailure{RedeemRefusal::expired, "this enrollment code has expired"});
    }
    auto consumed = Params()
                        .text(code_sha256)
                        .integer(now)
                        .text(token_id)
                        .run(conn, "UPDATE enrollment_codes SET used_at = $2, token_id = $3 WHERE code_sha256 = $1");
    if (!consumed) {
      return fail(store_failed("using the code", consumed.error()));
    }
    auto inserted = Params()
                        .text(token_id)
                        .text(token_sha256)
                        .text(token_kind_code(caller.kind))
                        .text(caller.organisation)
                        .text(municipalities)
                        .integer(now)
                        .run(conn, "INSERT INTO tokens (token_id, token_sha256, kind, organisation, municipalities,"
                                   " created_at) VALUES ($1, $2, $3, $4, $5, $6)");
    if (!inserted) {
      return fail(store_failed("storing the token", inserted.error()));
    }
    if (auto committed = exec(conn, "COMMIT"); !committed) {
      return fail(store_failed("committing", committed.error()));
    }
    return caller;
  }

  Result<std::vector<TokenRecord>> tokens() override {
    auto rows = read([](PGconn *conn) {
      return exec(conn, "SELECT token_id, kind, organisation, municipalities, created_at, last_used_at, revoked_at"
                        " FROM tokens ORDER BY created_at, token_id");
    });
    if (!rows) {
      return fail("listing tokens: " + rows.error());
    }
    std::vector<TokenRecord> out;
    const Rows &r = rows.value();
    for (int i = 0; i < r.size(); ++i) {
      TokenRecord t;
      t.token_id = r.text(i, 0);
      t.kind = token_kind_from_code(r.text(i, 1)).value_or(TokenKind::read);
      t.organisation = r.text(i, 2);
      t.municipalities = split_codes(r.text(i, 3));
      t.created_at = r.integer(i, 4);
      t.last_used_at = r.optional_integer(i, 5);
      t.revoked_at = r.optional_integer(i, 6);
      out.push_back(std::move(t));
    }
    return out;
  }

  Result<RevokeOutcome> revoke_token(std::string_view token_id, std::int64_t now) override {
    auto updated = write_once([&](PGconn *conn) {
      return Params().text(token_id).integer(now).run(
          conn, "UPDATE tokens SET revoked_at = $2 WHERE token_id = $1 AND revoked_at IS NULL");
    });
    if (!updated) {
      return fail("revoking: " + updated.error());
    }
    if (updated.value().affected() == 1) {
      return RevokeOutcome::revoked;
    }
    auto found = read(
        [&](PGconn *conn) { return Params().text(token_id).run(conn, "SELECT 1 FROM tokens WHERE token_id = $1"); });
    if (!found) {
      return fail("revoking: " + found.error());
    }
    return found.value().size() == 1 ? RevokeOutcome::already_revoked : RevokeOutcome::unknown;
  }

  // Each call is its own transaction on its own connection; PostgreSQL
  // shares WAL flushes between concurrent commits (its own group commit).
  Result<RecordedReport> record_report(const ReportToCount &report) override {
    // Key order: concurrent reports lock shared count rows in the same order.
    std::vector<std::size_t> order(report.cells.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto key = [&](std::size_t i) {
      const AggregateCell &c = report.cells[i];
      return std::tie(c.period, c.municipality, c.age_band, c.checklist, c.checklist_version, c.domain, c.level,
                      c.route);
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });

    for (int attempt = 1;; ++attempt) {
      auto lease = pool_.take();
      if (!lease) {
        return fail("counting report " + report.report_id + ": " + lease.error());
      }
      auto counted = count_report(lease.value().get(), report, order);
      if (counted) {
        return counted.value();
      }
      if (!counted.error().retry || attempt >= kMaxAttempts) {
        return fail("counting report " + report.report_id + ": " + counted.error().message);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
    }
  }

private:
  // One attempt: claim the id, add the counts, commit — or roll back all of it.
  Result<RecordedReport, AttemptFailure> count_report(PGconn *conn, const ReportToCount &report,
                                                      const std::vector<std::size_t> &order) {
    if (auto begun = exec(conn, "BEGIN"); !begun) {
      // A pooled connection the server closed while it was idle: nothing was
      // sent, so a fresh connection may try again.
      lost(begun.error());
      return fail(
          AttemptFailure{"cannot start a transaction: " + begun.error().message, begun.error().connection_lost});
    }
    const auto failed = [&](const std::string &what, const PgError &error) {
      roll_back(conn);
      lost(error);
      return AttemptFailure{what + ": " + error.message, error.retryable()};
    };
    auto claimed = Params()
                       .text(report.report_id)
                       .text(report.token_id)
                       .text(report.body_sha256)
                       .integer(report.response_status)
                       .text(report.response_body)
                       .integer(report.received_at)
                       .run_prepared(conn, "claim_report");
    if (!claimed) {
      return fail(failed("storing the report", claimed.error()));
    }
    if (claimed.value().affected() == 0) {
      // Counted before (or just now, by another process): its stored answer.
      auto earlier = Params().text(report.report_id).run_prepared(conn, "find_report");
      if (!earlier) {
        return fail(failed("reading the earlier report", earlier.error()));
      }
      roll_back(conn); // nothing was written
      if (earlier.value().size() != 1) {
        return fail(AttemptFailure{"the earlier report vanished", true});
      }
      RecordedReport recorded;
      recorded.outcome =
          earlier.value().text(0, 0) == report.body_sha256 ? ReportRecording::replayed : ReportRecording::key_reused;
      recorded.response_status = static_cast<int>(earlier.value().integer(0, 1));
      recorded.response_body = earlier.value().text(0, 2);
      return recorded;
    }
    if (fault_) {
      // Tests inject a failure after a given cell: one upsert per cell.
      const std::size_t total = order.size();
      for (std::size_t done = 0; done < total; ++done) {
        const AggregateCell &cell = report.cells[order[done]];
        auto upserted = Params()
                            .text(cell.period)
                            .text(cell.municipality)
                            .text(cell.age_band)
                            .text(cell.checklist)
                            .integer(cell.checklist_version)
                            .text(cell.domain)
                            .text(signal_level_code(cell.level))
                            .text(cell.route)
                            .integer(cell.count)
                            .run_prepared(conn, "upsert_count");
        if (!upserted) {
          return fail(failed("adding a count", upserted.error()));
        }
        if (fault_(done + 1, total)) {
          roll_back(conn);
          return fail(AttemptFailure{
              "injected fault after " + std::to_string(done + 1) + " of " + std::to_string(total) + " cells", false});
        }
      }
    } else if (!order.empty()) {
      auto upserted = upsert_all(conn, report, order);
      if (!upserted) {
        return fail(failed("adding the counts", upserted.error()));
      }
    }
    if (auto committed = exec(conn, "COMMIT"); !committed) {
      // A lost connection here leaves the outcome unknown to us; the device's
      // retry (same id) is answered from the database either way.
      return fail(failed("commit failed", committed.error()));
    }
    return RecordedReport{ReportRecording::counted, report.response_status, report.response_body};
  }

  // The report's cells (sorted by key) as one upsert; equal keys are summed first.
  static Result<Rows, PgError> upsert_all(PGconn *conn, const ReportToCount &report,
                                          const std::vector<std::size_t> &order) {
    std::array<ArrayLiteral, 9> columns;
    const AggregateCell *previous = nullptr;
    std::int64_t sum = 0;
    const auto flush = [&] {
      const AggregateCell &c = *previous;
      columns[0].add(c.period);
      columns[1].add(c.municipality);
      columns[2].add(c.age_band);
      columns[3].add(c.checklist);
      columns[4].add(std::to_string(c.checklist_version));
      columns[5].add(c.domain);
      columns[6].add(signal_level_code(c.level));
      columns[7].add(c.route);
      columns[8].add(std::to_string(sum));
    };
    const auto same_key = [](const AggregateCell &a, const AggregateCell &b) {
      return a.period == b.period && a.municipality == b.municipality && a.age_band == b.age_band &&
             a.checklist == b.checklist && a.checklist_version == b.checklist_version && a.domain == b.domain &&
             a.level == b.level && a.route == b.route;
    };
    for (const std::size_t i : order) {
      const AggregateCell &cell = report.cells[i];
      if (previous != nullptr && same_key(*previous, cell)) {
        sum += cell.count;
        continue;
      }
      if (previous != nullptr) {
        flush();
      }
      previous = &cell;
      sum = cell.count;
    }
    flush();
    Params params;
    for (const ArrayLiteral &column : columns) {
      params.text(column.done());
    }
    return params.run_prepared(conn, "upsert_counts");
  }

  void lost(const PgError &error) {
    if (error.connection_lost) {
      pool_.drop_idle();
    }
  }

  // A read (or a single idempotent write) on a pooled connection; tried once
  // more on a fresh connection when the pooled one turns out to be gone.
  template <class Query> Result<Rows> read(Query query) {
    for (int attempt = 1;; ++attempt) {
      auto lease = pool_.take();
      if (!lease) {
        return fail(lease.error());
      }
      auto rows = query(lease.value().get());
      if (rows) {
        return std::move(rows).value();
      }
      lost(rows.error());
      if (!rows.error().connection_lost || attempt >= 2) {
        return fail(rows.error().message);
      }
    }
  }

  // A single write that must not be repeated blindly: a lost connection may
  // have lost the answer, not the write.
  template <class Query> Result<Rows> write_once(Query query) {
    auto lease = pool_.take();
    if (!lease) {
      return fail(lease.error());
    }
    auto rows = query(lease.value().get());
    if (!rows) {
      lost(rows.error());
      return fail(rows.error().message);
    }
    return std::move(rows).value();
  }

  std::string engine_; // "postgresql 15.20 (Debian ...)"
  ConnectionPool pool_;
  UpsertFault fault_;
};

// Creates or migrates the schema in one transaction under the advisory lock;
// on any refusal or error nothing is changed.
Result<bool> migrate(PGconn *conn) {
  const auto step = [&](const char *what, const Result<Rows, PgError> &result) -> std::optional<std::string> {
    if (result) {
      return std::nullopt;
    }
    roll_back(conn);
    return std::string(what) + ": " + result.error().message;
  };
  if (auto problem = step("starting", exec(conn, "BEGIN"))) {
    return fail(*problem);
  }
  if (auto problem = step("locking the schema",
                          Params().text(kSchemaLockKey).run(conn, "SELECT pg_advisory_xact_lock($1::bigint)"))) {
    return fail(*problem);
  }
  auto exists = exec(conn, "SELECT to_regclass('collector_schema') IS NOT NULL, current_schema()");
  if (auto problem = step("reading the schema", exists)) {
    return fail(*problem);
  }
  const std::string schema = exists.value().text(0, 1);
  int version = 0;
  if (exists.value().text(0, 0) == "t") {
    auto row = exec(conn, "SELECT application, version FROM collector_schema");
    if (!row || row.value().size() != 1 || row.value().text(0, 0) != kApplication) {
      roll_back(conn);
      return fail("schema " + schema +
                  " has a table collector_schema that is not the collector's; it was left"
                  " untouched — pass another database or schema");
    }
    version = static_cast<int>(row.value().integer(0, 1));
    if (version > kSchemaVersion) {
      roll_back(conn);
      return fail("schema " + schema + " has collector schema " + std::to_string(version) +
                  ", newer than this collector (" + std::to_string(kSchemaVersion) + "); upgrade the collector");
    }
  } else {
    if (auto problem =
            step("creating the schema table", exec(conn, "CREATE TABLE collector_schema (application text NOT NULL,"
                                                         " version integer NOT NULL)"))) {
      return fail(*problem + " (schema " + schema + "); nothing was changed");
    }
    if (auto problem = step("creating the schema table",
                            Params().text(kApplication).run(conn, "INSERT INTO collector_schema VALUES ($1, 0)"))) {
      return fail(*problem);
    }
  }
  for (int v = version; v < kSchemaVersion; ++v) {
    if (auto problem = step("migrating", exec(conn, kMigrations[static_cast<std::size_t>(v)]))) {
      return fail(*problem + " (schema " + schema + ", to version " + std::to_string(v + 1) + "); nothing was changed");
    }
    if (auto problem =
            step("migrating", Params().integer(v + 1).run(conn, "UPDATE collector_schema SET version = $1"))) {
      return fail(*problem);
    }
  }
  if (auto problem = step("committing the schema", exec(conn, "COMMIT"))) {
    return fail(*problem);
  }
  return true;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

} // namespace

bool is_postgres_url(std::string_view db) {
  return starts_with(db, "postgresql://") || starts_with(db, "postgres://");
}

std::string redact_postgres_url(std::string_view url) {
  std::string out(url);
  // user:password@host
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto authority_end = out.find_first_of("/?", scheme + 3);
    const auto at = out.rfind('@', authority_end == std::string::npos ? out.size() : authority_end);
    if (at != std::string::npos && at > scheme) {
      const auto colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) {
        out.replace(colon + 1, at - colon - 1, "***");
      }
    }
  }
  // ?password=... or &password=...
  for (const char *key : {"?password=", "&password="}) {
    const auto start = out.find(key);
    if (start != std::string::npos) {
      const auto value = start + std::string_view(key).size();
      const auto end = out.find('&', value);
      out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
    }
  }
  return out;
}

Result<std::unique_ptr<CollectorStore>> open_postgres_collector_store(const std::string &url, UpsertFault fault) {
  const std::string shown = redact_postgres_url(url);
  auto conn = connect(url);
  if (!conn) {
    return fail("database " + shown + ": " + conn.error());
  }
  PGconn *first = conn.value();
  if (auto migrated = migrate(first); !migrated) {
    PQfinish(first);
    return fail("database " + shown + ": " + migrated.error());
  }
  const char *version = PQparameterStatus(first, "server_version");
  const std::string engine = "postgresql " + std::string(version != nullptr ? version : "");
  PQfinish(first); // the schema is there now; pooled connections prepare their statements
  auto pooled = connect_prepared(url);
  if (!pooled) {
    return fail("database " + shown + ": " + pooled.error());
  }
  auto store = std::make_unique<PostgresCollectorStore>(url, engine, std::move(fault));
  store->adopt(pooled.value());
  return std::unique_ptr<CollectorStore>(std::move(store));
}

Result<std::unique_ptr<CollectorStore>> open_collector_store(const std::string &db, UpsertFault fault) {
  if (is_postgres_url(db)) {
    return open_postgres_collector_store(db, std::move(fault));
  }
  return open_sqlite_collector_store(db, std::move(fault));
}

} // namespace veldwijzer::collector
