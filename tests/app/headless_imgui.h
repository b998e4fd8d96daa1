// headless_imgui.h — Dear ImGui without a browser or GPU, for the screen tests:
// a context with the real font atlas and theme, frames of a chosen size, and
// a finger: find a widget by its ImGui id (by moving the pointer until ImGui
// reports it hovered) and tap it.
#pragma once

#include "veldwijzer/app.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"

#include "imgui.h"
#include "imgui_internal.h" // ImHashStr, ImGuiWindow, HoveredId

#include <initializer_list>
#include <optional>

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
