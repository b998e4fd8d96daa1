// sync_screen_test.cpp — "Tellingen delen" headless: couple with a code,
// count a sealed month, send it, read the result; a refusal and no network
// are shown in words; every state renders in both languages at tablet sizes.
#include "veldwijzer/app.h"
#include "veldwijzer/upload_format.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

#include "headless_imgui.h"
#include "synced_device.h"

using synced_device::Device;
using synced_device::kLateNovember;
using synced_device::kOctober;
using veldwijzer::App;
using veldwijzer::HttpRequest;
using veldwijzer::HttpResponse;
using veldwijzer::Language;
using veldwijzer::SyncStatus;

namespace {

const char *kEnrolled = R"({"token": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "token_id": "t-1a2b", "organisation": "GGD Twente JGZ", "municipalities": ["GM0153", "GM0164"], "kind": "submit"})";

} // namespace

TEST_CASE("a nurse couples the tablet with a code and a sealed month's counts are sent") {
  Device device;
  App &app = *device.app;
  device.completed_checklist();
  REQUIRE(app.sync_client() != nullptr);
  CHECK(device.collector.requests.empty()); // October is not over: nothing is counted yet

  app.follow_location("enroll/ABCD-EFGH-JKLM");
  CHECK(app.screen() == veldwijzer::Screen::sync);
  CHECK(app.location() == "sync"); // the code does not stay in the address bar
  device.clock = kLateNovember;
  device.collector.answers.push_back({200, kEnrolled, ""});
  device.collector.answers.push_back({200, "ack", ""});
  app.enroll("ABCD-EFGH-JKLM");

  REQUIRE(device.collector.requests.size() == 2);
  CHECK(device.collector.requests[0].path == "/api/v1/enroll");
  CHECK(device.collector.requests[1].path == "/api/v1/reports");
  const auto report = veldwijzer::decode_report(device.collector.requests[1].body);
  REQUIRE(report.ok());
  std::int64_t total = 0;
  for (const auto &cell : report.value().cells) {
    CHECK(cell.period == "2026-10");
    CHECK(cell.municipality == "GM0153");
    CHECK(cell.age_band == "0-3");
    total += cell.count;
  }
  CHECK(total == 9); // one record, nine domains
  CHECK(app.sync_client()->status().state == SyncStatus::State::done);
  CHECK(app.sync_client()->outbox().pending().value().empty());
}

TEST_CASE("without a network the counts wait and a retry is scheduled") {
  Device device;
  App &app = *device.app;
  device.completed_checklist();
  device.collector.answers.push_back({200, kEnrolled, ""});
  app.enroll("ABCD-EFGH-JKLM");
  device.clock = kLateNovember;
  // The tap on "Nu synchroniseren" (called directly here, so no frame sees
  // it): without it six idle weeks would have the records lock at once.
  app.note_activity();
  app.sync_now(true); // no scripted answer: the network is down
  CHECK(app.sync_client()->status().state == SyncStatus::State::offline);
  CHECK(app.sync_client()->outbox().pending().value().size() == 1);
  REQUIRE_FALSE(device.wakeups.empty());
  // One timer for the retry and the auto-lock: the retry comes first.
  CHECK(device.wakeups.back() == Catch::Approx(30.0));
  device.collector.answers.push_back({200, "ack", ""});
  device.clock += 31;
  app.sync_due(); // the timer fired
  CHECK(app.sync_client()->outbox().pending().value().empty());
  // Nothing left to retry: the timer is now the auto-lock's, 300 s after the tap.
  CHECK(device.wakeups.back() == Catch::Approx(300.0 - 31.0));
  device.clock += 269;
  app.on_wakeup();
  CHECK(app.vault_state() == veldwijzer::VaultState::locked);
  CHECK(app.sync_client() == nullptr); // nothing of the records stays open
}

TEST_CASE("every state of the sync screen renders at tablet sizes in both languages") {
  Device device;
  App &app = *device.app;
  HeadlessImGui imgui;
  device.completed_checklist();
  app.show_sync();
  const auto render_all = [&](const char *state) {
    for (const ImVec2 size : {ImVec2(768, 1024), ImVec2(1024, 768)}) {
      for (Language language : veldwijzer::kLanguages) {
        app.set_language(language);
        for (int i = 0; i < 3; ++i) {
          imgui.frame(app, size);
        }
        INFO(state << " " << size.x << "x" << size.y << " " << veldwijzer::language_code(language));
        CHECK(content_fits(screen_window()));
        CHECK(app.missing_keys().empty());
      }
    }
  };
  render_all("not coupled");
  device.collector.answers.push_back({410, R"({"error": "code_used", "message": "deze code is al gebruikt"})", ""});
  app.enroll("ABCD");
  render_all("coupling refused");
  device.collector.answers.push_back({200, kEnrolled, ""});
  app.enroll("ABCD-EFGH-JKLM");
  device.clock = kLateNovember;
  app.note_activity(); // the nurse's tap: six idle weeks would otherwise lock the records
  app.sync_now(true);
  render_all("offline");
  device.collector.answers.push_back({200, "ack", ""});
  app.sync_now(true);
  render_all("done, with a log");
}
