// touch_scroll.cpp — drag-to-scroll with inertia for touch input.
#include "veldwijzer/touch_scroll.h"

#include "imgui.h"
#include "imgui_internal.h" // hovered window, SetScrollY(window), ClearActiveID

#include <algorithm>
#include <cmath>

namespace veldwijzer {
namespace {
// Past this distance (CSS pixels) a touch is a drag, not a tap.
constexpr float kDragThreshold = 10.0f;
// Speed decays as exp(-t / kGlideTimeConstant): 0.43 s leaves a tenth after
// one second, close to iOS's "normal" deceleration (0.998 per ms).
constexpr float kGlideTimeConstant = 0.43f;
// Slower than this (px/s) the glide is over; faster at release it starts.
constexpr float kGlideStopSpeed = 20.0f;
constexpr float kGlideStartSpeed = 100.0f;
// A finger held still this long before lifting flicks nothing. A finger that
// rests draws a frame or two more (render on demand settles), so a lift in
// the frame right after a movement is a flick however slow the frames are.
constexpr double kStillBeforeLift = 0.1;
constexpr int kStillFramesBeforeLift = 1;
// Longer gaps (the first frame after idle) are not speed: cap dt.
constexpr float kMaxStep = 1.0f / 20.0f;

int g_gliding = 0; // TouchScroll instances gliding now
} // namespace

TouchScroll::~TouchScroll() {
  set_phase(Phase::idle);
}

bool TouchScroll::any_gliding() {
  return g_gliding > 0;
}

void TouchScroll::set_phase(Phase phase) {
  if (phase_ == Phase::gliding) {
    --g_gliding;
  }
  if (phase == Phase::gliding) {
    ++g_gliding;
  }
  phase_ = phase;
  if (phase == Phase::idle) {
    target_ = nullptr;
    velocity_ = 0.0f;
  }
}

void TouchScroll::update() {
  ImGuiContext &g = *ImGui::GetCurrentContext();
  const ImGuiIO &io = g.IO;
  const float dt = std::clamp(io.DeltaTime, 1e-4f, kMaxStep);
  const bool touching = io.MouseDown[ImGuiMouseButton_Left] && io.MouseSource == ImGuiMouseSource_TouchScreen;

  if (phase_ == Phase::gliding) {
    // Any touch, click or wheel stops the glide where it is; the press itself
    // goes on as usual. So does a list that is no longer shown.
    const bool interrupted = io.MouseDown[ImGuiMouseButton_Left] || io.MouseDown[ImGuiMouseButton_Right] ||
                             io.MouseWheel != 0.0f || io.MouseWheelH != 0.0f;
    if (interrupted || !target_->WasActive) {
      set_phase(Phase::idle);
    } else {
      glide(dt);
      return;
    }
  }

  if (!touching) {
    if (phase_ == Phase::dragging) {
      // Lifted: a flick glides on, a finger that had come to rest does not.
      const bool moving = g.Time - last_move_ <= kStillBeforeLift || still_frames_ <= kStillFramesBeforeLift;
      const bool flicked = moving && std::fabs(velocity_) >= kGlideStartSpeed;
      if (flicked) {
        position_ = target_->Scroll.y;
        set_phase(Phase::gliding);
        glide(dt);
        return;
      }
    }
    set_phase(Phase::idle);
    return;
  }

  if (phase_ == Phase::idle) {
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
    set_phase(Phase::dragging);
    ImGui::ClearActiveID(); // the touch began on a button or row: it must not fire
    // Catch up with the finger; the distance so far took longer than a frame
    // and says nothing about its speed.
    ImGui::SetScrollY(target_, target_->Scroll.y - moved.y);
    velocity_ = 0.0f;
    last_move_ = g.Time;
    still_frames_ = 0;
    return;
  }
  drag(io.MouseDelta.y, dt, g.Time);
}

void TouchScroll::drag(float dy, float dt, double now) {
  ImGui::SetScrollY(target_, target_->Scroll.y - dy);
  if (dy != 0.0f) {
    // Smoothed finger speed: the last few frames count, one jittery frame does not.
    const float speed = -dy / dt;
    velocity_ = velocity_ == 0.0f ? speed : 0.6f * speed + 0.4f * velocity_;
    last_move_ = now;
    still_frames_ = 0;
  } else {
    ++still_frames_;
  }
}

void TouchScroll::glide(float dt) {
  position_ += velocity_ * dt;
  velocity_ *= std::exp(-dt / kGlideTimeConstant);
  const float end = target_->ScrollMax.y;
  const bool at_end = position_ <= 0.0f || position_ >= end;
  position_ = std::clamp(position_, 0.0f, end);
  ImGui::SetScrollY(target_, position_);
  if (at_end || std::fabs(velocity_) < kGlideStopSpeed) {
    set_phase(Phase::idle);
  }
}

} // namespace veldwijzer
