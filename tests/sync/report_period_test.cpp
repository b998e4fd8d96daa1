// report_period_test.cpp — which months the collector counts, by its own
// clock (injected here): a sealed month is counted; the running month, or
// one within its three days' delay (sealed on the 4th), waits on the device (409 period_open
// with Retry-After) and is counted once sealed; a month in the future is
// refused per cell with a reason. Every
// answer carries the collector's clock as a Date header.
#include "running_collector.h"
#include "upload_fixture.h"

#include "veldwijzer/http_date.h"

#include <catch_amalgamated.hpp>

#include <atomic>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

constexpr std::int64_t kDecember7 = 1'796'644'800; // 2026-12-07 12:00 UTC
constexpr std::int64_t kJanuary4 = 1'799'020'800;  // 2027-01-04 00:00 UTC: December is sealed
constexpr std::int64_t kDecember3 = 1'796'299'200; // 2026-12-03 12:00 UTC: November not yet sealed
constexpr std::int64_t kDecember4 = 1'796'342'400; // 2026-12-04 00:00 UTC (01:00 in Enschede): November sealed

struct ClockedCollector {
  std::shared_ptr<std::atomic<std::int64_t>> now = std::make_shared<std::atomic<std::int64_t>>(kDecember7);
  std::unique_ptr<RunningCollector> collector;
  std::string token;
  ClockedCollector() {
    CollectorSetup setup;
    setup.hooks.clock = [now = now] { return now->load(); };
    collector = std::make_unique<RunningCollector>(std::move(setup));
    token = enroll_directly(collector->store(), {"GM0153"});
  }
  httplib::Result post(const Report &report) {
    auto client = collector->client();
    return post_report(client, token, report);
  }
};

Report report_for(const std::string &id, const std::vector<std::string> &periods) {
  Report report;
  report.report_id = id;
  for (const std::string &period : periods) {
    report.cells.push_back(test_cell("GM0153", 2, SignalLevel::concern, period));
  }
  return report;
}

} // namespace

TEST_CASE("the collector's clock is on every answer as an HTTP Date") {
  ClockedCollector c;
  auto client = c.collector->client();
  for (const char *path : {"/healthz", "/api/v1/no-such-thing"}) {
    auto res = client.Get(path);
    REQUIRE(res);
    INFO(path);
    CHECK(res->get_header_value("Date") == "Mon, 07 Dec 2026 12:00:00 GMT");
  }
}

TEST_CASE("a sealed month is counted, the month still running waits on the device and is counted once sealed") {
  ClockedCollector c;
  auto sealed = c.post(report_for("0000000000000000000000000000000a", {"2026-11"}));
  REQUIRE(sealed);
  CHECK(sealed->status == 200);
  CHECK(total(stored_counts(c.collector->store())) == 2);

  // 2026-12 on 7 December: the tablet's clock is ahead, or the month was sent early.
  const Report running = report_for("0000000000000000000000000000000b", {"2026-11", "2026-12"});
  auto early = c.post(running);
  REQUIRE(early);
  CHECK(early->status == 409);
  CHECK(early->body.find("period_open") != std::string::npos);
  CHECK(early->body.find("2026-12") != std::string::npos);
  CHECK(std::stoll(early->get_header_value("Retry-After")) == kJanuary4 - kDecember7);
  CHECK(total(stored_counts(c.collector->store())) == 2); // nothing of it was counted

  // The device retries it unchanged on 4 January: counted, once.
  c.now->store(kJanuary4);
  auto later = c.post(running);
  REQUIRE(later);
  CHECK(later->status == 200);
  CHECK(decode_ack(later->body).value().status == AckStatus::accepted);
  CHECK(total(stored_counts(c.collector->store())) == 6);
}

TEST_CASE("a month is sealed once three whole days have passed after it ends, by the collector's clock") {
  ClockedCollector c;
  c.now->store(kDecember3);
  auto within_delay = c.post(report_for("0000000000000000000000000000000c", {"2026-11"}));
  REQUIRE(within_delay);
  CHECK(within_delay->status == 409);
  c.now->store(kDecember4);
  auto sealed = c.post(report_for("0000000000000000000000000000000c", {"2026-11"}));
  REQUIRE(sealed);
  CHECK(sealed->status == 200);
}

TEST_CASE("a month in the future is refused per cell with a reason; the sealed months of the report count") {
  ClockedCollector c;
  auto res = c.post(report_for("0000000000000000000000000000000d", {"2031-05", "2026-10"}));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const auto ack = decode_ack(res->body);
  REQUIRE(ack.ok());
  REQUIRE(ack.value().cells.size() == 2);
  CHECK(ack.value().cells[0].status == AckStatus::rejected);
  CHECK(ack.value().cells[0].reason.find("2031-05 lies after today") != std::string::npos);
  CHECK(ack.value().cells[1].status == AckStatus::accepted);
  const auto counts = stored_counts(c.collector->store());
  REQUIRE(counts.size() == 1);
  CHECK(std::get<0>(counts.begin()->first) == "2026-10");
  CHECK(total(counts) == 2);

  // Only refused months: the report is rejected as a whole, nothing counted.
  auto only_future = c.post(report_for("0000000000000000000000000000000e", {"2027-01"}));
  REQUIRE(only_future);
  CHECK(decode_ack(only_future->body).value().status == AckStatus::rejected);
  CHECK(total(stored_counts(c.collector->store())) == 2);
}
