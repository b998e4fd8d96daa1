// report_intake_test.cpp — POST /api/v1/reports over real HTTP: who may
// submit, the Idempotency-Key rules (replay, 422, 409), per-cell scope, a
// failing store, and what /metrics says afterwards.
#include "report_intake.h"
#include "running_collector.h"
#include "upload_fixture.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <future>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

Report two_cell_report(const std::string &id, const std::string &second_municipality = "GM0164") {
  return Report{id, {test_cell("GM0153", 3), test_cell(second_municipality, 2, SignalLevel::none)}};
}

const std::string kReportId = "0123456789abcdef0123456789abcdef";

} // namespace

TEST_CASE("a report from an enrolled device is counted once and acknowledged cell by cell") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164"});
  auto client = collector.client();
  auto res = post_report(client, token, two_cell_report(kReportId));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK_FALSE(res->has_header("Idempotent-Replayed"));
  auto ack = decode_ack(res->body);
  REQUIRE(ack.ok());
  CHECK(ack.value().report_id == kReportId);
  CHECK(ack.value().status == AckStatus::accepted);
  REQUIRE(ack.value().cells.size() == 2);
  CHECK(ack.value().cells[0].status == AckStatus::accepted);
  CHECK(ack.value().cells[1].status == AckStatus::accepted);
  CHECK(total(stored_counts(collector.store())) == 5);
}

TEST_CASE("a report without a token, or with an unknown one, is refused with 401") {
  RunningCollector collector;
  auto client = collector.client();
  const std::string body = encode_report(two_cell_report(kReportId));
  auto none = client.Post("/api/v1/reports", {{"Idempotency-Key", kReportId}}, body, "application/json");
  REQUIRE(none);
  CHECK(none->status == 401);
  CHECK(none->get_header_value("WWW-Authenticate") == "Bearer");
  CHECK(nlohmann::json::parse(none->body)["error"] == "missing_token");

  for (const std::string &token : {new_token(), std::string("not-a-token"), std::string()}) {
    auto res = post_report(client, token, body, kReportId);
    REQUIRE(res);
    CHECK(res->status == 401);
  }
  CHECK(total(stored_counts(collector.store())) == 0);
}

TEST_CASE("a revoked token is refused with 401 on its next report") {
  RunningCollector collector;
  std::string token_id;
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164"}, TokenKind::submit, &token_id);
  auto client = collector.client();
  REQUIRE(post_report(client, token, two_cell_report(kReportId))->status == 200);
  REQUIRE(collector.store().revoke_token(token_id, std::time(nullptr)).value() == RevokeOutcome::revoked);
  auto res = post_report(client, token, two_cell_report("1123456789abcdef0123456789abcdef"));
  REQUIRE(res);
  CHECK(res->status == 401);
  CHECK(nlohmann::json::parse(res->body)["error"] == "invalid_token");
  CHECK(total(stored_counts(collector.store())) == 5);
}

TEST_CASE("a read token (the data team's) cannot submit reports: 403") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164"}, TokenKind::read);
  auto client = collector.client();
  auto res = post_report(client, token, two_cell_report(kReportId));
  REQUIRE(res);
  CHECK(res->status == 403);
  CHECK(nlohmann::json::parse(res->body)["error"] == "read_token");
  CHECK(total(stored_counts(collector.store())) == 0);
}

TEST_CASE("a report without Idempotency-Key, or with a key that is not its report_id, is refused with 400") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164"});
  auto client = collector.client();
  const std::string body = encode_report(two_cell_report(kReportId));
  auto missing = client.Post("/api/v1/reports", {{"Authorization", "Bearer " + token}}, body, "application/json");
  REQUIRE(missing);
  CHECK(missing->status == 400);
  CHECK(nlohmann::json::parse(missing->body)["error"] == "missing_idempotency_key");

  auto other = post_report(client, token, body, "ffffffffffffffffffffffffffffffff");
  REQUIRE(other);
  CHECK(other->status == 400);
  CHECK(nlohmann::json::parse(other->body)["error"] == "idempotency_key_mismatch");
  CHECK(total(stored_counts(collector.store())) == 0);
}

TEST_CASE("a report the format refuses is a 400 whose message names the JSON path") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0153"});
  auto client = collector.client();
  std::string body = encode_report(Report{kReportId, {test_cell("GM0153", 3)}});
  body.replace(body.find("2026-10"), 7, "2026-10-03");
  auto res = post_report(client, token, body, kReportId);
  REQUIRE(res);
  CHECK(res->status == 400);
  const auto error = nlohmann::json::parse(res->body);
  CHECK(error["error"] == "bad_report");
  CHECK(error["message"] == "/cells/0/period: must be a month, YYYY-MM");
}

TEST_CASE("a retry with the same key and body gets the stored answer as a duplicate and is not counted again") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0153"});
  auto client = collector.client();
  const Report report = two_cell_report(kReportId); // the second cell is out of scope
  auto first = post_report(client, token, report);
  REQUIRE(first);
  REQUIRE(first->status == 200);
  for (int i = 0; i < 3; ++i) {
    auto again = post_report(client, token, report);
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(again->get_header_value("Idempotent-Replayed") == "true");
    auto ack = decode_ack(again->body);
    REQUIRE(ack.ok());
    CHECK(ack.value().status == AckStatus::duplicate);
    // Apart from the status, the answer is the stored one: same cells, same reasons.
    auto stored = nlohmann::json::parse(first->body);
    stored["status"] = "duplicate";
    CHECK(nlohmann::json::parse(again->body) == stored);
  }
  CHECK(total(stored_counts(collector.store())) == 3);
}

TEST_CASE("the same key with a different body is refused with 422 and nothing is added") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164"});
  auto client = collector.client();
  REQUIRE(post_report(client, token, two_cell_report(kReportId))->status == 200);
  Report changed = two_cell_report(kReportId);
  changed.cells[0].count = 30;
  auto res = post_report(client, token, changed);
  REQUIRE(res);
  CHECK(res->status == 422);
  CHECK(nlohmann::json::parse(res->body)["error"] == "idempotency_key_reused");
  CHECK(total(stored_counts(collector.store())) == 5);
}

TEST_CASE("a retry while the first attempt is still being counted is refused with 409, then answered") {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> calls{0};
  CollectorHooks hooks;
  hooks.intake.before_store = [&](const std::string &) {
    if (calls.fetch_add(1) == 0) {
      entered.set_value();
      released.wait(); // hold the first attempt inside the intake
    }
  };
  CollectorSetup setup;
  setup.hooks = hooks;
  RunningCollector collector(setup);
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164"});
  const Report report = two_cell_report(kReportId);

  auto first = std::async(std::launch::async, [&] {
    auto client = collector.client();
    return post_report(client, token, report);
  });
  entered.get_future().wait();
  auto client = collector.client();
  auto during = post_report(client, token, report);
  REQUIRE(during);
  CHECK(during->status == 409);
  CHECK(during->get_header_value("Retry-After") == "1");
  CHECK(nlohmann::json::parse(during->body)["error"] == "in_progress");

  release.set_value();
  auto held = first.get();
  REQUIRE(held);
  CHECK(held->status == 200);
  CHECK(decode_ack(held->body).value().status == AckStatus::accepted);

  auto after = post_report(client, token, report);
  REQUIRE(after);
  CHECK(after->status == 200);
  CHECK(decode_ack(after->body).value().status == AckStatus::duplicate);
  CHECK(total(stored_counts(collector.store())) == 5);
}

TEST_CASE("a cell for a municipality outside the token's list is rejected with a reason; the others count") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0153"});
  auto client = collector.client();
  auto res = post_report(client, token, two_cell_report(kReportId, "GM0183"));
  REQUIRE(res);
  CHECK(res->status == 200);
  const auto ack = decode_ack(res->body).value();
  CHECK(ack.status == AckStatus::accepted);
  REQUIRE(ack.cells.size() == 2);
  CHECK(ack.cells[0].status == AckStatus::accepted);
  CHECK(ack.cells[1].status == AckStatus::rejected);
  CHECK(ack.cells[1].reason == "GM0183 is not one of the municipalities this device may report for (GM0153)");
  const auto counts = collector.store().counts({}).value();
  REQUIRE(counts.size() == 1);
  CHECK(counts[0].municipality == "GM0153");
  CHECK(counts[0].count == 3);
}

TEST_CASE("a report with no cell in the token's municipalities is rejected, and a retry hears the same") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0164"});
  auto client = collector.client();
  const Report report{kReportId, {test_cell("GM0153", 3)}};
  auto res = post_report(client, token, report);
  REQUIRE(res);
  CHECK(res->status == 200);
  auto ack = decode_ack(res->body).value();
  CHECK(ack.status == AckStatus::rejected);
  CHECK(ack.reason.find("nothing was counted") != std::string::npos);
  auto again = post_report(client, token, report);
  REQUIRE(again);
  CHECK(again->body == res->body);
  CHECK(again->get_header_value("Idempotent-Replayed") == "true");
  CHECK(total(stored_counts(collector.store())) == 0);
}

TEST_CASE("after the commit a 5xx from the server does not lose or double the count on retry") {
  std::atomic<bool> fail_once{true};
  CollectorHooks hooks;
  hooks.intake.after_commit = [&](const std::string &) { return fail_once.exchange(false) ? 503 : 0; };
  CollectorSetup setup;
  setup.hooks = hooks;
  RunningCollector collector(setup);
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164"});
  auto client = collector.client();
  auto failed = post_report(client, token, two_cell_report(kReportId));
  REQUIRE(failed);
  CHECK(failed->status == 503);
  auto retried = post_report(client, token, two_cell_report(kReportId));
  REQUIRE(retried);
  CHECK(retried->status == 200);
  CHECK(decode_ack(retried->body).value().status == AckStatus::duplicate);
  CHECK(total(stored_counts(collector.store())) == 5);
}

TEST_CASE("a database failure while counting answers 503 and counts nothing; the retry counts once") {
  std::atomic<bool> fail_once{true};
  CollectorSetup setup;
  setup.fault = [&](std::size_t done, std::size_t total_cells) {
    return done * 2 >= total_cells && fail_once.exchange(false);
  };
  RunningCollector collector(setup);
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164"});
  auto client = collector.client();
  auto failed = post_report(client, token, two_cell_report(kReportId));
  REQUIRE(failed);
  CHECK(failed->status == 503);
  CHECK(failed->get_header_value("Retry-After") == "5");
  CHECK(nlohmann::json::parse(failed->body)["error"] == "store_unavailable");
  CHECK(total(stored_counts(collector.store())) == 0);
  CHECK(collector.server->metrics().prometheus_text().find("veldwijzer_store_errors_total 1\n") != std::string::npos);

  auto retried = post_report(client, token, two_cell_report(kReportId));
  REQUIRE(retried);
  CHECK(retried->status == 200);
  CHECK(decode_ack(retried->body).value().status == AckStatus::accepted);
  CHECK(total(stored_counts(collector.store())) == 5);
}

TEST_CASE("/metrics counts requests by route and status, reports by outcome, cells and store errors") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0153"});
  auto client = collector.client();
  REQUIRE(post_report(client, token, two_cell_report(kReportId, "GM0183"))->status == 200); // 1 cell counted
  REQUIRE(post_report(client, token, two_cell_report(kReportId, "GM0183"))->status == 200); // duplicate
  REQUIRE(post_report(client, token, "{}", kReportId)->status == 400);                      // rejected
  REQUIRE(client.Get("/services/none")->status == 404);
  collector.wait_for_log_lines(4);
  const std::string reader = enroll_directly(collector.store(), {}, TokenKind::read);
  auto res = client.Get("/metrics", {{"Authorization", "Bearer " + reader}});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  const std::string &text = res->body;
  INFO(text);
  for (const char *line :
       {"veldwijzer_http_requests_total{route=\"/api/v1/reports\",status=\"200\"} 2",
        "veldwijzer_http_requests_total{route=\"/api/v1/reports\",status=\"400\"} 1",
        "veldwijzer_http_requests_total{route=\"/services/{id}\",status=\"404\"} 1",
        "veldwijzer_reports_total{outcome=\"accepted\"} 1", "veldwijzer_reports_total{outcome=\"duplicate\"} 1",
        "veldwijzer_reports_total{outcome=\"rejected\"} 1", "veldwijzer_cells_counted_total 1",
        "veldwijzer_store_errors_total 0", "# TYPE veldwijzer_reports_total counter"}) {
    CHECK(text.find(std::string(line) + "\n") != std::string::npos);
  }
}

namespace {

// A store whose database cannot be reached: every question fails.
class UnreachableStore final : public CollectorStore {
public:
  StoreHealth health() override { return {false, "unreachable", 0, "connection refused"}; }
  Result<std::optional<Caller>> authenticate(std::string_view) override { return fail("connection refused"); }
  Result<std::vector<AggregateCell>> counts(const CountFilter &) override { return fail("connection refused"); }
};

} // namespace

TEST_CASE("a token that cannot be checked because the store is down is 503, not 401: the device keeps its coupling") {
  UnreachableStore store;
  CollectorMetrics metrics;
  ReportIntake intake(store, metrics, [] { return std::int64_t{1800000000}; });
  const std::string authorization = "Bearer " + std::string(64, 'a');
  const std::string body = encode_report(two_cell_report(kReportId));
  const ApiAnswer answer = intake.receive({authorization, kReportId, body});
  CHECK(answer.status == 503);
  const auto error = nlohmann::json::parse(answer.body);
  CHECK(error["error"] == "store_unavailable");
  CHECK(error["message"].get<std::string>().find("connection refused") != std::string::npos);
  bool retry_after = false;
  for (const auto &[name, value] : answer.headers) {
    CHECK(name != "WWW-Authenticate"); // that would say the token is wrong
    retry_after = retry_after || (name == "Retry-After" && value == "5");
  }
  CHECK(retry_after);
  CHECK(metrics.prometheus_text().find("veldwijzer_store_errors_total 1") != std::string::npos);
}
