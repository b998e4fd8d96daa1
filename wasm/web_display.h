// web_display.h — canvas size and pixel ratio.
//
// The canvas's CSS size is what ImGui lays out in; its backing store is CSS
// size × devicePixelRatio (capped at 2) so text is crisp on tablets.
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

} // namespace veldwijzer::web
