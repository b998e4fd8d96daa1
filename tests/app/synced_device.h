// synced_device.h — a headless tablet for the app tests that sync: the real
// built-in assets, the device's public database and records' vault in a
// temporary folder (test_device.h, unlocked with its PIN), a fixed clock and
// a scripted collector in place of the network.
#pragma once

#include "veldwijzer/app.h"
#include "veldwijzer/builtin_assets.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

#include "temp_folder.h"
#include "test_device.h"

#include <ctime>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace synced_device {

inline constexpr std::time_t kOctober = 1'792'058'400;      // 2026-10-15 10:00 UTC
inline constexpr std::time_t kLateNovember = 1'795'694'400; // 2026-11-26 12:00 UTC

// The collector, as far as the app can tell: scripted answers in order, then
// "no network"; requests are kept. A 200 with body "ack" becomes the
// acknowledgement of the report just sent, all cells accepted.
struct ScriptedCollector : veldwijzer::HttpTransport {
  std::deque<veldwijzer::HttpResponse> answers;
  std::vector<veldwijzer::HttpRequest> requests;
  void send(const veldwijzer::HttpRequest &request, std::function<void(veldwijzer::HttpResponse)> done) override {
    requests.push_back(request);
    veldwijzer::HttpResponse response{0, "", "NetworkError when attempting to fetch resource."};
    if (!answers.empty()) {
      response = answers.front();
      answers.pop_front();
    }
    if (response.status == 200 && response.body == "ack") {
      const auto report = nlohmann::json::parse(request.body);
      response.body = R"({"report_id": ")" + report["report_id"].get<std::string>() + R"(", "status": "accepted",
        "cells": []})";
    }
    done(response);
  }
};

struct Device {
  TempFolder tmp;
  test_device::DeviceFiles files{tmp};
  std::unique_ptr<veldwijzer::App> app;
  ScriptedCollector collector;
  std::time_t clock = kOctober;
  std::vector<double> wakeups;

  // with_pin false: the records stay on the PIN screen (no PIN set yet).
  // prepare writes into the public file before the app opens it (what an
  // older version left behind).
  // platform_extra adds to the platform (passkeys, for instance).
  explicit Device(bool with_pin = true, const std::function<void(veldwijzer::LocalStore &)> &prepare = {},
                  const std::function<void(veldwijzer::AppPlatform &)> &platform_extra = {}) {
    files.open();
    if (prepare) {
      prepare(*files.store);
    }
    auto table = veldwijzer::builtin_translations();
    auto data = veldwijzer::builtin_directory_data();
    REQUIRE((table.ok() && data.ok()));
    auto library = veldwijzer::builtin_checklists(data.value()->routes);
    REQUIRE(library.ok());
    veldwijzer::AppPlatform platform;
    platform.now = [this] { return clock; };
    platform.transport = &collector;
    platform.wake_after = [this](double seconds) { wakeups.push_back(seconds); };
    platform.random_unit = [] { return 0.5; };
    if (platform_extra) {
      platform_extra(platform);
    }
    app = std::make_unique<veldwijzer::App>(std::move(table).value(), std::move(data).value(),
                                            std::move(library).value(), std::move(platform));
    if (with_pin) {
      files.attach(*app);
    } else {
      files.attach_locked(*app);
    }
    app->set_municipality("GM0153");
  }

  // A completed JGZ checklist (age 2, one signal) made through the app.
  void completed_checklist() {
    app->show_new_record();
    app->new_record_form().checklist_id = "jgz-vroegsignalering";
    app->new_record_form().years = 2;
    REQUIRE(app->create_record());
    REQUIRE(app->answer_item("J3.1", 1));
    REQUIRE(app->complete_record());
  }
};

} // namespace synced_device
