// postgres_store_test.cpp — what only the PostgreSQL store has to prove: its
// schema on first start, refusing someone else's, several collector servers
// on one database counting each report once, a lost connection answered 503
// with nothing counted, the admin commands on a postgresql:// --db, and a
// collector that cannot reach its database refusing to start.
//
// Everything else the store must do is proven by the whole collector suite
// running against it (ctest's *_postgres entries). Tests that need a database
// skip without VELDWIJZER_TEST_POSTGRES (postgres_cluster.sh sets it).
#include "postgres_collector_store.h"
#include "running_collector.h"
#include "upload_fixture.h"

#include <catch_amalgamated.hpp>
#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <random>
#include <set>
#include <sys/wait.h>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

std::string require_postgres() {
  const auto url = test_postgres_url();
  if (!url) {
    SKIP("VELDWIJZER_TEST_POSTGRES is not set (ctest's collector_postgres_tests starts a cluster for it)");
  }
  return *url;
}

// Runs one statement on its own connection and returns the first value.
std::string sql_value(const std::string &url, const std::string &sql) {
  PGconn *conn = PQconnectdb(url.c_str());
  REQUIRE(PQstatus(conn) == CONNECTION_OK);
  PGresult *result = PQexec(conn, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  INFO(sql << ": " << PQresultErrorMessage(result));
  const bool ok = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
  const std::string value = ok && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  PQclear(result);
  PQfinish(conn);
  REQUIRE(ok);
  return value;
}

struct Exit {
  int code = -1;
  std::string output;
};

Exit run_collector(const std::vector<std::string> &args) {
  std::string command = VELDWIJZER_COLLECTOR_BINARY;
  for (const std::string &arg : args) {
    std::string quoted = "'";
    for (const char c : arg) {
      quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    command += " " + quoted + "'";
  }
  command += " 2>&1";
  Exit result;
  FILE *pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
    result.output += buffer;
  }
  const int status = pclose(pipe);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

AckStatus ack_status(const httplib::Result &res) {
  REQUIRE(res);
  INFO(res->status << " " << res->body);
  REQUIRE(res->status == 200);
  auto ack = decode_ack(res->body);
  REQUIRE(ack.ok());
  return ack.value().status;
}

} // namespace

TEST_CASE("a PostgreSQL store creates its schema on first start, reports its engine and opens again") {
  const std::string base = require_postgres();
  TempFolder tmp;
  const std::string db = test_database(tmp.file("collector.sqlite3"));
  {
    auto store = open_collector_store(db);
    INFO((store ? std::string() : store.error()));
    REQUIRE(store.ok());
    const StoreHealth health = store.value()->health();
    CHECK(health.ok);
    CHECK(health.schema_version == 2);
    CHECK(health.engine.rfind("postgresql 15.", 0) == 0);
    const std::string token = enroll_directly(*store.value(), {"GM0153"});
    // Only digests are kept: the token is in no row of any table, its SHA-256 is.
    for (const char *table : {"tokens", "enrollment_codes", "reports", "counts", "meta"}) {
      CHECK(sql_value(db, std::string("SELECT count(*) FROM ") + table + " t WHERE t::text LIKE '%" + token + "%'") ==
            "0");
    }
    CHECK(sql_value(db, "SELECT count(*) FROM tokens WHERE token_sha256 = '" + sha256_hex(token) + "'") == "1");
  }
  auto again = open_collector_store(db);
  REQUIRE(again.ok());
  CHECK(again.value()->tokens().value().size() == 1);
  CHECK(sql_value(db, "SELECT application || ' ' || version FROM collector_schema") == "veldwijzer-collector 2");

  RunningCollector collector;
  auto res = collector.client().Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  const auto body = nlohmann::json::parse(res->body);
  CHECK(body["database"]["engine"].get<std::string>().rfind("postgresql 15.", 0) == 0);
  CHECK(body["database"]["schema_version"] == 2);
}

TEST_CASE("a PostgreSQL schema that is someone else's, or newer than the collector, is refused and left untouched") {
  const std::string base = require_postgres();
  TempFolder tmp;
  const std::string foreign = test_database(tmp.file("foreign.sqlite3"));
  (void)sql_value(foreign, "CREATE TABLE collector_schema (application text, version integer);"
                           "INSERT INTO collector_schema VALUES ('another-app', 7)");
  auto refused = open_collector_store(foreign);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().find("is not the collector's") != std::string::npos);
  CHECK(sql_value(foreign, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") == "1");

  const std::string newer = test_database(tmp.file("newer.sqlite3"));
  REQUIRE(open_collector_store(newer).ok());
  (void)sql_value(newer, "UPDATE collector_schema SET version = 3");
  auto too_new = open_collector_store(newer);
  REQUIRE_FALSE(too_new.ok());
  CHECK(too_new.error().find("newer than this collector (2); upgrade the collector") != std::string::npos);

  const std::string taken = test_database(tmp.file("taken.sqlite3"));
  (void)sql_value(taken, "CREATE TABLE counts (x integer)");
  auto clash = open_collector_store(taken);
  REQUIRE_FALSE(clash.ok());
  CHECK(clash.error().find("nothing was changed") != std::string::npos);
  CHECK(sql_value(taken, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") == "1");
}

TEST_CASE("two collectors on one PostgreSQL database count the same reports, sent alternately and at once, once") {
  require_postgres();
  RunningCollector first;
  CollectorSetup shared;
  shared.db = first.db;
  RunningCollector second(shared);
  const std::vector<std::string> municipalities = {"GM0153", "GM0164"};
  const std::string token = enroll_directly(first.store(), municipalities);
  std::mt19937_64 rng(20261127);
  CountsByKey sent;

  // Alternately: the retry of a report reaches the other collector.
  auto a = first.client();
  auto b = second.client();
  for (int i = 0; i < 20; ++i) {
    const Report report = random_report(rng, municipalities, 12);
    add_counts(sent, report.cells);
    httplib::Client &one = i % 2 == 0 ? a : b;
    httplib::Client &other = i % 2 == 0 ? b : a;
    CHECK(ack_status(post_report(one, token, report)) == AckStatus::accepted);
    CHECK(ack_status(post_report(other, token, report)) == AckStatus::duplicate);
    CHECK(ack_status(post_report(one, token, report)) == AckStatus::duplicate);
  }
  CHECK(stored_counts(second.store()) == sent);

  // At once: both collectors receive each report at the same moment, from
  // two devices' worth of connections; exactly one of them counts it.
  std::vector<Report> reports;
  for (int i = 0; i < 40; ++i) {
    reports.push_back(random_report(rng, municipalities, 12));
    add_counts(sent, reports.back().cells);
  }
  std::atomic<int> accepted{0};
  std::atomic<int> duplicates{0};
  std::atomic<int> other{0};
  std::atomic<std::size_t> ready{0};
  const auto send_all = [&](RunningCollector &collector) {
    auto client = collector.client();
    for (std::size_t i = 0; i < reports.size(); ++i) {
      // Meet the other sender before each report, so they race for real.
      ready.fetch_add(1);
      while (ready.load() < 2 * (i + 1)) {
        std::this_thread::yield();
      }
      auto res = post_report(client, token, reports[i]);
      const auto status = res && res->status == 200 ? decode_ack(res->body) : Result<ReportAck>(fail("no answer"));
      if (!status) {
        ++other;
      } else if (status.value().status == AckStatus::accepted) {
        ++accepted;
      } else if (status.value().status == AckStatus::duplicate) {
        ++duplicates;
      } else {
        ++other;
      }
    }
  };
  std::thread to_first([&] { send_all(first); });
  std::thread to_second([&] { send_all(second); });
  to_first.join();
  to_second.join();
  CHECK(other == 0);
  CHECK(accepted == 40);
  CHECK(duplicates == 40);
  CHECK(stored_counts(first.store()) == sent);
  CHECK(stored_counts(second.store()) == sent);
}

TEST_CASE("an enrollment code redeemed on two collectors at once yields one token") {
  require_postgres();
  RunningCollector first;
  CollectorSetup shared;
  shared.db = first.db;
  RunningCollector second(shared);
  for (int round = 0; round < 5; ++round) {
    auto issued = issue_enrollment_code(first.store(), {TokenKind::submit, "GGD", {"GM0153"}}, std::time(nullptr),
                                        "http://localhost");
    REQUIRE(issued.ok());
    const std::string body = nlohmann::json{{"code", issued.value().code}}.dump();
    std::atomic<int> enrolled{0};
    const auto redeem = [&](RunningCollector &collector) {
      auto res = collector.client().Post("/api/v1/enroll", body, "application/json");
      enrolled += res && res->status == 200 ? 1 : 0;
    };
    std::thread one([&] { redeem(first); });
    std::thread two([&] { redeem(second); });
    one.join();
    two.join();
    CHECK(enrolled == 1);
  }
  CHECK(first.store().tokens().value().size() == 5);
}

TEST_CASE("a PostgreSQL connection lost while counting answers 503 and counts nothing; the retry counts once") {
  const std::string base = require_postgres();
  // Our own application_name, so only this test's connections are cut.
  const std::string name = "vw-lost-" + std::to_string(std::random_device{}());
  std::atomic<bool> cut_once{true};
  std::string cut; // how many connections were cut (checked on this thread: Catch2 asserts are not thread-safe)
  CollectorSetup setup;
  setup.fault = [&](std::size_t done, std::size_t) {
    if (done == 1 && cut_once.exchange(false)) {
      PGconn *admin = PQconnectdb(base.c_str());
      const std::string sql = "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
                              " WHERE application_name = '" +
                              name + "'";
      PGresult *result = PQexec(admin, sql.c_str());
      cut = PQresultStatus(result) == PGRES_TUPLES_OK ? PQgetvalue(result, 0, 0) : PQerrorMessage(admin);
      PQclear(result);
      PQfinish(admin);
    }
    return false; // no injected fault: the connection is gone
  };
  TempFolder tmp;
  setup.db = test_database(tmp.file("lost.sqlite3")) + "&application_name=" + name;
  RunningCollector collector(setup);
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164"});
  auto client = collector.client();
  std::mt19937_64 rng(9);
  const Report report = random_report(rng, {"GM0153", "GM0164"}, 8);

  auto failed = post_report(client, token, report);
  REQUIRE(failed);
  CHECK(std::atoi(cut.c_str()) >= 1);
  CHECK(failed->status == 503);
  const auto error = nlohmann::json::parse(failed->body);
  CHECK(error["error"] == "store_unavailable");
  CHECK(error["message"].get<std::string>().find("counting report " + report.report_id) != std::string::npos);
  CHECK(total(stored_counts(collector.store())) == 0);

  CHECK(ack_status(post_report(client, token, report)) == AckStatus::accepted);
  CountsByKey sent;
  add_counts(sent, report.cells);
  CHECK(stored_counts(collector.store()) == sent);
  CHECK(ack_status(post_report(client, token, report)) == AckStatus::duplicate);
}

TEST_CASE("the admin commands work on a postgresql:// database, and backup points to pg_dump") {
  require_postgres();
  TempFolder tmp;
  const std::string db = test_database(tmp.file("admin.sqlite3"));
  const std::string assets = write_fixture_assets(tmp.path / "assets").string();

  const Exit issued = run_collector(
      {"enroll-code", "--org", "GGD Twente JGZ", "--municipalities", "GM0153", "--db", db, "--assets", assets});
  INFO(issued.output);
  REQUIRE(issued.code == 0);
  CHECK(issued.output.find("grants   submit token (device) for GGD Twente JGZ: GM0153") != std::string::npos);

  std::string token_id;
  {
    auto store = open_collector_store(db);
    REQUIRE(store.ok());
    enroll_directly(*store.value(), {"GM0153"}, TokenKind::submit, &token_id);
    ReportToCount report;
    report.report_id = "0123456789abcdef0123456789abcdef";
    report.token_id = token_id;
    report.body_sha256 = "digest";
    report.cells = {test_cell("GM0153", 12, SignalLevel::concern, "2026-10", "J4")};
    report.response_body = "{}";
    REQUIRE(store.value()->record_report(report).ok());
  }
  const Exit listed = run_collector({"tokens", "--db", db});
  INFO(listed.output);
  CHECK(listed.code == 0);
  CHECK(listed.output.find(token_id) != std::string::npos);

  const Exit revoked = run_collector({"revoke", token_id, "--db", db});
  CHECK(revoked.code == 0);
  CHECK(run_collector({"revoke", token_id, "--db", db}).output.find("already revoked") != std::string::npos);

  const Exit exported = run_collector({"export", "--format", "json", "--db", db, "--assets", assets});
  INFO(exported.output);
  CHECK(exported.code == 0);
  CHECK(exported.output.find("GM0153") != std::string::npos);

  const Exit backup = run_collector({"backup", "--db", db, "--to", tmp.file("copy.sqlite3")});
  CHECK(backup.code == 1);
  CHECK(backup.output.find("is a PostgreSQL database; back it up with pg_dump") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.file("copy.sqlite3")));
  CHECK(run_collector({"backup", "--db", db}).code == 1); // --to or not: the same advice
}

TEST_CASE("a collector that cannot reach its PostgreSQL database refuses to start and says why, without the password") {
  TempFolder tmp;
  std::filesystem::create_directories(tmp.path / "web");
  write_bytes(tmp.file("web/index.html"), "<!doctype html>");
  const std::string assets = write_fixture_assets(tmp.path / "assets").string();
  const Exit exit = run_collector({"--port", "1", "--web-root", tmp.file("web"), "--assets", assets, "--db",
                                   "postgresql://collector:s3cret@/veldwijzer?host=" + tmp.file("no-server")});
  INFO(exit.output);
  CHECK(exit.code == 1);
  CHECK(exit.output.find("cannot connect") != std::string::npos);
  CHECK(exit.output.find("no-server/.s.PGSQL.5432") != std::string::npos);
  CHECK(exit.output.find("postgresql://collector:***@/veldwijzer") != std::string::npos);
  CHECK(exit.output.find("s3cret") == std::string::npos);
  CHECK(exit.output.find("listening") == std::string::npos);
}

TEST_CASE("a --db value selects PostgreSQL only for a postgresql:// or postgres:// URL") {
  CHECK(is_postgres_url("postgresql://u@h/db"));
  CHECK(is_postgres_url("postgres:///db?host=/tmp"));
  CHECK_FALSE(is_postgres_url("var/collector.sqlite3"));
  CHECK_FALSE(is_postgres_url("postgresql.sqlite3"));
  CHECK_FALSE(is_postgres_url("./postgres://x"));
  CHECK(redact_postgres_url("postgresql://u:pw@h:5432/db?sslmode=require") ==
        "postgresql://u:***@h:5432/db?sslmode=require");
  CHECK(redact_postgres_url("postgresql://u@h/db?password=pw&port=5") == "postgresql://u@h/db?password=***&port=5");
  CHECK(redact_postgres_url("postgresql://h/db") == "postgresql://h/db");
}

TEST_CASE("a report's cells with equal keys add up, and any text in a key survives the PostgreSQL upsert") {
  require_postgres();
  TempFolder tmp;
  auto opened = open_test_collector_store(tmp.file("keys.sqlite3"));
  REQUIRE(opened.ok());
  CollectorStore &store = *opened.value();
  std::string token_id;
  enroll_directly(store, {"GM0153"}, TokenKind::submit, &token_id);
  // Quotes, backslashes, commas and braces are what an array literal must escape.
  const std::string odd_route = "route \"a\", {b} \\c\\ 'd'";
  ReportToCount report;
  report.report_id = "00000000000000000000000000000001";
  report.token_id = token_id;
  report.body_sha256 = "digest";
  report.cells = {test_cell("GM0153", 3), test_cell("GM0153", 4), test_cell("GM0153", 5, SignalLevel::acute)};
  report.cells[2].route = odd_route;
  report.response_body = "{}";
  REQUIRE(store.record_report(report).ok());
  const auto cells = store.counts({});
  REQUIRE(cells.ok());
  REQUIRE(cells.value().size() == 2);
  // Ordered by key in byte order, as SQLite does: level "acuut" before "zorg".
  CHECK(cells.value()[0].level == SignalLevel::acute);
  CHECK(cells.value()[0].route == odd_route);
  CHECK(cells.value()[0].count == 5);
  CHECK(cells.value()[1].level == SignalLevel::concern);
  CHECK(cells.value()[1].count == 7);
}
