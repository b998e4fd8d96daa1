// outbox_test.cpp — completed records become counts exactly once, and a report
// leaves the outbox only when the collector acknowledged it.
#include "veldwijzer/http_date.h"
#include "veldwijzer/outbox.h"
#include "veldwijzer/record_store.h"
#include "veldwijzer/sync_client.h"

#include "checklist_fixture.h"
#include "temp_folder.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

#include <deque>

using namespace veldwijzer;

namespace {

// 2026-11-26 12:00 UTC; October is sealed (ended > 3 days ago), November is not.
constexpr std::int64_t kNow = 1'795'694'400;

LocalStore open_store(const std::string &path) {
  auto store = LocalStore::open(path);
  REQUIRE(store.ok());
  return std::move(store).value();
}

std::string completed_record(RecordStore &records, const Checklist &c, const std::string &day, const Answers &answers) {
  auto id = records.create(c, fixture_checklist_json(), {"GM0153", "0-3", day}, kNow);
  REQUIRE(id.ok());
  for (const auto &[item, value] : answers) {
    REQUIRE(records.set_answer(id.value(), c, item, value, kNow).ok());
  }
  REQUIRE(records.complete(id.value(), c, kNow).ok());
  return id.value();
}

// A collector stand-in that answers from a script and keeps every request.
struct ScriptedTransport : HttpTransport {
  std::deque<HttpResponse> answers;
  std::vector<HttpRequest> requests;
  void send(const HttpRequest &request, std::function<void(HttpResponse)> done) override {
    requests.push_back(request);
    REQUIRE_FALSE(answers.empty());
    HttpResponse response = answers.front();
    answers.pop_front();
    if (response.status == 200 && response.body == "ack") {
      const auto report = nlohmann::json::parse(request.body);
      response.body =
          R"({"report_id": ")" + report["report_id"].get<std::string>() + R"(", "status": "accepted", "cells": []})";
    }
    done(response);
  }
};

void enroll(SyncClient &client, ScriptedTransport &transport) {
  transport.answers.push_back({200, R"({"token": "t0k3n", "token_id": "ab12", "organisation": "GGD Twente",
    "municipalities": ["GM0153"], "kind": "submit"})",
                               ""});
  std::string error = "not called";
  client.enroll("ABCD-EFGH-JKLM", [&](const std::string &e) { error = e; });
  REQUIRE(error.empty());
}

} // namespace

TEST_CASE("a month is sealed only some days after it ended, in Dutch local time") {
  const SealPolicy policy{3};
  CHECK(month_is_sealed("2026-10-31", kNow, policy));
  CHECK_FALSE(month_is_sealed("2026-11-01", kNow, policy));
  // 2026-11-03 23:30 UTC is already 2026-11-04 00:30 in Amsterdam.
  CHECK(month_is_sealed("2026-10-15", 1'793'748'600, policy));
  CHECK_FALSE(month_is_sealed("2026-10-15", 1'793'748'600 - 3600, policy));
  CHECK(month_is_sealed("2025-12-31", kNow, policy));
}

TEST_CASE("completed records of a sealed month are counted once into one report and marked verwerkt") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  Outbox outbox(store);
  const Checklist c = fixture_checklist();
  const std::string a = completed_record(records, c, "2026-10-02", {{"T1.1", 1}});
  const std::string b = completed_record(records, c, "2026-10-20", {{"T1.1", 1}, {"T2.1", 1}});
  const std::string november = completed_record(records, c, "2026-11-20", {{"T1.2", 1}});
  auto draft = records.create(c, fixture_checklist_json(), {"GM0153", "0-3", "2026-10-05"}, kNow);
  REQUIRE(draft.ok());

  const auto counted = outbox.count_sealed_records(kNow, {});
  REQUIRE(counted.ok());
  CHECK(counted.value().records == 2);
  CHECK(counted.value().reports == 1);
  CHECK(outbox.records_waiting().value() == 1); // November's record waits

  const auto pending = outbox.pending().value();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].cell_total == 4); // 2 records x 2 domains
  const auto report = decode_report(pending[0].body);
  REQUIRE(report.ok());
  CHECK(report.value().report_id == pending[0].report_id);
  std::int64_t t1_concern = 0;
  for (const AggregateCell &cell : report.value().cells) {
    CHECK(cell.period == "2026-10");
    if (cell.domain == "T1" && cell.level == SignalLevel::concern) {
      t1_concern += cell.count;
      CHECK(cell.route == "route-veilig");
    }
  }
  CHECK(t1_concern == 2);
  // Nothing of the record itself travels: no id, no day, no note.
  CHECK(pending[0].body.find(a) == std::string::npos);
  CHECK(pending[0].body.find("2026-10-02") == std::string::npos);

  // Counting again finds nothing new; the records are verwerkt.
  CHECK(outbox.count_sealed_records(kNow + 60, {}).value().records == 0);
  CHECK(records.load(a).value().summary.status == RecordStatus::counted);
  CHECK(records.load(november).value().summary.status == RecordStatus::completed);
}

TEST_CASE("a report stays in the outbox through failures and leaves on acknowledgement") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  const Checklist c = fixture_checklist();
  completed_record(records, c, "2026-10-02", {{"T1.1", 1}});

  ScriptedTransport transport;
  SyncClient client(
      store, transport, [] { return kNow; }, [] { return 0.5; });
  client.sync(true);
  CHECK(client.status().state == SyncStatus::State::needs_enrollment);
  CHECK(transport.requests.empty());
  enroll(client, transport);

  transport.answers.push_back({0, "", "NetworkError when attempting to fetch resource."});
  client.sync(true);
  CHECK(client.status().state == SyncStatus::State::offline);
  REQUIRE(client.outbox().pending().value().size() == 1);
  CHECK(client.outbox().pending().value()[0].attempts == 1);
  CHECK(client.next_attempt_at() == kNow + 30); // 30 s x (0.5 + 0.5)

  transport.answers.push_back({503, R"({"error": "unavailable", "message": "database busy"})", ""});
  client.sync(true);
  CHECK(client.status().message == "database busy");
  CHECK(client.next_attempt_at() == kNow + 60); // backoff doubled

  // Not due yet: an automatic sync sends nothing, a forced one does.
  client.sync(false);
  CHECK(transport.requests.size() == 3);
  transport.answers.push_back({200, "ack", ""});
  client.sync(true);
  CHECK(client.status().state == SyncStatus::State::done);
  CHECK(client.status().sent == 1);
  CHECK(client.outbox().pending().value().empty());
  CHECK(client.outbox().log().value().front().outcome == "accepted");

  // Every retry was the same report, byte for byte, under the same key.
  REQUIRE(transport.requests.size() == 4);
  for (std::size_t i = 2; i < transport.requests.size(); ++i) {
    CHECK(transport.requests[i].body == transport.requests[1].body);
    CHECK(transport.requests[i].headers.at("Idempotency-Key") == transport.requests[1].headers.at("Idempotency-Key"));
    CHECK(transport.requests[i].headers.at("Authorization") == "Bearer t0k3n");
  }
}

TEST_CASE("a revoked token keeps the report and asks for a new enrolment") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  completed_record(records, fixture_checklist(), "2026-10-02", {});
  ScriptedTransport transport;
  SyncClient client(
      store, transport, [] { return kNow; }, [] { return 0.0; });
  enroll(client, transport);
  transport.answers.push_back({401, R"({"error": "unauthorized", "message": "token ingetrokken"})", ""});
  client.sync(true);
  CHECK(client.status().state == SyncStatus::State::needs_enrollment);
  CHECK(client.status().message == "token ingetrokken");
  CHECK(client.outbox().pending().value().size() == 1);
}

TEST_CASE("a body the collector refuses leaves the outbox with its reason logged") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  completed_record(records, fixture_checklist(), "2026-10-02", {});
  ScriptedTransport transport;
  SyncClient client(
      store, transport, [] { return kNow; }, [] { return 0.0; });
  enroll(client, transport);
  transport.answers.push_back({400, R"({"error": "bad_report", "message": "/cells/0/domain: onbekend"})", ""});
  client.sync(true);
  CHECK(client.outbox().pending().value().empty());
  const auto log = client.outbox().log().value();
  REQUIRE_FALSE(log.empty());
  CHECK(log.front().outcome == "rejected");
  CHECK(log.front().message == "/cells/0/domain: onbekend");
}

TEST_CASE("an enrolment code the collector refuses stores no token") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  ScriptedTransport transport;
  SyncClient client(
      store, transport, [] { return kNow; }, [] { return 0.0; });
  transport.answers.push_back({410, R"({"error": "code_used", "message": "deze code is al gebruikt"})", ""});
  std::string error;
  client.enroll("ABCD", [&](const std::string &e) { error = e; });
  CHECK(error == "deze code is al gebruikt");
  CHECK_FALSE(client.enrollment().has_value());
  transport.answers.push_back({200, R"({"token": "r", "kind": "read"})", ""});
  client.enroll("ABCD", [&](const std::string &e) { error = e; });
  CHECK_FALSE(error.empty()); // a data-team token is no device token
  CHECK_FALSE(client.enrollment().has_value());
}

TEST_CASE("a month is sealed, open or in the future by the same rule on the device and at the collector") {
  const SealPolicy policy{3};
  // kNow is 2026-11-26 13:00 in Amsterdam.
  CHECK(period_state("2026-10", kNow, policy) == PeriodState::sealed);
  CHECK(period_state("2026-11", kNow, policy) == PeriodState::open);
  CHECK(period_state("2026-12", kNow, policy) == PeriodState::future);
  CHECK(period_state("2031-05", kNow, policy) == PeriodState::future);
  CHECK(period_state("2000-01", kNow, policy) == PeriodState::sealed);
  CHECK(period_state("not a month", kNow, policy) == PeriodState::open);
  // Sealed at the start of the 4th in Amsterdam: the UTC midnight of that day is at or after it.
  CHECK(period_sealed_at("2026-11", policy) == 1'796'342'400); // 2026-12-04 00:00 UTC
  CHECK(period_state("2026-11", period_sealed_at("2026-11", policy), policy) == PeriodState::sealed);
  CHECK(period_state("2026-12", period_sealed_at("2026-12", policy) - 3 * 3600, policy) == PeriodState::open);
  CHECK(period_sealed_at("2026-12", policy) == 1'799'020'800); // 2027-01-04 00:00 UTC, across the year end
}

TEST_CASE("the HTTP Date header is written and read as IMF-fixdate; anything else is not a date") {
  CHECK(http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(http_date(1'796'644'800) == "Mon, 07 Dec 2026 12:00:00 GMT");
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  for (std::int64_t t : {0LL, 951'782'400LL, 1'796'644'800LL, 4'102'444'799LL}) {
    CHECK(parse_http_date(http_date(t)) == t);
  }
  CHECK_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sun Nov  6 08:49:37 1994"));
  CHECK_FALSE(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
  CHECK_FALSE(parse_http_date(""));
}

TEST_CASE("the device compares its clock with the collector's Date and keeps the last difference") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  ScriptedTransport transport;
  std::int64_t now = kNow;
  SyncClient client(
      store, transport, [&] { return now; }, [] { return 0.5; });
  CHECK_FALSE(client.clock_check());

  // A few seconds apart: in step.
  HttpResponse answer{200, R"({"token": "t0k3n", "token_id": "ab12", "organisation": "GGD Twente",
    "municipalities": ["GM0153"], "kind": "submit"})",
                      ""};
  answer.headers["date"] = http_date(kNow - 3);
  transport.answers.push_back(answer);
  client.enroll("ABCD-EFGH-JKLM", [](const std::string &) {});
  REQUIRE(client.clock_check());
  CHECK(client.clock_check()->skew_s == 0);
  CHECK_FALSE(client.clock_check()->wrong());

  // The tablet's date is a year ahead: every answer says so, also a refusal.
  now = kNow + 365 * 86400;
  HttpResponse refused{401, R"({"error": "invalid_token", "message": "unknown"})", ""};
  refused.headers["date"] = http_date(kNow);
  transport.answers.push_back(refused);
  client.enroll("ABCD-EFGH-JKLM", [](const std::string &) {});
  CHECK(client.clock_check()->skew_s == 365 * 86400);
  CHECK(client.clock_check()->measured_at == now);
  CHECK(client.clock_check()->wrong());

  // Eleven minutes behind is wrong, nine is not; a malformed Date changes nothing.
  now = kNow;
  refused.headers["date"] = http_date(kNow + 11 * 60);
  transport.answers.push_back(refused);
  client.enroll("ABCD-EFGH-JKLM", [](const std::string &) {});
  CHECK(client.clock_check()->skew_s == -11 * 60);
  CHECK(client.clock_check()->wrong());
  refused.headers["date"] = http_date(kNow + 9 * 60);
  transport.answers.push_back(refused);
  client.enroll("ABCD-EFGH-JKLM", [](const std::string &) {});
  CHECK_FALSE(client.clock_check()->wrong());
  refused.headers["date"] = "yesterday";
  transport.answers.push_back(refused);
  client.enroll("ABCD-EFGH-JKLM", [](const std::string &) {});
  CHECK(client.clock_check()->skew_s == -9 * 60);
}
