// collector_store_test.cpp — the collector's SQLite file: created, reopened,
// migrated, and refused (untouched) when it is damaged or someone else's;
// counts summed and filtered; a report counted once, or not at all when the
// transaction fails or the process dies half-way; tokens listed and revoked.
#include "collector_store.h"

#include "temp_folder.h"
#include "upload_fixture.h"

#include <catch_amalgamated.hpp>
#include <sqlite3.h>

#include <fstream>
#include <functional>
#include <sys/wait.h>
#include <unistd.h>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

ReportToCount to_count(const std::string &report_id, const std::string &token_id, std::vector<AggregateCell> cells,
                       const std::string &body_sha256 = "digest-1") {
  ReportToCount r;
  r.report_id = report_id;
  r.token_id = token_id;
  r.body_sha256 = body_sha256;
  r.cells = std::move(cells);
  r.response_body = "{\"answer\": \"" + report_id + "\"}";
  r.received_at = 1700000000;
  return r;
}

std::vector<AggregateCell> hundred_cells() {
  std::vector<AggregateCell> cells;
  for (int i = 0; i < 100; ++i) {
    cells.push_back(test_cell("GM0153", 1, SignalLevel::concern,
                              "2026-" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1),
                              "J" + std::to_string(i / 12 + 1)));
  }
  return cells;
}

} // namespace

TEST_CASE("a new collector database is created in a new folder and reports healthy") {
  TempFolder tmp;
  auto store = open_sqlite_collector_store(tmp.file("nested/var/collector.sqlite3"));
  REQUIRE(store.ok());
  const auto health = store.value()->health();
  CHECK(health.ok);
  CHECK(health.schema_version == 2);
  CHECK(health.engine == std::string("sqlite ") + SQLITE_VERSION);
}

TEST_CASE("a collector database opens again with its schema intact") {
  TempFolder tmp;
  const std::string path = tmp.file("collector.sqlite3");
  REQUIRE(open_sqlite_collector_store(path).ok());
  auto again = open_sqlite_collector_store(path);
  REQUIRE(again.ok());
  CHECK(again.value()->health().schema_version == 2);
}

TEST_CASE("a damaged collector database is refused with advice and left unchanged") {
  TempFolder tmp;
  const std::string path = tmp.file("damaged.sqlite3");
  const std::string garbage(4096, '\x5A');
  std::ofstream(path, std::ios::binary) << garbage;
  auto store = open_sqlite_collector_store(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().find("is damaged or not SQLite") != std::string::npos);
  CHECK(store.error().find("pass another --db") != std::string::npos);
  CHECK(read_bytes(path) == garbage);
}

TEST_CASE("the device's database or another application's is not taken over by the collector") {
  TempFolder tmp;
  const std::string path = tmp.file("other.sqlite3");
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "CREATE TABLE t (x); PRAGMA application_id = 1448561242;", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(db);
  auto store = open_sqlite_collector_store(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().find("belongs to another application") != std::string::npos);
}

TEST_CASE("a schema-1 collector database is migrated to schema 2 and keeps what it had") {
  TempFolder tmp;
  const std::string path = tmp.file("v1.sqlite3");
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  // Exactly what schema 1 was, as shipped.
  REQUIRE(sqlite3_exec(db,
                       "PRAGMA application_id = 1448559436;"
                       "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;"
                       "INSERT INTO meta (key, value) VALUES ('created_at', '2026-01-01T00:00:00Z');"
                       "PRAGMA user_version = 1;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto store = open_sqlite_collector_store(path);
  REQUIRE(store.ok());
  CHECK(store.value()->health().schema_version == 2);
  CHECK(store.value()->counts({}).value().empty());
  store.value().reset();
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt *stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'created_at'", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0))) == "2026-01-01T00:00:00Z");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_CASE("counts are summed per cell key over reports and filtered by month, municipality, checklist and domain") {
  TempFolder tmp;
  auto store = std::move(open_sqlite_collector_store(tmp.file("c.sqlite3"))).value();
  std::string token_id;
  enroll_directly(*store, {"GM0153", "GM0164"}, TokenKind::submit, &token_id);
  REQUIRE(store
              ->record_report(to_count("a", token_id,
                                       {test_cell("GM0153", 3), test_cell("GM0164", 4, SignalLevel::none),
                                        test_cell("GM0153", 1, SignalLevel::concern, "2026-11", "J1")}))
              .ok());
  REQUIRE(store->record_report(to_count("b", token_id, {test_cell("GM0153", 5), test_cell("GM0153", 2)})).ok());

  const auto all = store->counts({}).value();
  REQUIRE(all.size() == 3);
  CHECK(all[0].period == "2026-10");
  CHECK(all[0].municipality == "GM0153");
  CHECK(all[0].count == 10); // 3 + 5 + 2: one row per key
  CHECK(all[0].route == "route-huiselijk-geweld-kindermishandeling");
  CHECK(all[1].municipality == "GM0164");
  CHECK(all[1].level == SignalLevel::none);
  CHECK(all[1].route.empty());
  CHECK(all[2].period == "2026-11");

  const auto rows_where = [&](const std::function<void(CountFilter &)> &set) {
    CountFilter filter;
    set(filter);
    return store->counts(filter).value().size();
  };
  CHECK(rows_where([](CountFilter &f) { f.period_from = "2026-11"; }) == 1);
  CHECK(rows_where([](CountFilter &f) { f.period_to = "2026-10"; }) == 2);
  CHECK(rows_where([](CountFilter &f) { f.municipalities = {"GM0164"}; }) == 1);
  CHECK(rows_where([](CountFilter &f) { f.municipalities = {"GM0164", "GM0153"}; }) == 3);
  CHECK(rows_where([](CountFilter &f) { f.domain = "J1"; }) == 1);
  CHECK(rows_where([](CountFilter &f) { f.checklist = "ouderen-signalering"; }) == 0);
}

TEST_CASE("a report id is counted once: the same body is a replay, another body is a reused key") {
  TempFolder tmp;
  auto store = std::move(open_sqlite_collector_store(tmp.file("c.sqlite3"))).value();
  std::string token_id;
  enroll_directly(*store, {"GM0153"}, TokenKind::submit, &token_id);
  const auto first = store->record_report(to_count("r", token_id, {test_cell("GM0153", 3)}));
  REQUIRE(first.ok());
  CHECK(first.value().outcome == ReportRecording::counted);
  const auto replay = store->record_report(to_count("r", token_id, {test_cell("GM0153", 3)}));
  CHECK(replay.value().outcome == ReportRecording::replayed);
  CHECK(replay.value().response_body == R"({"answer": "r"})");
  CHECK(replay.value().response_status == 200);
  const auto reused = store->record_report(to_count("r", token_id, {test_cell("GM0153", 9)}, "digest-2"));
  CHECK(reused.value().outcome == ReportRecording::key_reused);
  CHECK(store->counts({}).value().at(0).count == 3);
}

TEST_CASE("a transaction that fails after half its upserts counts nothing, and the retry counts once") {
  TempFolder tmp;
  bool fail = true;
  auto store = std::move(open_sqlite_collector_store(tmp.file("c.sqlite3"), [&](std::size_t done, std::size_t n) {
                 return fail && done == n / 2;
               })).value();
  std::string token_id;
  enroll_directly(*store, {"GM0153"}, TokenKind::submit, &token_id);
  const auto failed = store->record_report(to_count("r", token_id, hundred_cells()));
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().find("after 50 of 100 cells") != std::string::npos);
  CHECK(store->counts({}).value().empty());

  fail = false;
  REQUIRE(store->record_report(to_count("r", token_id, hundred_cells())).value().outcome == ReportRecording::counted);
  CHECK(store->record_report(to_count("r", token_id, hundred_cells())).value().outcome == ReportRecording::replayed);
  std::int64_t sum = 0;
  const auto cells = store->counts({}).value();
  for (const auto &cell : cells) {
    sum += cell.count;
  }
  CHECK(sum == 100);
}

TEST_CASE("a collector process killed half-way through counting a report has counted none of it") {
  TempFolder tmp;
  const std::string path = tmp.file("c.sqlite3");
  std::string token_id;
  {
    auto store = std::move(open_sqlite_collector_store(path)).value();
    enroll_directly(*store, {"GM0153"}, TokenKind::submit, &token_id);
    REQUIRE(store->record_report(to_count("before", token_id, {test_cell("GM0153", 7)})).ok());
  }
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child dies inside the transaction, as with kill -9 or a power cut
    // of the process: no rollback, no close.
    auto store = open_sqlite_collector_store(path, [](std::size_t done, std::size_t n) {
      if (done == n / 2) {
        _exit(42);
      }
      return false;
    });
    if (store.ok()) {
      (void)store.value()->record_report(to_count("killed", token_id, hundred_cells()));
    }
    _exit(1);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 42);

  auto store = std::move(open_sqlite_collector_store(path)).value();
  auto counts = store->counts({}).value();
  REQUIRE(counts.size() == 1);
  CHECK(counts[0].count == 7);
  REQUIRE(store->record_report(to_count("killed", token_id, hundred_cells())).value().outcome ==
          ReportRecording::counted);
  std::int64_t sum = 0;
  const auto cells = store->counts({}).value();
  for (const auto &cell : cells) {
    sum += cell.count;
  }
  CHECK(sum == 107);
}

TEST_CASE("tokens are listed with their kind and times, and a revoked token no longer authenticates") {
  TempFolder tmp;
  auto store = std::move(open_sqlite_collector_store(tmp.file("c.sqlite3"))).value();
  std::string device_id;
  std::string team_id;
  const std::string device = enroll_directly(*store, {"GM0153", "GM0164"}, TokenKind::submit, &device_id);
  enroll_directly(*store, {}, TokenKind::read, &team_id);
  REQUIRE(store->authenticate(device).value().has_value());

  auto listed = store->tokens().value();
  REQUIRE(listed.size() == 2);
  const auto &first = listed[0].token_id == device_id ? listed[0] : listed[1];
  CHECK(first.kind == TokenKind::submit);
  CHECK(first.organisation == "GGD Twente JGZ");
  CHECK(first.municipalities == std::vector<std::string>{"GM0153", "GM0164"});
  CHECK(first.created_at > 0);
  CHECK(first.last_used_at.has_value()); // authenticate() noted the use
  CHECK_FALSE(first.revoked_at.has_value());

  CHECK(store->revoke_token(device_id, 1800000000).value() == RevokeOutcome::revoked);
  CHECK_FALSE(store->authenticate(device).value().has_value());
  CHECK(store->revoke_token(device_id, 1800000001).value() == RevokeOutcome::already_revoked);
  CHECK(store->revoke_token("000000000000", 1800000001).value() == RevokeOutcome::unknown);
  const auto after = store->tokens().value();
  for (const auto &t : after) {
    CHECK(t.revoked_at == (t.token_id == device_id ? std::optional<std::int64_t>(1800000000) : std::nullopt));
  }
}
