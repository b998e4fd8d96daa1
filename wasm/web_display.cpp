// web_display.cpp — keeps the canvas backing store matched to its CSS box.
#include "web_display.h"

#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>

namespace veldwijzer::web {

DisplayMetrics update_display(const char *canvas) {
  DisplayMetrics m;
  emscripten_get_element_css_size(canvas, &m.css_width, &m.css_height);
  // Beyond 2x the extra pixels cost fill rate on tablet GPUs without visible gain.
  m.pixel_ratio = static_cast<float>(std::clamp(emscripten_get_device_pixel_ratio(), 1.0, 2.0));
  m.framebuffer_width = static_cast<int>(std::lround(m.css_width * m.pixel_ratio));
  m.framebuffer_height = static_cast<int>(std::lround(m.css_height * m.pixel_ratio));
  int current_width = 0;
  int current_height = 0;
  emscripten_get_canvas_element_size(canvas, &current_width, &current_height);
  if (current_width != m.framebuffer_width || current_height != m.framebuffer_height) {
    emscripten_set_canvas_element_size(canvas, m.framebuffer_width, m.framebuffer_height);
  }
  return m;
}

} // namespace veldwijzer::web
