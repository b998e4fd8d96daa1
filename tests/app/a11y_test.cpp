// a11y_test.cpp — the accessibility tree (veldwijzer/ui_snapshot.h), headless:
// every screen exposes its controls with a role and a name, screens are
// driven by label (tap, activate, type, keyboard), focus follows keyboard
// navigation, what matters is announced, the frame-to-frame diff rebuilds the
// tree exactly, and every theme's text keeps 4.5:1 contrast (WCAG 1.4.3).
#include "veldwijzer/app.h"
#include "veldwijzer/builtin_assets.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/ui_snapshot.h"

#include <catch_amalgamated.hpp>

#include "headless_imgui.h"
#include "temp_folder.h"
#include "test_device.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

using veldwijzer::App;
using veldwijzer::ui::Item;
using veldwijzer::ui::Role;
using veldwijzer::ui::Snapshot;

namespace {

constexpr std::time_t kNow = 1715680800; // Tuesday 14 May 2024, 12:00 in Enschede
const ImVec2 kLandscape(1024.0f, 768.0f);

// A tablet with its device database and records' vault (test_device.h), as
// in record_screens_test.cpp; with_pin false leaves the records on the PIN screen.
struct Tablet {
  TempFolder tmp;
  test_device::DeviceFiles files{tmp};
  std::unique_ptr<App> app;
  std::time_t clock = kNow;

  explicit Tablet(bool with_pin = true) {
    files.open();
    auto table = veldwijzer::builtin_translations();
    REQUIRE(table.ok());
    auto data = veldwijzer::builtin_directory_data();
    REQUIRE(data.ok());
    auto checklists = veldwijzer::builtin_checklists(data.value()->routes);
    REQUIRE(checklists.ok());
    veldwijzer::AppPlatform platform;
    platform.now = [this] { return clock; };
    app = std::make_unique<App>(std::move(table).value(), std::move(data).value(), std::move(checklists).value(),
                                std::move(platform));
    if (with_pin) {
      files.attach(*app);
    } else {
      files.attach_locked(*app);
    }
    app->set_municipality("GM0153"); // Enschede
  }
};

void settle(HeadlessImGui &imgui, App &app, ImVec2 size = kLandscape) {
  for (int i = 0; i < 3; ++i) {
    imgui.frame(app, size);
  }
}

// WCAG 2.1 relative luminance and contrast ratio.
double luminance(const ImVec4 &c) {
  const auto channel = [](float v) {
    const double s = v;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(c.x) + 0.7152 * channel(c.y) + 0.0722 * channel(c.z);
}
double contrast(const ImVec4 &a, const ImVec4 &b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
// A translucent colour as drawn over an opaque one.
ImVec4 over(const ImVec4 &top, const ImVec4 &below) {
  const float a = top.w;
  return ImVec4(top.x * a + below.x * (1 - a), top.y * a + below.y * (1 - a), top.z * a + below.z * (1 - a), 1.0f);
}

} // namespace

TEST_CASE("the start screen's tree names every control, in reading order, inside the main landmark") {
  HeadlessImGui imgui;
  Tablet tablet;
  App &app = *tablet.app;
  settle(imgui, app);
  const Snapshot &tree = veldwijzer::ui::snapshot();
  const std::string outline = tree.outline();
  INFO(outline);
  REQUIRE_FALSE(tree.items.empty());
  CHECK(tree.items.front().role == Role::main);
  for (const Item &item : tree.items) {
    CHECK((veldwijzer::ui::is_container(item.role) || !item.name.empty()));
  }
  CHECK(outline.find("heading \"Veldwijzer\" [level=1]") != std::string::npos);
  CHECK(outline.find("combobox \"Gemeente: Enschede\"") != std::string::npos);
  CHECK(outline.find("button \"Over Veldwijzer\"") != std::string::npos);
  CHECK(outline.find("heading \"Sociale kaart\" [level=2]") != std::string::npos);
  // The card's title comes before its button.
  CHECK(outline.find("Sociale kaart") < outline.find("button \"Zoeken in de sociale kaart\""));
  // Ids are stable from frame to frame: nothing changes on an idle screen.
  const Snapshot before = tree;
  imgui.frame(app, kLandscape);
  CHECK(veldwijzer::ui::diff(before, veldwijzer::ui::snapshot()).empty());
}

TEST_CASE("the about window is a dialog with its checkboxes, and the municipality list a listbox of options") {
  HeadlessImGui imgui;
  Tablet tablet;
  App &app = *tablet.app;
  settle(imgui, app);
  tap_item(imgui, app, Role::button, "Over Veldwijzer", kLandscape);
  settle(imgui, app);
  const Item dialog = require_item(Role::dialog, "Over Veldwijzer");
  const Item sizes = require_item(Role::radiogroup, "Tekstgrootte", dialog.id);
  CHECK(require_item(Role::radio, "Normaal (100 %)", sizes.id).state & veldwijzer::ui::kChecked);
  CHECK_FALSE(require_item(Role::radio, "Grootst (200 %)", sizes.id).state & veldwijzer::ui::kChecked);
  activate_item(imgui, app, Role::radio, "Grootst (200 %)", kLandscape, sizes.id);
  CHECK(app.appearance().text_size == veldwijzer::TextSize::largest);
  CHECK(require_item(Role::radio, "Grootst (200 %)").state & veldwijzer::ui::kChecked);
  CHECK_FALSE(require_item(Role::radio, "Normaal (100 %)").state & veldwijzer::ui::kChecked);
  CHECK(require_item(Role::checkbox, "Hoog contrast", dialog.id).name == "Hoog contrast");
  activate_item(imgui, app, Role::button, "Sluiten", kLandscape, dialog.id);
  CHECK_FALSE(app.about_open());

  activate_item(imgui, app, Role::combobox, "Gemeente", kLandscape);
  settle(imgui, app);
  CHECK(require_item(Role::combobox, "Gemeente").state & veldwijzer::ui::kExpanded);
  const Item list = require_item(Role::listbox, "Gemeente: Enschede");
  CHECK(require_item(Role::option, "Enschede", list.id).state & veldwijzer::ui::kSelected);
  activate_item(imgui, app, Role::option, "Hengelo", kLandscape, list.id);
  CHECK(app.municipality() == "GM0164");
  settle(imgui, app);
  CHECK(find_item(Role::listbox, "Gemeente") == nullptr);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("typing into the search box by its label searches, and the count is a status that is announced") {
  HeadlessImGui imgui;
  Tablet tablet;
  App &app = *tablet.app;
  settle(imgui, app);
  tap_item(imgui, app, Role::button, "Zoeken in de sociale kaart", kLandscape);
  settle(imgui, app);
  (void)veldwijzer::ui::take_announcements();
  type_into(imgui, app, "Zoek", "huislijk geweld", kLandscape);
  CHECK(app.query() == "huislijk geweld");
  CHECK(require_item(Role::textbox, "Zoek").value == "huislijk geweld");
  const Item count = require_item(Role::status, "in Enschede"); // "1 resultaat in Enschede"
  const auto said = veldwijzer::ui::take_announcements();
  REQUIRE_FALSE(said.empty());
  CHECK(said.back().text == count.name);
  CHECK_FALSE(said.back().assertive);
  // The first result is a link named by what its row shows.
  tap_item(imgui, app, Role::link, "Veilig Thuis Twente", kLandscape);
  CHECK(app.location() == "service/svc-veilig-thuis-twente");
  settle(imgui, app);
  CHECK(find_item(Role::heading, "Veilig Thuis Twente") != nullptr);
  CHECK(find_item(Role::heading, "Openingstijden") != nullptr);
}

TEST_CASE("text typed in the middle of a word keeps ImGui's caret there, so the next key lands after it") {
  HeadlessImGui imgui;
  Tablet tablet;
  App &app = *tablet.app;
  settle(imgui, app);
  tap_item(imgui, app, Role::button, "Zoeken in de sociale kaart", kLandscape);
  settle(imgui, app);
  type_into(imgui, app, "Zoek", "gewld", kLandscape);
  REQUIRE(app.query() == "gewld");
  const ImGuiID field = require_item(Role::textbox, "Zoek").id;
  CHECK(veldwijzer::ui::snapshot().caret_start == 5); // no position given: after what was typed
  const auto frames = [&](int n) {
    for (int i = 0; i < n; ++i) {
      imgui.frame(app, kLandscape);
    }
  };
  const auto hardware_key = [&](unsigned int c) { // typed into the canvas: goes in at ImGui's caret
    ImGui::GetIO().AddInputCharacter(c);
    frames(2);
  };

  // The <input> composed "é" between "gew" and "ld"; its caret is after the é.
  veldwijzer::ui::request_text(field, "gew\xC3\xA9ld", 4, 4);
  frames(2);
  CHECK(app.query() == "gew\xC3\xA9ld");
  CHECK(veldwijzer::ui::snapshot().caret_start == 4);
  CHECK(veldwijzer::ui::snapshot().caret_end == 4);
  hardware_key('x');
  CHECK(app.query() == "gew\xC3\xA9xld");
  CHECK(require_item(Role::textbox, "Zoek").value == "gew\xC3\xA9xld");
  CHECK(veldwijzer::ui::snapshot().caret_start == 5);

  // Without a position (older callers), the caret goes after the part that differs.
  veldwijzer::ui::request_text(field, "gew\xC3\xA9xyld");
  frames(2);
  CHECK(app.query() == "gew\xC3\xA9xyld");
  CHECK(veldwijzer::ui::snapshot().caret_start == 6);

  // A repeated letter: the position says which one was typed ("ll" -> "lll"
  // with the caret at 7 means the new "l" went in at 6), and the selection too.
  veldwijzer::ui::request_text(field, "gew\xC3\xA9xylll", 7, 7);
  frames(2);
  CHECK(app.query() == "gew\xC3\xA9xylll");
  CHECK(veldwijzer::ui::snapshot().caret_start == 7);
  veldwijzer::ui::request_text(field, "gew\xC3\xA9xylll", 0, 3); // only the selection changed
  frames(2);
  CHECK(veldwijzer::ui::snapshot().caret_start == 0);
  CHECK(veldwijzer::ui::snapshot().caret_end == 3);
  hardware_key('Z'); // replaces the selection
  CHECK(app.query() == "Z\xC3\xA9xylll");

  // Deleting in the middle, and a position past the end (clamped, not trusted).
  veldwijzer::ui::request_text(field, "Zxylll", 1, 1);
  frames(2);
  CHECK(app.query() == "Zxylll");
  CHECK(veldwijzer::ui::snapshot().caret_start == 1);
  veldwijzer::ui::request_text(field, "Zxylll", 99, 99);
  frames(2);
  CHECK(veldwijzer::ui::snapshot().caret_start == 6);

  // Two changes sent before ImGui took the first: the second waits for it, nothing is typed twice.
  veldwijzer::ui::request_text(field, "Zxylllq", 7, 7);
  veldwijzer::ui::request_text(field, "Zxylllqr", 8, 8);
  frames(4);
  CHECK(app.query() == "Zxylllqr");
  CHECK(veldwijzer::ui::snapshot().caret_start == 8);
}

TEST_CASE("a checklist is filled in through the tree alone; the acute item is announced assertively") {
  HeadlessImGui imgui;
  Tablet tablet;
  App &app = *tablet.app;
  const ImVec2 size = kLandscape;
  app.show_records();
  settle(imgui, app, size);
  activate_item(imgui, app, Role::button, "Nieuwe checklist", size);
  type_into(imgui, app, "Jaren", "2", size);
  activate_item(imgui, app, Role::button, "Checklist starten", size);
  REQUIRE(app.screen() == veldwijzer::Screen::record);
  settle(imgui, app, size);
  // The domains are tabs; the current one is selected.
  const Item tabs = require_item(Role::tablist, "Vroegsignalering JGZ");
  CHECK(require_item(Role::tab, "J1 ", tabs.id).state & veldwijzer::ui::kSelected);
  // Answer the last question of J1, below the bottom of the screen.
  const Item last = require_item(Role::radiogroup, "J1.5 ");
  CHECK(last.min.y > size.y);
  activate_item(imgui, app, Role::radio, "Nee", size, last.id);
  settle(imgui, app, size);
  CHECK(require_item(Role::radio, "Nee", require_item(Role::radiogroup, "J1.5 ").id).state & veldwijzer::ui::kChecked);
  CHECK(require_item(Role::radiogroup, "J1.5 ").max.y <= size.y); // scrolled into view

  (void)veldwijzer::ui::take_announcements();
  activate_item(imgui, app, Role::tab, "J4 ", size);
  CHECK(require_item(Role::tab, "J4 ").state & veldwijzer::ui::kSelected);
  activate_item(imgui, app, Role::radio, "Ja", size, require_item(Role::radiogroup, "J4.4 ").id);
  settle(imgui, app, size);
  const auto said = veldwijzer::ui::take_announcements();
  REQUIRE_FALSE(said.empty());
  CHECK(said.front().assertive);
  CHECK(said.front().text == app.t("record.acute.title"));
  // The banner comes first: above the checklist on screen and in reading order.
  const Snapshot &tree = veldwijzer::ui::snapshot();
  const Item banner = require_item(Role::button, app.t("record.acute.title"));
  const Item tabs_now = require_item(Role::tablist, "Vroegsignalering JGZ");
  CHECK(tree.find(banner.id) < tree.find(tabs_now.id));
  CHECK(banner.max.y < 200.0f);
  // Said once, not every frame.
  settle(imgui, app, size);
  CHECK(veldwijzer::ui::take_announcements().empty());
  activate_item(imgui, app, Role::button, app.t("record.acute.title"), size);
  CHECK(app.location() == "route/route-acuut-gevaar");
  CHECK(app.missing_keys().empty());
}

TEST_CASE("keyboard focus moves with Tab and the tree says which item has it") {
  HeadlessImGui imgui;
  Tablet tablet;
  App &app = *tablet.app;
  settle(imgui, app);
  ImGuiIO &io = ImGui::GetIO();
  std::vector<std::string> visited;
  for (int i = 0; i < 6; ++i) {
    io.AddKeyEvent(ImGuiKey_Tab, true);
    imgui.frame(app, kLandscape);
    io.AddKeyEvent(ImGuiKey_Tab, false);
    settle(imgui, app);
    const Snapshot &tree = veldwijzer::ui::snapshot();
    REQUIRE(tree.focused != 0);
    const Item *focused = tree.find(tree.focused);
    REQUIRE(focused != nullptr);
    CHECK(focused->state & veldwijzer::ui::kFocused);
    visited.push_back(focused->name);
  }
  INFO(visited.size());
  CHECK(std::find(visited.begin(), visited.end(), "Over Veldwijzer") != visited.end());
  CHECK(std::find(visited.begin(), visited.end(), "Zoeken in de sociale kaart") != visited.end());
  // Enter activates what has the focus: here the card's button.
  while (veldwijzer::ui::snapshot().find(veldwijzer::ui::snapshot().focused)->name != "Zoeken in de sociale kaart") {
    io.AddKeyEvent(ImGuiKey_Tab, true);
    imgui.frame(app, kLandscape);
    io.AddKeyEvent(ImGuiKey_Tab, false);
    settle(imgui, app);
  }
  io.AddKeyEvent(ImGuiKey_Enter, true);
  imgui.frame(app, kLandscape);
  io.AddKeyEvent(ImGuiKey_Enter, false);
  settle(imgui, app);
  CHECK(app.location() == "search");
  // ImGui draws a focus ring while the keyboard is in use.
  CHECK_FALSE(ImGui::GetCurrentContext()->NavDisableHighlight);
  // On the new screen Tab goes on from the top.
  for (int i = 0; i < 2; ++i) {
    io.AddKeyEvent(ImGuiKey_Tab, true);
    imgui.frame(app, kLandscape);
    io.AddKeyEvent(ImGuiKey_Tab, false);
    settle(imgui, app);
    ImGuiContext &g = *ImGui::GetCurrentContext();
    INFO("nav " << g.NavId << " active " << g.ActiveId << " window " << (g.NavWindow ? g.NavWindow->Name : "-"));
    CHECK(veldwijzer::ui::snapshot().focused != 0);
  }
}

TEST_CASE("a focus request moves ImGui's keyboard focus to the item and shows the ring") {
  HeadlessImGui imgui;
  Tablet tablet;
  App &app = *tablet.app;
  settle(imgui, app);
  const Item about = require_item(Role::button, "Over Veldwijzer");
  veldwijzer::ui::request_focus(about.id);
  settle(imgui, app);
  CHECK(veldwijzer::ui::snapshot().focused == about.id);
  CHECK(ImGui::GetCurrentContext()->NavId == about.id);
  CHECK_FALSE(ImGui::GetCurrentContext()->NavDisableHighlight);
  CHECK_FALSE(app.about_open()); // focus is not a press
}

TEST_CASE("applying each frame's diff to the previous tree rebuilds the next tree exactly") {
  // A stand-in for the DOM: children per container, changed only as the
  // browser mirror does (insert before `next`, remove), then compared.
  std::mt19937 random(8);
  const auto make = [&](int n) {
    Snapshot s;
    std::vector<ImGuiID> containers = {0};
    for (int i = 0; i < n; ++i) {
      Item item;
      item.id = static_cast<ImGuiID>(1 + random() % 60);
      if (s.find(item.id) != nullptr) {
        continue;
      }
      item.parent = containers[random() % containers.size()];
      item.role = random() % 5 == 0 ? Role::group : Role::button;
      item.name = "n" + std::to_string(random() % 3);
      item.min = ImVec2(static_cast<float>(random() % 4), 0.0f);
      if (item.role == Role::group) {
        containers.push_back(item.id);
      }
      s.items.push_back(item);
    }
    return s;
  };
  using Tree = std::map<ImGuiID, std::vector<ImGuiID>>; // container -> children in order
  const auto tree_of = [](const Snapshot &s) {
    Tree tree;
    for (const Item &item : s.items) {
      tree[item.parent].push_back(item.id);
    }
    return tree;
  };
  for (int round = 0; round < 300; ++round) {
    const Snapshot before = make(30);
    const Snapshot after = make(30);
    Tree dom = tree_of(before);
    const veldwijzer::ui::Diff d = veldwijzer::ui::diff(before, after);
    const auto detach = [&](ImGuiID id) {
      for (auto &[parent, children] : dom) {
        children.erase(std::remove(children.begin(), children.end(), id), children.end());
      }
    };
    for (ImGuiID id : d.removed) {
      detach(id);
      dom.erase(id); // a removed container goes with its children
    }
    for (const auto &change : d.changes) {
      const Item &item = after.items[change.index];
      if (!(change.what & (veldwijzer::ui::Diff::kNew | veldwijzer::ui::Diff::kPlace))) {
        continue;
      }
      detach(item.id);
      auto &children = dom[item.parent];
      const auto at = change.next == 0 ? children.end() : std::find(children.begin(), children.end(), change.next);
      REQUIRE((change.next == 0 || at != children.end()));
      children.insert(at, item.id);
    }
    Tree expected = tree_of(after);
    std::erase_if(dom, [](const auto &entry) { return entry.second.empty(); });
    INFO("round " << round);
    REQUIRE(dom == expected);
  }
}

TEST_CASE("text keeps at least 4.5:1 contrast on every background, in the normal and the high-contrast theme") {
  HeadlessImGui imgui;
  for (const bool high_contrast : {false, true}) {
    veldwijzer::apply_theme(veldwijzer::Appearance{veldwijzer::TextSize::normal, high_contrast});
    const ImVec4 *c = ImGui::GetStyle().Colors;
    std::vector<std::pair<std::string, ImVec4>> backgrounds = {
        {"WindowBg", c[ImGuiCol_WindowBg]},
        {"ChildBg", c[ImGuiCol_ChildBg]},
        {"PopupBg", c[ImGuiCol_PopupBg]},
        {"FrameBg", c[ImGuiCol_FrameBg]},
        {"FrameBgHovered", c[ImGuiCol_FrameBgHovered]},
        {"FrameBgActive", c[ImGuiCol_FrameBgActive]},
        {"Button", c[ImGuiCol_Button]},
        {"ButtonHovered", c[ImGuiCol_ButtonHovered]},
        {"ButtonActive", c[ImGuiCol_ButtonActive]},
        {"Header", c[ImGuiCol_Header]},
        {"HeaderHovered", c[ImGuiCol_HeaderHovered]},
        {"HeaderActive", c[ImGuiCol_HeaderActive]},
        {"TitleBg", c[ImGuiCol_TitleBg]},
        {"TitleBgActive", c[ImGuiCol_TitleBgActive]},
        {"TableRowBgAlt", over(c[ImGuiCol_TableRowBgAlt], c[ImGuiCol_ChildBg])},
        {"TableRowBgAlt on window", over(c[ImGuiCol_TableRowBgAlt], c[ImGuiCol_WindowBg])},
    };
    // Body text on anything; secondary text and the meaning colours on the
    // page, cards, popups and fields (where the screens use them).
    std::vector<std::pair<std::string, ImVec4>> texts = {{"Text", c[ImGuiCol_Text]}};
    const std::vector<std::pair<std::string, ImVec4>> on_page = {
        {"TextDisabled", c[ImGuiCol_TextDisabled]},
        {"kWarningText", veldwijzer::theme::kWarningText},
        {"kOpenText", veldwijzer::theme::kOpenText},
        {"kAcute", veldwijzer::theme::kAcute},
    };
    const auto check = [&](const std::string &fg_name, const ImVec4 &fg, const std::string &bg_name, const ImVec4 &bg) {
      const double ratio = contrast(fg, over(bg, c[ImGuiCol_WindowBg]));
      INFO((high_contrast ? "high contrast: " : "normal: ") << fg_name << " on " << bg_name << " = " << ratio);
      CHECK(ratio >= 4.5);
    };
    for (const auto &[bg_name, bg] : backgrounds) {
      check("Text", c[ImGuiCol_Text], bg_name, bg);
    }
    for (const auto &[fg_name, fg] : on_page) {
      for (const char *bg_name : {"WindowBg", "ChildBg", "PopupBg", "FrameBg"}) {
        const auto bg = std::find_if(backgrounds.begin(), backgrounds.end(),
                                     [&](const auto &entry) { return entry.first == bg_name; });
        check(fg_name, fg, bg_name, bg->second);
      }
    }
    // Text on the filled colours of acute banners, chosen answers and level badges.
    using namespace veldwijzer::theme;
    const std::pair<const char *, ImVec4> fills[] = {
        {"kAcute", kAcute},          {"kAcuteHovered", kAcuteHovered},
        {"kSelected", kSelected},    {"kSelectedHovered", kSelectedHovered},
        {"kLevelNone", kLevelNone},  {"kLevelConcern", kLevelConcern},
        {"kLevelAcute", kLevelAcute}};
    for (const auto &[name, fill] : fills) {
      check("kOnDark", kOnDark, name, fill);
    }
    check("level ink", ImVec4(0.10f, 0.13f, 0.16f, 1.0f), "kLevelAttention", kLevelAttention);
  }
  veldwijzer::apply_theme();
}

TEST_CASE("after Enter opens another screen, Tab goes on through the new screen's controls") {
  HeadlessImGui imgui;
  Tablet tablet;
  App &app = *tablet.app;
  app.show_records();
  settle(imgui, app);
  ImGuiIO &io = ImGui::GetIO();
  const auto press = [&](ImGuiKey key) {
    io.AddKeyEvent(key, true);
    imgui.frame(app, kLandscape);
    io.AddKeyEvent(key, false);
    settle(imgui, app);
  };
  const auto focused_name = [] {
    const Item *item = veldwijzer::ui::snapshot().find(veldwijzer::ui::snapshot().focused);
    return item != nullptr ? item->name : std::string("(none)");
  };
  for (int i = 0; i < 20 && focused_name() != "+ Nieuwe checklist"; ++i) {
    press(ImGuiKey_Tab);
  }
  REQUIRE(focused_name() == "+ Nieuwe checklist");
  press(ImGuiKey_Enter);
  REQUIRE(app.location() == "records/new");
  // Regression: focus stayed on the pressed button, now gone, and Tab did nothing.
  press(ImGuiKey_Tab);
  CHECK(focused_name() == "Terug"); // the top of the new screen
  for (int i = 0; i < 12 && focused_name() != "Checklist starten"; ++i) {
    press(ImGuiKey_Tab);
  }
  CHECK(focused_name() == "Checklist starten");
}

TEST_CASE("scrolling a list moves its window's origin in the diff, not every row") {
  HeadlessImGui imgui;
  Tablet tablet;
  App &app = *tablet.app;
  app.show_search(); // every service: a long list
  settle(imgui, app);
  const std::size_t rows =
      std::count_if(veldwijzer::ui::snapshot().items.begin(), veldwijzer::ui::snapshot().items.end(),
                    [](const Item &item) { return item.role == Role::link; });
  CHECK(rows > 20); // all of them (in and around Enschede), also those below the screen's bottom
  ImGuiIO &io = ImGui::GetIO();
  io.AddMousePosEvent(500.0f, 600.0f);
  imgui.frame(app, kLandscape);
  io.AddMouseWheelEvent(0.0f, -5.0f);
  imgui.frame(app, kLandscape); // drawn scrolled
  const veldwijzer::ui::Diff d = veldwijzer::ui::diff(veldwijzer::ui::previous_snapshot(), veldwijzer::ui::snapshot());
  REQUIRE(d.moved.size() >= 1);
  CHECK(d.moved.front().window == screen_window()->ID);
  CHECK(d.changes.size() < 5); // the rows did not change: only where their window starts
  CHECK(screen_window()->Scroll.y > 0.0f);
}

// One frame of hand-made windows (no app), for what the app's screens never do.
template <typename Draw> void frame_of(Draw draw, ImVec2 size = kLandscape) {
  ImGuiIO &io = ImGui::GetIO();
  io.DisplaySize = size;
  io.DeltaTime = 1.0f / 60.0f;
  ImGui::NewFrame();
  draw();
  ImGui::Render();
}

TEST_CASE("what a window that is not shown submitted is not in the tree: collapsed, hidden, their children") {
  HeadlessImGui imgui;
  // Screens describe text and groups without asking whether their window is
  // shown; Dear ImGui skips the widgets of such a window itself.
  const auto contents = [](const char *what) {
    ImGui::Button((std::string("knop ") + what).c_str());
    ImGui::TextUnformatted(what);
    veldwijzer::ui::text(std::string("tekst ") + what);
    veldwijzer::ui::begin_group(Role::radiogroup, std::string("groep ") + what);
    ImGui::RadioButton((std::string("keuze ") + what).c_str(), false);
    veldwijzer::ui::end_group();
    if (ImGui::BeginChild("##kind", ImVec2(200.0f, 60.0f))) {
      veldwijzer::ui::text(std::string("in kind ") + what);
    }
    ImGui::EndChild();
  };
  const auto draw = [&] {
    ImGui::SetNextWindowPos(ImVec2(10.0f, 10.0f));
    ImGui::SetNextWindowSize(ImVec2(400.0f, 300.0f));
    ImGui::Begin("Zichtbaar");
    contents("zichtbaar");
    // A child scrolled out of its window's sight is still on the page: in the tree.
    ImGui::Dummy(ImVec2(10.0f, 1000.0f));
    if (ImGui::BeginChild("##onder", ImVec2(200.0f, 100.0f))) {
      ImGui::Button("onder de vouw");
    }
    ImGui::EndChild();
    ImGui::End();

    ImGui::SetNextWindowPos(ImVec2(420.0f, 10.0f));
    ImGui::SetNextWindowSize(ImVec2(400.0f, 300.0f));
    ImGui::SetNextWindowCollapsed(true);
    ImGui::Begin("Ingeklapt"); // the return value ignored, as careless code does
    contents("ingeklapt");
    ImGui::End();

    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.0f); // Dear ImGui hides a fully transparent window
    ImGui::SetNextWindowPos(ImVec2(10.0f, 400.0f));
    ImGui::SetNextWindowSize(ImVec2(400.0f, 300.0f));
    ImGui::Begin("Verborgen");
    contents("verborgen");
    ImGui::End();
    ImGui::PopStyleVar();

    if (ImGui::BeginPopup("niet geopend")) { // a closed popup submits nothing
      contents("popup");
      ImGui::EndPopup();
    }
  };
  for (int i = 0; i < 3; ++i) {
    frame_of(draw);
  }
  const Snapshot &tree = veldwijzer::ui::snapshot();
  const std::string outline = tree.outline();
  INFO(outline);
  for (const char *seen : {"knop zichtbaar", "tekst zichtbaar", "groep zichtbaar", "keuze zichtbaar",
                           "in kind zichtbaar", "onder de vouw"}) {
    CHECK(outline.find(seen) != std::string::npos);
  }
  for (const char *hidden : {"ingeklapt", "verborgen", "popup"}) {
    CHECK(outline.find(hidden) == std::string::npos);
  }
  CHECK(find_item(Role::dialog, "Zichtbaar") != nullptr);
  // Every item's parent is in the tree too: nothing hangs from a dropped container.
  for (const Item &item : tree.items) {
    CHECK((item.parent == 0 || tree.find(item.parent) != nullptr));
  }
}

TEST_CASE("the about window's items leave the tree when it closes, and its first, measuring frame shows none") {
  HeadlessImGui imgui;
  Tablet tablet;
  App &app = *tablet.app;
  settle(imgui, app);
  const std::size_t home_items = veldwijzer::ui::snapshot().items.size();
  app.open_about();
  imgui.frame(app, kLandscape); // Dear ImGui sizes an auto-resizing window unseen first
  CHECK(find_item(Role::dialog, "Over Veldwijzer") == nullptr);
  CHECK(find_item(Role::radiogroup, "Tekstgrootte") == nullptr);
  settle(imgui, app);
  const Item dialog = require_item(Role::dialog, "Over Veldwijzer");
  require_item(Role::radiogroup, "Tekstgrootte", dialog.id);
  app.close_about();
  settle(imgui, app);
  CHECK(find_item(Role::dialog, "Over Veldwijzer") == nullptr);
  CHECK(find_item(Role::button, "Sluiten") == nullptr);
  CHECK(veldwijzer::ui::snapshot().items.size() == home_items);
}

// The collector for the sync screen: scripted answers, then "no network".
struct ScriptedTransport : veldwijzer::HttpTransport {
  std::deque<veldwijzer::HttpResponse> answers;
  void send(const veldwijzer::HttpRequest &, std::function<void(veldwijzer::HttpResponse)> done) override {
    veldwijzer::HttpResponse response;
    response.error = "NetworkError when attempting to fetch resource.";
    if (!answers.empty()) {
      response = answers.front();
      answers.pop_front();
    }
    done(response);
  }
};

TEST_CASE("the sync screen names its field, headings and status, and announces each result once") {
  HeadlessImGui imgui;
  TempFolder tmp;
  test_device::DeviceFiles files(tmp);
  files.open();
  ScriptedTransport collector;
  auto table = veldwijzer::builtin_translations();
  auto data = veldwijzer::builtin_directory_data();
  REQUIRE((table.ok() && data.ok()));
  auto library = veldwijzer::builtin_checklists(data.value()->routes);
  REQUIRE(library.ok());
  veldwijzer::AppPlatform platform;
  platform.now = [] { return kNow; };
  platform.transport = &collector;
  platform.random_unit = [] { return 0.5; };
  App app(std::move(table).value(), std::move(data).value(), std::move(library).value(), std::move(platform));
  files.attach(app); // the token and the reports live in the records' vault: the PIN first
  app.show_sync();
  settle(imgui, app);
  (void)veldwijzer::ui::take_announcements();
  CHECK(require_item(Role::heading, "Tellingen delen met de regio").level == 1);
  // Typed by its name, as a screen reader user or voice control would.
  type_into(imgui, app, "Koppelcode", "ABCD-EFGH-JKLM", kLandscape);
  CHECK(require_item(Role::textbox, "Koppelcode").value == "ABCD-EFGH-JKLM");
  CHECK_FALSE(require_item(Role::button, "Koppelen").state & veldwijzer::ui::kDisabled);
  CHECK(require_item(Role::button, "Nu synchroniseren").state & veldwijzer::ui::kDisabled);

  // A refused code: said at once, assertively, with the collector's reason.
  veldwijzer::HttpResponse refused;
  refused.status = 410;
  refused.body = R"({"error": "code_used", "message": "deze code is al gebruikt"})";
  collector.answers.push_back(refused);
  activate_item(imgui, app, Role::button, "Koppelen", kLandscape);
  settle(imgui, app);
  auto said = veldwijzer::ui::take_announcements();
  REQUIRE(said.size() == 1);
  CHECK(said[0].assertive);
  CHECK(said[0].text.find("deze code is al gebruikt") != std::string::npos);

  veldwijzer::HttpResponse enrolled;
  enrolled.status = 200;
  enrolled.body = R"({"token": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "token_id": "t-1a2b", "organisation": "GGD Twente JGZ", "municipalities": ["GM0153"], "kind": "submit"})";
  collector.answers.push_back(enrolled);
  activate_item(imgui, app, Role::button, "Koppelen", kLandscape);
  settle(imgui, app);
  (void)veldwijzer::ui::take_announcements();
  require_item(Role::text, "Gekoppeld aan GGD Twente JGZ");

  // Nothing to send and the network is up: "gelukt", politely, once.
  const auto sync_now_and_hear = [&] {
    activate_item(imgui, app, Role::button, "Nu synchroniseren", kLandscape);
    settle(imgui, app);
    return veldwijzer::ui::take_announcements();
  };
  said = sync_now_and_hear();
  INFO(veldwijzer::ui::snapshot().outline());
  REQUIRE(app.sync_client()->status().state == veldwijzer::SyncStatus::State::done);
  REQUIRE(said.size() == 1);
  CHECK(said[0].text == "Synchronisatie gelukt");
  CHECK_FALSE(said[0].assertive);
  CHECK(require_item(Role::status, "Klaar: ").name.starts_with("Klaar: "));
  settle(imgui, app);
  CHECK(veldwijzer::ui::take_announcements().empty()); // said once, not every frame
  // The same outcome again is a new result: said again.
  CHECK(sync_now_and_hear().size() == 1);
}

TEST_CASE("the PIN screens name their fields, mark them secret, and never put the PIN in the tree") {
  HeadlessImGui imgui;
  Tablet tablet(false);
  App &app = *tablet.app;
  const auto no_pin_in_tree = [](const std::string &pin) {
    INFO(veldwijzer::ui::snapshot().outline());
    CHECK(veldwijzer::ui::snapshot().outline().find(pin) == std::string::npos);
    for (const Item &item : veldwijzer::ui::snapshot().items) {
      CHECK(item.value.find(pin) == std::string::npos);
      CHECK(item.name.find(pin) == std::string::npos);
    }
  };
  const auto secret_field = [](const char *name) {
    const Item field = require_item(Role::textbox, name);
    CHECK(field.name == name);
    CHECK(field.state & veldwijzer::ui::kSecret);
    CHECK(field.value.empty());
  };
  app.show_records();
  settle(imgui, app);

  // First use: set a PIN.
  CHECK(require_item(Role::heading, "Pincode instellen").level == 2);
  secret_field("Nieuwe pincode");
  secret_field("Herhaal pincode");
  type_into(imgui, app, "Nieuwe pincode", "86420975", kLandscape);
  secret_field("Nieuwe pincode"); // typed, and still no value in the tree
  no_pin_in_tree("86420975");
  type_into(imgui, app, "Herhaal pincode", "86420976", kLandscape);
  no_pin_in_tree("86420976");
  (void)veldwijzer::ui::take_announcements();
  activate_item(imgui, app, Role::button, "Pincode instellen", kLandscape);
  auto said = veldwijzer::ui::take_announcements();
  REQUIRE_FALSE(said.empty());
  CHECK(said.back().text == "De twee pincodes zijn niet gelijk.");
  CHECK(said.back().assertive);
  CHECK(app.vault_state() == veldwijzer::VaultState::no_pin);
  type_into(imgui, app, "Nieuwe pincode", "86420975", kLandscape);
  type_into(imgui, app, "Herhaal pincode", "86420975", kLandscape);
  activate_item(imgui, app, Role::button, "Pincode instellen", kLandscape);
  REQUIRE(app.vault_state() == veldwijzer::VaultState::unlocked);
  settle(imgui, app);
  no_pin_in_tree("86420975");

  // The change form on the records list.
  activate_item(imgui, app, Role::button, "Pincode wijzigen", kLandscape);
  CHECK(require_item(Role::heading, "Pincode wijzigen").level == 2);
  secret_field("Huidige pincode");
  secret_field("Nieuwe pincode");
  secret_field("Herhaal pincode");
  type_into(imgui, app, "Huidige pincode", "86420975", kLandscape);
  secret_field("Huidige pincode");
  no_pin_in_tree("86420975");
  activate_item(imgui, app, Role::button, "Annuleren", kLandscape);
  CHECK(find_item(Role::textbox, "Huidige pincode") == nullptr);

  // Locked: one field, "Pincode"; a wrong PIN is said at once.
  activate_item(imgui, app, Role::button, "Vergrendelen", kLandscape);
  CHECK(app.vault_state() == veldwijzer::VaultState::locked);
  CHECK(require_item(Role::heading, "Checklists vergrendeld").level == 2);
  secret_field("Pincode");
  type_into(imgui, app, "Pincode", "11223344", kLandscape);
  secret_field("Pincode");
  no_pin_in_tree("11223344");
  (void)veldwijzer::ui::take_announcements();
  activate_item(imgui, app, Role::button, "Ontgrendelen", kLandscape);
  said = veldwijzer::ui::take_announcements();
  REQUIRE_FALSE(said.empty());
  CHECK(said.back().text.starts_with("Pincode onjuist"));
  CHECK(said.back().assertive);
  no_pin_in_tree("11223344");

  // "Pincode vergeten?" asks first, with its two buttons.
  activate_item(imgui, app, Role::button, "Pincode vergeten?", kLandscape);
  CHECK(require_item(Role::heading, "Pincode vergeten?").level == 2);
  require_item(Role::button, "Alles wissen");
  activate_item(imgui, app, Role::button, "Annuleren", kLandscape);
  secret_field("Pincode");
  CHECK(app.missing_keys().empty());
}
