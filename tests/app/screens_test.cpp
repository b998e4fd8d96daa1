// screens_test.cpp — the screens, driven headless (no browser, no GPU): the
// translation table is complete, the font has every glyph the UI shows, and
// every screen renders at tablet sizes in both languages.
#include "veldwijzer/app.h"
#include "veldwijzer/builtin_assets.h"
#include "veldwijzer/directory_data.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"

#include "imgui.h"
#include "imgui_internal.h" // ImTextCharFromUtf8
#include <catch_amalgamated.hpp>

#include "headless_imgui.h"
#include "temp_folder.h"

#include <string>
#include <vector>

using veldwijzer::Language;

namespace {

// Decodes UTF-8 to code points; the table is validated UTF-8 by the JSON parser.
std::vector<unsigned> code_points(std::string_view text) {
  std::vector<unsigned> out;
  for (std::size_t i = 0; i < text.size();) {
    unsigned c = 0;
    const int n = ImTextCharFromUtf8(&c, text.data() + i, text.data() + text.size());
    out.push_back(c);
    i += static_cast<std::size_t>(n > 0 ? n : 1);
  }
  return out;
}

veldwijzer::App make_app(veldwijzer::AppPlatform platform = {}) {
  auto table = veldwijzer::builtin_translations();
  REQUIRE(table.ok());
  auto data = veldwijzer::builtin_directory_data();
  INFO((data.ok() ? "" : data.error().message()));
  REQUIRE(data.ok());
  auto checklists = veldwijzer::builtin_checklists(data.value()->routes);
  INFO((checklists.ok() ? "" : checklists.error().message()));
  REQUIRE(checklists.ok());
  return veldwijzer::App(std::move(table).value(), std::move(data).value(), std::move(checklists).value(),
                         std::move(platform));
}

} // namespace

TEST_CASE("the built-in translation table parses and every key has Dutch and English") {
  auto table = veldwijzer::builtin_translations();
  REQUIRE(table.ok());
  CHECK(table.value().keys().size() > 20);
  for (const auto &key : table.value().keys()) {
    INFO(key);
    CHECK_FALSE(table.value().text(key, Language::nl).empty());
    CHECK_FALSE(table.value().text(key, Language::en).empty());
  }
}

TEST_CASE("every character of every UI string has a glyph in the embedded font") {
  HeadlessImGui imgui;
  auto table = veldwijzer::builtin_translations();
  REQUIRE(table.ok());
  const ImFont *font = veldwijzer::ui_fonts().body;
  REQUIRE(font != nullptr);
  // The Dutch letters a default ImGui font would draw as boxes.
  for (unsigned c : code_points("Één café ’s-Heerenberg Ĳssel ĳs — € …")) {
    INFO("U+" << std::hex << c);
    CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
  }
  for (const auto &key : table.value().keys()) {
    for (Language language : veldwijzer::kLanguages) {
      for (unsigned c : code_points(table.value().text(key, language))) {
        if (c == '\n') {
          continue;
        }
        INFO(key << " U+" << std::hex << c);
        CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
      }
    }
  }
}

TEST_CASE("every character of the directory and routes has a glyph in the embedded font") {
  HeadlessImGui imgui;
  auto data = veldwijzer::builtin_directory_data();
  REQUIRE(data.ok());
  const ImFont *font = veldwijzer::ui_fonts().body;
  std::vector<std::pair<std::string, std::string>> texts; // where, text
  for (const veldwijzer::Service &s : data.value()->directory.services) {
    for (const std::string *field :
         {&s.name, &s.alternate_name, &s.description, &s.description_en, &s.eligibility, &s.unverified_note}) {
      texts.emplace_back(s.id, *field);
    }
    for (const veldwijzer::Phone &p : s.phones) {
      texts.emplace_back(s.id, p.number + " " + p.description);
    }
    for (const veldwijzer::WeeklyHours &h : s.hours) {
      texts.emplace_back(s.id, h.description);
    }
    for (const std::string &source : s.sources) {
      texts.emplace_back(s.id, source);
    }
  }
  for (const veldwijzer::ReferralRoute &r : data.value()->routes.routes) {
    texts.emplace_back(r.id, r.title.nl + r.title.en + r.summary.nl + r.summary.en);
    for (const veldwijzer::RouteStep &step : r.steps) {
      texts.emplace_back(r.id, step.text.nl + step.text.en);
    }
  }
  for (const veldwijzer::Municipality &m : data.value()->region.municipalities) {
    texts.emplace_back(m.code, m.name);
  }
  std::size_t missing = 0;
  for (const auto &[where, text] : texts) {
    for (unsigned c : code_points(text)) {
      if (c != '\n' && font->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) {
        UNSCOPED_INFO(where << " U+" << std::hex << c);
        ++missing;
      }
    }
  }
  CHECK(missing == 0);
}

TEST_CASE("every screen renders at tablet sizes in both languages without a missing text") {
  HeadlessImGui imgui;
  veldwijzer::App app = make_app();
  app.set_store_status({veldwijzer::StoreStatus::State::open, "", "", 1});

  const ImVec2 sizes[] = {{1024, 768}, {768, 1024}, {1280, 800}};
  for (const ImVec2 size : sizes) {
    for (Language language : veldwijzer::kLanguages) {
      for (bool about : {false, true}) {
        app.set_language(language);
        if (about) {
          app.open_about();
        } else {
          app.close_about();
        }
        for (int i = 0; i < 3; ++i) { // windows settle their size over a few frames
          imgui.frame(app, size.x, size.y);
        }
        INFO(size.x << "x" << size.y << " " << veldwijzer::language_code(language) << (about ? " about" : ""));
        CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
        CHECK(app.about_open() == about);
      }
    }
  }
  CHECK(app.missing_keys().empty());
}

TEST_CASE("a failed local database is described with its translated problem") {
  HeadlessImGui imgui;
  veldwijzer::App app = make_app();
  for (const char *problem : {"store.cannot_open", "store.not_a_database", "store.foreign_database",
                              "store.newer_schema", "store.migration_failed"}) {
    app.set_store_status({veldwijzer::StoreStatus::State::failed, problem, "detail", 0});
    app.open_about();
    imgui.frame(app, 1024, 768);
  }
  CHECK(app.missing_keys().empty());
}

TEST_CASE("a search typed with a typo lists Veilig Thuis first and opens its detail") {
  HeadlessImGui imgui;
  veldwijzer::App app = make_app();
  app.set_municipality("GM0183"); // Tubbergen
  app.show_search("huislijk geweld");
  imgui.frame(app, 1024, 768);
  REQUIRE(app.screen() == veldwijzer::Screen::search);
  REQUIRE_FALSE(app.results().empty());
  CHECK(app.results().front().service->id == "svc-veilig-thuis-twente");
  app.show_service(app.results().front().service->id);
  imgui.frame(app, 1024, 768);
  CHECK(app.screen() == veldwijzer::Screen::service);
  app.go_back();
  CHECK(app.screen() == veldwijzer::Screen::search);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("every service detail and every route renders for every municipality in both languages") {
  HeadlessImGui imgui;
  veldwijzer::App app = make_app();
  auto data = veldwijzer::builtin_directory_data();
  REQUIRE(data.ok());
  for (const veldwijzer::Service &s : data.value()->directory.services) {
    app.show_service(s.id);
    imgui.frame(app, 768, 1024);
    app.go_back();
  }
  for (const veldwijzer::Municipality &m : data.value()->region.municipalities) {
    app.set_municipality(m.code);
    for (veldwijzer::Language language : veldwijzer::kLanguages) {
      app.set_language(language);
      app.show_routes();
      imgui.frame(app, 1024, 768);
      for (const veldwijzer::ReferralRoute &route : data.value()->routes.routes) {
        app.show_route(route.id);
        imgui.frame(app, 1024, 768);
        app.go_back();
      }
      app.go_back();
    }
  }
  CHECK(app.screen() == veldwijzer::Screen::home);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("the chosen municipality and language are remembered on the device") {
  TempFolder tmp;
  const std::string path = tmp.file("device.sqlite3");
  int saves = 0;
  {
    auto store = veldwijzer::LocalStore::open(path);
    REQUIRE(store.ok());
    veldwijzer::AppPlatform platform;
    platform.settings_changed = [&saves] { ++saves; };
    veldwijzer::App app = make_app(platform);
    app.attach_store(&store.value());
    app.set_municipality("GM1735");
    app.set_language(veldwijzer::Language::en);
    app.set_municipality("GM9999"); // not in Twente: ignored
  }
  CHECK(saves == 2);
  auto store = veldwijzer::LocalStore::open(path);
  REQUIRE(store.ok());
  veldwijzer::App app = make_app();
  app.attach_store(&store.value());
  CHECK(app.municipality() == "GM1735");
  CHECK(app.language() == veldwijzer::Language::en);
}

TEST_CASE("tapping the directory card puts the cursor in the search box, so typing searches at once") {
  // Regression: the tap focused the card's child window, and the search box
  // never got the keyboard focus in the browser.
  HeadlessImGui imgui;
  veldwijzer::App app = make_app();
  ImGuiIO &io = ImGui::GetIO();
  imgui.frame(app, 1024, 768);
  imgui.frame(app, 1024, 768);
  tap_item(imgui, app, veldwijzer::ui::Role::button, "Zoeken in de sociale kaart", ImVec2(1024, 768));
  REQUIRE(app.screen() == veldwijzer::Screen::search);
  for (int i = 0; i < 4; ++i) {
    imgui.frame(app, 1024, 768);
  }
  io.AddInputCharactersUTF8("eenzaam");
  imgui.frame(app, 1024, 768);
  imgui.frame(app, 1024, 768);
  CHECK(app.query() == "eenzaam");
  CHECK_FALSE(app.needs_frame());
}

TEST_CASE("the search screen's topic, age and pregnancy filters narrow the results") {
  HeadlessImGui imgui;
  veldwijzer::App app = make_app();
  app.show_search();
  const std::size_t all = app.results().size();
  app.filters().topic = "dementie";
  REQUIRE_FALSE(app.results().empty());
  for (const veldwijzer::SearchHit &hit : app.results()) {
    CHECK(hit.service->has_term("dementie"));
  }
  app.filters().topic.clear();
  const auto has = [&](const char *id) {
    for (const veldwijzer::SearchHit &hit : app.results()) {
      if (hit.service->id == id) {
        return true;
      }
    }
    return false;
  };
  app.filters().age = 10; // years
  CHECK(has("svc-kindertelefoon"));
  app.filters().age = 5;
  CHECK_FALSE(has("svc-kindertelefoon"));
  app.filters().age_in_months = true;
  app.filters().age = 10 * 12;
  CHECK(has("svc-kindertelefoon"));
  app.filters().prenatal = true;
  CHECK_FALSE(has("svc-kindertelefoon"));
  app.filters() = {};
  CHECK(app.results().size() == all);
  imgui.frame(app, 768, 1024);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("a finger dragging the result list scrolls it and opens nothing; a tap still opens") {
  HeadlessImGui imgui;
  veldwijzer::App app = make_app();
  ImGuiIO &io = ImGui::GetIO();
  app.show_search(); // no words: every service, a long list
  for (int i = 0; i < 3; ++i) {
    imgui.frame(app, 768, 1024);
  }
  const auto scroll_y = [] { return ImGui::FindWindowByName("##screen")->Scroll.y; };
  REQUIRE(scroll_y() == 0.0f);
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  io.AddMousePosEvent(300.0f, 800.0f);
  imgui.frame(app, 768, 1024);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
  imgui.frame(app, 768, 1024);
  for (float y = 780.0f; y >= 400.0f; y -= 20.0f) { // drag upwards
    io.AddMousePosEvent(300.0f, y);
    imgui.frame(app, 768, 1024);
  }
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
  imgui.frame(app, 768, 1024);
  imgui.frame(app, 768, 1024);
  CHECK(scroll_y() > 300.0f);
  CHECK(app.screen() == veldwijzer::Screen::search); // the row under the finger did not open

  io.AddMousePosEvent(300.0f, 800.0f); // a tap, no movement
  imgui.frame(app, 768, 1024);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
  imgui.frame(app, 768, 1024);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
  imgui.frame(app, 768, 1024);
  CHECK(app.screen() == veldwijzer::Screen::service);
}

TEST_CASE("screens follow the browser's history: deep links, back, forward, unknown links") {
  HeadlessImGui imgui;
  std::vector<std::string> pushed;
  veldwijzer::AppPlatform platform;
  platform.location_opened = [&pushed](const std::string &location) { pushed.push_back(location); };
  veldwijzer::App app = make_app(platform);

  app.follow_location("route/route-acuut-gevaar"); // a deep link
  CHECK(app.location() == "route/route-acuut-gevaar");
  app.follow_location("home"); // browser back
  CHECK(app.location() == "home");
  app.follow_location("route/route-acuut-gevaar"); // browser forward
  CHECK(app.location() == "route/route-acuut-gevaar");
  CHECK(pushed.empty()); // following the browser never pushes entries of its own

  app.show_service("svc-veilig-thuis-twente");
  CHECK(pushed == std::vector<std::string>{"service/svc-veilig-thuis-twente"});
  app.follow_location("route/route-acuut-gevaar"); // back from the service
  CHECK(app.location() == "route/route-acuut-gevaar");

  app.follow_location("service/does-not-exist");
  CHECK(app.location() == "home");
  app.follow_location("<script>");
  CHECK(app.location() == "home");
  imgui.frame(app, 1024, 768);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("larger text and high contrast render every screen and are remembered") {
  const veldwijzer::Appearance big{veldwijzer::TextSize::larger, true};
  HeadlessImGui imgui(big);
  TempFolder tmp;
  auto store = veldwijzer::LocalStore::open(tmp.file("device.sqlite3"));
  REQUIRE(store.ok());
  {
    veldwijzer::App app = make_app();
    app.attach_store(&store.value());
    app.set_appearance(big);
  }
  veldwijzer::App app = make_app();
  app.attach_store(&store.value());
  CHECK(app.appearance() == big);
  CHECK(ImGui::GetStyle().FramePadding.x > 14.0f); // spacing grew with the text
  app.set_municipality("GM0153");
  for (const ImVec2 size : {ImVec2(768, 1024), ImVec2(1024, 768)}) {
    imgui.frame(app, size.x, size.y);
    app.show_search("schulden");
    imgui.frame(app, size.x, size.y);
    app.show_service("svc-veilig-thuis-twente");
    imgui.frame(app, size.x, size.y);
    app.show_route("route-opvoedvragen");
    app.open_about();
    imgui.frame(app, size.x, size.y);
    app.close_about();
    app.follow_location("home");
  }
  CHECK(app.missing_keys().empty());
}
