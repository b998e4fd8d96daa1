// headless_imgui.h — Dear ImGui without a browser or GPU, for the screen tests:
// a context with the real font atlas and theme, frames of a chosen size, and
// a finger. Widgets are found by what a person sees — role and label, through
// the accessibility snapshot (veldwijzer/ui_snapshot.h):
//   tap_item(imgui, app, Role::button, "Nieuwe checklist", size);
//   type_into(imgui, app, "Zoek", "huislijk geweld", size);
// or by their ImGui id (by moving the pointer until ImGui reports it hovered).
#pragma once

#include "veldwijzer/app.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "imgui.h"
#include "imgui_internal.h" // ImHashStr, ImGuiWindow, HoveredId

#include <catch_amalgamated.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

// An ImGui context with the real font atlas and theme, freed at scope end.
struct HeadlessImGui {
  explicit HeadlessImGui(const veldwijzer::Appearance &appearance = {}) {
    ImGui::CreateContext();
    ImGuiIO &io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard; // as in the browser
    veldwijzer::apply_theme(appearance);
    veldwijzer::load_ui_fonts(1.0f, appearance.text_scale());
    io.Fonts->Build();
    veldwijzer::ui::capture(true); // every frame leaves a snapshot to address widgets by label
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui &) = delete;
  HeadlessImGui &operator=(const HeadlessImGui &) = delete;

  void frame(veldwijzer::App &app, float width, float height) {
    ImGuiIO &io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
  }
  void frame(veldwijzer::App &app, ImVec2 size) { frame(app, size.x, size.y); }
};

// The app's full-screen window.
inline ImGuiWindow *screen_window() {
  return ImGui::FindWindowByName("##screen");
}

// A child window made by BeginChild(str_id) directly inside parent (no PushID
// in between): Dear ImGui names it "<parent>/<str_id>_<id>".
inline ImGuiWindow *child_window(ImGuiWindow *parent, const char *str_id) {
  if (parent == nullptr) {
    return nullptr;
  }
  char name[256];
  ImFormatString(name, sizeof name, "%s/%s_%08X", parent->Name, str_id, ImHashStr(str_id, 0, parent->ID));
  return ImGui::FindWindowByName(name);
}

// The id of a widget: the window's id, then each PushID string, then the
// widget's label (a "###name" label hashes as "###name" alone).
inline ImGuiID widget_id(const ImGuiWindow *window, std::initializer_list<const char *> path) {
  ImGuiID id = window->ID;
  for (const char *part : path) {
    id = ImHashStr(part, 0, id);
  }
  return id;
}

// Where the widget is on screen, found by pointing at the window on a grid
// finer than the smallest finger target; nullopt when it is not drawn.
inline std::optional<ImVec2> locate(HeadlessImGui &imgui, veldwijzer::App &app, ImGuiID id, ImVec2 size) {
  ImGuiIO &io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
  for (float x = 6.0f; x < size.x; x += 30.0f) {
    for (float y = 6.0f; y < size.y; y += 20.0f) {
      io.AddMousePosEvent(x, y);
      imgui.frame(app, size);
      if (ImGui::GetCurrentContext()->HoveredId == id) {
        return ImVec2(x, y);
      }
    }
  }
  return std::nullopt;
}

// A finger tap at a point: down and up without moving. The press takes
// effect in the frame of the release.
inline void tap(HeadlessImGui &imgui, veldwijzer::App &app, ImVec2 at, ImVec2 size) {
  ImGuiIO &io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  io.AddMousePosEvent(at.x, at.y);
  imgui.frame(app, size);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
  imgui.frame(app, size);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
  imgui.frame(app, size);
}

// Widest content of a window compared with the room it has: a line wider than
// its window is clipped (our screens have no horizontal scrolling).
inline bool content_fits(const ImGuiWindow *window) {
  return window->ContentSize.x <= window->ContentRegionRect.GetWidth() + 1.0f;
}

// --- By role and label, through the accessibility snapshot -------------------

// Whether item lies inside container (its parent chain reaches it).
inline bool inside(const veldwijzer::ui::Snapshot &snapshot, const veldwijzer::ui::Item &item, ImGuiID container) {
  for (ImGuiID parent = item.parent; parent != 0;) {
    if (parent == container) {
      return true;
    }
    const veldwijzer::ui::Item *up = snapshot.find(parent);
    parent = up != nullptr ? up->parent : 0;
  }
  return container == 0;
}

// The last frame's item with this role named `name` — exactly, or else the
// first whose name contains it (as Playwright's getByRole) — inside `within`
// (a container's id; 0: anywhere). nullptr when there is none.
inline const veldwijzer::ui::Item *find_item(veldwijzer::ui::Role role, std::string_view name, ImGuiID within = 0) {
  const veldwijzer::ui::Snapshot &snapshot = veldwijzer::ui::snapshot();
  const veldwijzer::ui::Item *partial = nullptr;
  for (const veldwijzer::ui::Item &item : snapshot.items) {
    if (item.role != role || !inside(snapshot, item, within)) {
      continue;
    }
    if (item.name == name) {
      return &item;
    }
    if (partial == nullptr && item.name.find(name) != std::string::npos) {
      partial = &item;
    }
  }
  return partial;
}

// The same, required: fails the test with the screen's outline when missing.
inline veldwijzer::ui::Item require_item(veldwijzer::ui::Role role, std::string_view name, ImGuiID within = 0) {
  const veldwijzer::ui::Item *item = find_item(role, name, within);
  INFO("no " << veldwijzer::ui::role_name(role) << " \"" << name << "\" on screen:\n"
             << veldwijzer::ui::snapshot().outline());
  REQUIRE(item != nullptr);
  return *item;
}

// A finger tap on the centre of the named item, where the snapshot says it is.
inline void tap_item(HeadlessImGui &imgui, veldwijzer::App &app, veldwijzer::ui::Role role, std::string_view name,
                     ImVec2 size, ImGuiID within = 0) {
  const veldwijzer::ui::Item item = require_item(role, name, within);
  const ImVec2 centre((item.min.x + item.max.x) * 0.5f, (item.min.y + item.max.y) * 0.5f);
  INFO(veldwijzer::ui::role_name(role) << " \"" << item.name << "\" at " << centre.x << "," << centre.y);
  REQUIRE((centre.x >= 0.0f && centre.y >= 0.0f && centre.x < size.x && centre.y < size.y));
  tap(imgui, app, centre, size);
}

// Activates the named item as a screen reader would (wherever it is, even
// scrolled away): Dear ImGui's nav activation, then frames to let it act.
inline void activate_item(HeadlessImGui &imgui, veldwijzer::App &app, veldwijzer::ui::Role role, std::string_view name,
                          ImVec2 size, ImGuiID within = 0) {
  veldwijzer::ui::request_activation(require_item(role, name, within).id);
  for (int i = 0; i < 3; ++i) {
    imgui.frame(app, size);
  }
}

// Replaces the text of the named textbox, as the browser's <input> does.
inline void type_into(HeadlessImGui &imgui, veldwijzer::App &app, std::string_view textbox, std::string_view text,
                      ImVec2 size) {
  veldwijzer::ui::request_text(require_item(veldwijzer::ui::Role::textbox, textbox).id, text);
  for (int i = 0; i < 5; ++i) {
    imgui.frame(app, size);
  }
}
