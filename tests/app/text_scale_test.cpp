// text_scale_test.cpp — WCAG 1.4.4, text resized to 200 % without loss of
// content: every screen, at 200 % text on a landscape and a portrait tablet
// in both languages, keeps every item of its accessibility tree inside what
// its window shows horizontally (a label sticking out on the right is cut
// off; below the bottom is fine, the screen scrolls). Also: the text size
// setting is remembered, and older devices' "larger text" still counts.
#include "veldwijzer/app.h"
#include "veldwijzer/builtin_assets.h"
#include "veldwijzer/record_store.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/ui_snapshot.h"

#include <catch_amalgamated.hpp>

#include "headless_imgui.h"
#include "synced_device.h"

#include <deque>
#include <functional>
#include <string>
#include <vector>

using synced_device::Device;
using synced_device::kLateNovember;
using veldwijzer::App;
using veldwijzer::Language;
using veldwijzer::TextSize;
using veldwijzer::ui::Item;
using veldwijzer::ui::Role;

namespace {

veldwijzer::HttpResponse answer(int status, std::string body) {
  veldwijzer::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// Items of the last frame that reach outside the part of their window that
// is shown, left or right: their window's inner rectangle (without scrollbar
// and padding-free edges), narrowed by every window it is drawn inside, and
// the display. One line per item, for the message.
std::vector<std::string> clipped_items(ImVec2 display) {
  std::vector<std::string> out;
  for (const Item &item : veldwijzer::ui::snapshot().items) {
    if (veldwijzer::ui::is_container(item.role)) {
      continue;
    }
    float left = 0.0f, right = display.x;
    for (ImGuiWindow *w = ImGui::FindWindowByID(item.window); w != nullptr; w = w->ParentWindow) {
      left = std::max(left, w->InnerRect.Min.x);
      right = std::min(right, w->InnerRect.Max.x);
      if (!(w->Flags & ImGuiWindowFlags_ChildWindow) || (w->Flags & ImGuiWindowFlags_Popup)) {
        break;
      }
    }
    // A control's own label must fit inside it too (a full-width button
    // with a longer label cuts it off at its edge): the name, wrapped at the
    // control's width, as tall as the control at most.
    // (The + and − steppers draw one sign and are named "Jaren +1" for a
    // screen reader: their name is not their label.)
    const bool stepper = item.name.ends_with("+1") || item.name.ends_with("\u22121");
    const bool control =
        !stepper && (item.role == Role::button || item.role == Role::link || item.role == Role::option);
    if (control) {
      const ImVec2 padding = ImGui::GetStyle().FramePadding;
      const float width = item.max.x - item.min.x - 2.0f * padding.x;
      const ImVec2 text = ImGui::CalcTextSize(item.name.c_str(), nullptr, false, std::max(width, 1.0f));
      if (text.x > width + 1.0f || text.y > item.max.y - item.min.y + 1.0f) {
        out.push_back(std::string(veldwijzer::ui::role_name(item.role)) + " \"" + item.name + "\" needs " +
                      std::to_string(static_cast<int>(text.x)) + "x" + std::to_string(static_cast<int>(text.y)) +
                      ", has " + std::to_string(static_cast<int>(width)) + "x" +
                      std::to_string(static_cast<int>(item.max.y - item.min.y)));
      }
    }
    if (item.min.x < left - 1.0f || item.max.x > right + 1.0f) {
      out.push_back(std::string(veldwijzer::ui::role_name(item.role)) + " \"" + item.name + "\" spans " +
                    std::to_string(static_cast<int>(item.min.x)) + ".." + std::to_string(static_cast<int>(item.max.x)) +
                    ", shown " + std::to_string(static_cast<int>(left)) + ".." +
                    std::to_string(static_cast<int>(right)));
    }
  }
  return out;
}

} // namespace

TEST_CASE("text sizes run from 100 to 200 %, are remembered, and an older device's larger text stays larger") {
  CHECK(veldwijzer::text_percent(TextSize::normal) == 100);
  CHECK(veldwijzer::text_percent(TextSize::largest) == 200);
  CHECK(veldwijzer::Appearance{TextSize::largest, false}.text_scale() == Catch::Approx(2.0));
  CHECK(veldwijzer::stored_text_size(std::nullopt, std::nullopt) == TextSize::normal);
  CHECK(veldwijzer::stored_text_size(std::nullopt, "1") == TextSize::larger); // stored by 0.1.0
  CHECK(veldwijzer::stored_text_size(std::nullopt, "0") == TextSize::normal);
  CHECK(veldwijzer::stored_text_size("170", "1") == TextSize::large);  // the new setting wins
  CHECK(veldwijzer::stored_text_size("150", "1") == TextSize::larger); // unknown: as if not there
  CHECK(veldwijzer::stored_text_size("2OO", std::nullopt) == TextSize::normal);

  TempFolder tmp;
  auto store = veldwijzer::LocalStore::open(tmp.file("device.sqlite3"));
  REQUIRE(store.ok());
  REQUIRE(store.value().set_setting("larger_text", "1").ok()); // as an older version left it
  const auto open_app = [&] {
    auto table = veldwijzer::builtin_translations();
    auto data = veldwijzer::builtin_directory_data();
    REQUIRE((table.ok() && data.ok()));
    auto library = veldwijzer::builtin_checklists(data.value()->routes);
    REQUIRE(library.ok());
    auto app = std::make_unique<App>(std::move(table).value(), std::move(data).value(), std::move(library).value());
    app->attach_store(&store.value());
    return app;
  };
  CHECK(open_app()->appearance().text_size == TextSize::larger);
  open_app()->set_appearance({TextSize::largest, true});
  const auto again = open_app();
  CHECK(again->appearance() == veldwijzer::Appearance{TextSize::largest, true});
  again->set_appearance({TextSize::normal, true});
  CHECK(open_app()->appearance().text_size == TextSize::normal); // not the old "larger_text" again
}

TEST_CASE("at 200 % text every screen fits its labels in the width of a landscape and a portrait tablet") {
  const veldwijzer::Appearance largest{TextSize::largest, false};
  HeadlessImGui imgui(largest);
  Device device;
  App &app = *device.app;
  app.set_appearance(largest);
  ImVec2 size;
  std::vector<std::string> failures;
  std::size_t screens = 0;
  const auto check = [&](const std::string &screen) {
    for (int i = 0; i < 3; ++i) { // windows settle their size over a few frames
      imgui.frame(app, size);
    }
    ++screens;
    const std::vector<std::string> clipped = clipped_items(size);
    for (const std::string &line : clipped) {
      failures.push_back(std::to_string(static_cast<int>(size.x)) + "x" + std::to_string(static_cast<int>(size.y)) +
                         " " + std::string(veldwijzer::language_code(app.language())) + " " + screen + ": " + line);
    }
    // The check sees every item: a screen with nothing in its tree proves nothing.
    CHECK(veldwijzer::ui::snapshot().items.size() > 5);
  };

  // A record to show, and a device that has sent and failed once.
  app.show_new_record();
  app.new_record_form().checklist_id = "jgz-vroegsignalering";
  app.new_record_form().years = 2;
  REQUIRE(app.create_record());
  const std::string record = app.location().substr(std::string("record/").size());
  REQUIRE(app.answer_item("J3.1", 1));

  for (const ImVec2 tablet : {ImVec2(1024.0f, 768.0f), ImVec2(768.0f, 1024.0f)}) {
    size = tablet;
    for (const Language language : veldwijzer::kLanguages) {
      app.set_language(language);
      app.follow_location("home");
      check("home");
      app.open_about();
      check("about");
      app.close_about();
      veldwijzer::ui::request_activation(require_item(Role::combobox, "").id);
      check("municipality list");
      activate_item(imgui, app, Role::option, "Enschede", size);
      app.show_search("huislijk geweld");
      check("search results");
      app.show_search();
      check("search, every service");
      for (const veldwijzer::Service &service : app.directory_data().directory.services) {
        app.show_service(service.id);
        check("service " + service.id);
      }
      app.show_routes();
      check("routes");
      for (const veldwijzer::ReferralRoute &route : app.directory_data().routes.routes) {
        app.show_route(route.id);
        check("route " + route.id);
      }
      app.show_records();
      check("records");
      app.show_new_record();
      check("new record");
      app.show_record(record);
      imgui.frame(app, size);
      // Every domain of the checklist, one tab at a time.
      std::vector<std::string> tabs;
      for (const Item &item : veldwijzer::ui::snapshot().items) {
        if (item.role == Role::tab) {
          tabs.push_back(item.name);
        }
      }
      CHECK(tabs.size() >= 5);
      for (const std::string &tab : tabs) {
        activate_item(imgui, app, Role::tab, tab, size);
        check("record, domain " + tab);
      }
      app.show_record_summary(record);
      check("summary");
      app.show_sync();
      check("sync, not coupled");
    }
  }
  // No municipality chosen yet: the screens say so, in full.
  app.set_municipality("");
  for (const ImVec2 tablet : {ImVec2(1024.0f, 768.0f), ImVec2(768.0f, 1024.0f)}) {
    size = tablet;
    for (const Language language : veldwijzer::kLanguages) {
      app.set_language(language);
      app.follow_location("home");
      check("home, no municipality");
      app.show_routes();
      check("routes, no municipality");
      for (const veldwijzer::ReferralRoute &route : app.directory_data().routes.routes) {
        app.show_route(route.id);
        check("route " + route.id + ", no municipality");
      }
      app.show_search("schulden");
      check("search, no municipality");
    }
  }
  app.set_municipality("GM0153");
  // Coupled, with a failure and a log.
  const char *enrolled = R"({"token": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "token_id": "t-1a2b", "organisation": "GGD Twente JGZ", "municipalities": ["GM0153", "GM0164"],
    "kind": "submit"})";
  app.show_record(record);
  imgui.frame(app, size);
  REQUIRE(app.complete_record());
  device.collector.answers.push_back(answer(200, enrolled));
  app.enroll("ABCD-EFGH-JKLM");
  device.clock = kLateNovember;
  app.note_activity(); // the nurse is at the tablet (else six idle weeks lock the records)
  app.sync_now(true);  // no network
  for (const ImVec2 tablet : {ImVec2(1024.0f, 768.0f), ImVec2(768.0f, 1024.0f)}) {
    size = tablet;
    for (const Language language : veldwijzer::kLanguages) {
      app.set_language(language);
      app.show_sync();
      check("sync, coupled, offline");
    }
  }
  // The PIN screens: the change form, a refusal, locked, a wrong PIN, the
  // wait after five, "Pincode vergeten?", and setting a new PIN (with the
  // notice about records an older version kept unencrypted).
  const std::string pin = test_device::kPin;
  for (const ImVec2 tablet : {ImVec2(1024.0f, 768.0f), ImVec2(768.0f, 1024.0f)}) {
    size = tablet;
    for (const Language language : veldwijzer::kLanguages) {
      app.set_language(language);
      app.note_activity();
      app.show_records();
      check("records, unlocked");
      activate_item(imgui, app, Role::button, app.t("lock.change.open"), size);
      check("change PIN form");
      require_item(Role::textbox, app.t("lock.change.current"));
      CHECK_FALSE(app.change_pin("wrong-current", "97531864", "97531864"));
      check("change PIN refused");
      app.lock_records();
      check("locked");
      require_item(Role::textbox, app.t("lock.pin"));
      CHECK_FALSE(app.unlock_records("wrong-pin"));
      check("wrong PIN");
      for (int i = 0; i < 4; ++i) {
        CHECK_FALSE(app.unlock_records("wrong-pin"));
      }
      check("wrong PIN, wait");
      CHECK(require_item(Role::button, app.t("lock.unlock")).state & veldwijzer::ui::kDisabled);
      activate_item(imgui, app, Role::button, app.t("lock.forgot"), size);
      check("forget, confirm");
      require_item(Role::button, app.t("lock.forget.confirm"));
      activate_item(imgui, app, Role::button, app.t("lock.forget.cancel"), size);
      device.clock += 15 * 60;
      REQUIRE(app.unlock_records(pin));
    }
  }
  REQUIRE(app.forget_pin());
  // What an older version left in the public file: the notice that it will be encrypted.
  const veldwijzer::Checklist *jgz = app.checklists().latest("jgz-vroegsignalering");
  REQUIRE(jgz != nullptr);
  REQUIRE(app.checklists().source(jgz->id, jgz->version) != nullptr);
  REQUIRE(
      veldwijzer::RecordStore(*device.files.store)
          .create(*jgz, *app.checklists().source(jgz->id, jgz->version), {"GM0153", "0-3", "2026-11-26"}, device.clock)
          .ok());
  for (const ImVec2 tablet : {ImVec2(1024.0f, 768.0f), ImVec2(768.0f, 1024.0f)}) {
    size = tablet;
    for (const Language language : veldwijzer::kLanguages) {
      app.set_language(language);
      app.show_records();
      check("set PIN, older records");
      require_item(Role::textbox, app.t("lock.repeat_pin"));
      CHECK(veldwijzer::ui::snapshot().outline().find(app.t("lock.set.unprotected")) != std::string::npos);
      CHECK_FALSE(app.set_pin("12345", "12345"));
      check("set PIN, too short");
    }
  }
  INFO(screens << " screens checked");
  CHECK(screens > 100);
  for (const std::string &failure : failures) {
    UNSCOPED_INFO(failure);
  }
  CHECK(failures.size() == 0);
  CHECK(app.missing_keys().empty());
}
