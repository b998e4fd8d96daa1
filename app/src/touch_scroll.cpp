// touch_scroll.cpp — drag-to-scroll for touch input.
#include "veldwijzer/touch_scroll.h"

#include "imgui.h"
#include "imgui_internal.h" // hovered window, SetScrollY(window), ClearActiveID

#include <cmath>

namespace veldwijzer {
namespace {
// Past this distance (CSS pixels) a touch is a drag, not a tap.
constexpr float kDragThreshold = 10.0f;
} // namespace

void TouchScroll::update() {
  ImGuiContext &g = *ImGui::GetCurrentContext();
  const ImGuiIO &io = g.IO;
  if (!io.MouseDown[ImGuiMouseButton_Left] || io.MouseSource != ImGuiMouseSource_TouchScreen) {
    target_ = nullptr;
    return;
  }
  if (target_ == nullptr) {
    const ImVec2 moved = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f);
    if (std::fabs(moved.y) < kDragThreshold || std::fabs(moved.y) < std::fabs(moved.x) || g.HoveredWindow == nullptr) {
      return;
    }
    // The nearest window that can scroll: the list itself, or the screen around it.
    ImGuiWindow *window = g.HoveredWindow;
    while (window != nullptr && window->ScrollMax.y <= 0.0f) {
      window = window->ParentWindow;
    }
    if (window == nullptr) {
      return;
    }
    target_ = window;
    ImGui::ClearActiveID(); // the touch began on a button or row: it must not fire
    ImGui::SetScrollY(target_, target_->Scroll.y - moved.y);
    return;
  }
  ImGui::SetScrollY(target_, target_->Scroll.y - io.MouseDelta.y);
}

} // namespace veldwijzer
