// web_display.h — canvas size and pixel ratio, and the part of the window
// that is really visible.
//
// The canvas's CSS size is what ImGui lays out in; its backing store is CSS
// size × devicePixelRatio (capped at 2) so text is crisp on tablets.
//
// The canvas and the accessible mirror cover the visual viewport: when a
// tablet's keyboard slides up (or the window is resized or rotated) the
// visualViewport shrinks, the page's --vv-top/--vv-height follow it and the
// app is laid out in what is left above the keyboard. on_change is then
// called inside the event, so the platform can draw the new size at once
// instead of showing a stretched or blank frame.
#pragma once

namespace veldwijzer::web {

struct DisplayMetrics {
  double css_width = 0;
  double css_height = 0;
  float pixel_ratio = 1.0f;
  int framebuffer_width = 0;
  int framebuffer_height = 0;
};

// Reads the canvas's CSS size and the ratio, resizes the backing store if they
// changed, and returns the result. Cheap enough to call every frame.
DisplayMetrics update_display(const char *canvas_selector);

// Listens to visualViewport resize and scroll (window resize where there is
// no visualViewport); on_change runs synchronously in the event.
void track_visible_viewport(void (*on_change)());

} // namespace veldwijzer::web
