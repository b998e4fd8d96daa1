// touch_scroll.h — a finger drags a list, it does not press what it started on,
// and a flicked list glides on after the finger lifts.
//
// Dear ImGui scrolls with a wheel or the scroll bar; on a tablet a finger
// drag must scroll instead. Call TouchScroll::update() once per frame after
// ImGui::NewFrame(): a touch that moves further than a small threshold
// scrolls the window under it (or its nearest scrollable parent) and cancels
// the press, so letting go does not activate a button. Lifted while still
// moving, the window keeps scrolling with the finger's speed, slowing down
// the way tablets do (about a tenth of its speed left after a second) until
// it stops, reaches an end, or the list is touched, wheeled or left.
// Mouse input is left alone.
//
// The glide needs frames without input: a render-on-demand platform keeps
// drawing while TouchScroll::any_gliding() is true. The platform must give
// ImGui the real time between frames (io.DeltaTime): the glide is timed.
#pragma once

struct ImGuiWindow;

namespace veldwijzer {

class TouchScroll {
public:
  TouchScroll() = default;
  TouchScroll(const TouchScroll &) = delete;
  TouchScroll &operator=(const TouchScroll &) = delete;
  ~TouchScroll();

  void update();
  bool dragging() const { return phase_ == Phase::dragging; }
  bool gliding() const { return phase_ == Phase::gliding; }
  // True while any list of any TouchScroll glides (the platform cannot reach
  // the app's own instance and need not: one glide is reason enough to draw).
  static bool any_gliding();

private:
  enum class Phase { idle, dragging, gliding };
  void set_phase(Phase phase);
  void drag(float dy, float dt, double now);
  void glide(float dt);

  Phase phase_ = Phase::idle;
  ImGuiWindow *target_ = nullptr;
  float velocity_ = 0.0f;  // scroll speed, CSS pixels per second (+: content moves up)
  float position_ = 0.0f;  // the glide's own scroll position (ImGui rounds its own)
  double last_move_ = 0.0; // ImGui time of the finger's last movement
  int still_frames_ = 0;   // frames of this drag since the finger last moved
};

} // namespace veldwijzer
