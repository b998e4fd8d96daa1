// device_upload_test.cpp — the whole path from a nurse's tablet to the
// collector, with the real device code (records, outbox, sync client) and a
// real collector on loopback. Every byte the device sends is captured and
// held against an allow-list written here, independent of the format code:
// the upload may carry codes, enums, integers, the report id and the
// checklist version — nothing else. The server's sums must equal the device's.
#include "enrollment.h"

#include "veldwijzer/local_store.h"
#include "veldwijzer/outbox.h"
#include "veldwijzer/record_store.h"
#include "veldwijzer/sync_client.h"

#include "checklist_fixture.h"
#include "httplib_transport.h"
#include "running_collector.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>

using namespace veldwijzer;

namespace {

constexpr std::int64_t kOctoberVisit = 1'792'058'400; // 2026-10-15
constexpr std::int64_t kLateNovember = 1'795'694'400; // 2026-11-26

// The allow-list, spelled out: field -> the only shape its value may have.
void check_allowed_report(const nlohmann::json &body) {
  static const std::set<std::string> kTop = {"format", "report_id", "cells"};
  static const std::map<std::string, std::regex> kCell = {
      {"period", std::regex("^20[0-9]{2}-(0[1-9]|1[0-2])$")},
      {"municipality", std::regex("^GM[0-9]{4}$")},
      {"age_band", std::regex("^(prenataal|0-3|4-11|12-17|18-64|65-74|75-84|85\\+)$")},
      {"checklist", std::regex("^[a-z0-9]+(-[a-z0-9]+)*$")},
      {"domain", std::regex("^[A-Z][0-9]{1,2}$")},
      {"level", std::regex("^(geen-zorg|aandacht|zorg|acuut)$")},
      {"route", std::regex("^route-[a-z0-9]+(-[a-z0-9]+)*$")}};
  REQUIRE(body.is_object());
  for (const auto &[key, value] : body.items()) {
    INFO("top-level field " << key);
    CHECK(kTop.contains(key));
  }
  CHECK(body["format"] == 1);
  CHECK(std::regex_match(body["report_id"].get<std::string>(), std::regex("^[0-9a-f]{32}$")));
  for (const auto &cell : body["cells"]) {
    for (const auto &[key, value] : cell.items()) {
      INFO("cell field " << key << " = " << value.dump());
      if (key == "checklist_version" || key == "count") {
        CHECK((value.is_number_unsigned() && value.get<std::uint64_t>() >= 1));
      } else {
        REQUIRE(kCell.contains(key));
        REQUIRE(value.is_string());
        CHECK(std::regex_match(value.get<std::string>(), kCell.at(key)));
      }
    }
  }
}

} // namespace

TEST_CASE("a full day of records reaches the collector as allow-listed counts only, each counted once") {
  // One "now" for every part: the code is issued, redeemed and the reports
  // sent and checked on 26 November 2026, whatever the wall clock says.
  CollectorSetup setup;
  setup.hooks.clock = [] { return kLateNovember; };
  RunningCollector collector(std::move(setup));
  const auto issued =
      collector::issue_enrollment_code(collector.store(), {collector::TokenKind::submit, "GGD Twente JGZ", {"GM0153"}},
                                       kLateNovember, "http://127.0.0.1");
  REQUIRE(issued.ok());

  TempFolder device_folder;
  auto opened = LocalStore::open(device_folder.file("device.sqlite3"));
  REQUIRE(opened.ok());
  LocalStore store = std::move(opened).value();
  RecordStore records(store);
  const Checklist c = fixture_checklist();
  std::vector<std::string> secrets = {"Jansen, Pieter", "dossier JGZ-4711", "2026-10-15", "2026-10-16"};
  std::int64_t device_sum = 0;
  std::int64_t out_of_scope_sum = 0;
  for (int i = 0; i < 12; ++i) {
    const std::string municipality = i % 4 == 3 ? "GM0164" : "GM0153"; // Hengelo: not this token's
    auto id =
        records.create(c, fixture_checklist_json(),
                       {municipality, i % 2 ? "0-3" : "4-11", i < 6 ? "2026-10-15" : "2026-10-16"}, kOctoberVisit);
    REQUIRE(id.ok());
    secrets.push_back(id.value());
    REQUIRE(records.set_answer(id.value(), c, "T1.1", i % 3 == 0 ? 1 : 0, kOctoberVisit).ok());
    REQUIRE(records.set_note(id.value(), "Jansen, Pieter", kOctoberVisit).ok());
    REQUIRE(records.set_own_reference(id.value(), "dossier JGZ-4711", kOctoberVisit).ok());
    REQUIRE(records.complete(id.value(), c, kOctoberVisit).ok());
    (municipality == "GM0153" ? device_sum : out_of_scope_sum) += static_cast<std::int64_t>(c.domains.size());
  }

  HttplibTransport transport("127.0.0.1", collector.server->port());
  SyncClient client(
      store, transport, [] { return kLateNovember; }, [] { return 0.5; });
  std::string enroll_error = "not called";
  client.enroll(issued.value().code, [&](const std::string &e) { enroll_error = e; });
  REQUIRE(enroll_error.empty());
  client.sync(true);
  CHECK(client.status().state == SyncStatus::State::done);
  CHECK(client.outbox().pending().value().empty());
  // Replaying the very same report changes nothing on the server.
  const HttpRequest replay = transport.sent.back();

  // What left the device: the enrolment code, then reports.
  REQUIRE(transport.sent.size() >= 2);
  CHECK(nlohmann::json::parse(transport.sent[0].body) == nlohmann::json{{"code", issued.value().code}});
  for (std::size_t i = 1; i < transport.sent.size(); ++i) {
    const HttpRequest &request = transport.sent[i];
    CHECK(request.path == "/api/v1/reports");
    check_allowed_report(nlohmann::json::parse(request.body));
    for (const auto &[name, value] : request.headers) {
      CHECK((name == "Content-Type" || name == "Authorization" || name == "Idempotency-Key"));
    }
    for (const std::string &secret : secrets) {
      INFO("secret " << secret);
      CHECK(request.body.find(secret) == std::string::npos);
      for (const auto &[name, value] : request.headers) {
        CHECK(value.find(secret) == std::string::npos);
      }
    }
  }

  bool replayed = false;
  transport.send(replay, [&](HttpResponse response) {
    CHECK(response.status == 200);
    replayed = true;
  });
  CHECK(replayed);

  // The server holds exactly the in-scope counts, once; Hengelo's were refused per cell and logged.
  const auto counts = collector.store().counts({});
  REQUIRE(counts.ok());
  std::int64_t server_sum = 0;
  for (const AggregateCell &cell : counts.value()) {
    CHECK(cell.municipality == "GM0153");
    server_sum += cell.count;
  }
  CHECK(server_sum == device_sum);
  CHECK(out_of_scope_sum > 0);
  const auto log = client.outbox().log().value();
  REQUIRE_FALSE(log.empty());
  CHECK(log.front().outcome == "cells-rejected");
}
