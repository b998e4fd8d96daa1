// touch_scroll.h — a finger drags a list, it does not press what it started on.
//
// Dear ImGui scrolls with a wheel or the scroll bar; on a tablet a finger
// drag must scroll instead. Call TouchScroll::update() once per frame after
// ImGui::NewFrame(): a touch that moves further than a small threshold
// scrolls the window under it (or its nearest scrollable parent) and cancels
// the press, so letting go does not activate a button. Mouse input is left
// alone. (Inertia is for a later change.)
#pragma once

struct ImGuiWindow;

namespace veldwijzer {

class TouchScroll {
public:
  void update();
  bool dragging() const { return target_ != nullptr; }

private:
  ImGuiWindow *target_ = nullptr;
};

} // namespace veldwijzer
