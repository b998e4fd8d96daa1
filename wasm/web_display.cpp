// web_display.cpp — keeps the canvas backing store matched to its CSS box,
// and the CSS box matched to the visible part of the window.
#include "web_display.h"

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>

namespace veldwijzer::web {
namespace {

void (*g_on_change)() = nullptr;

// clang-format off
EM_JS(void, js_track_visible_viewport, (), {
  const root = document.documentElement.style;
  const follow = function () {
    const vv = window.visualViewport;
    if (vv) {
      // index.html sizes the canvas and the mirror with these.
      root.setProperty('--vv-top', vv.offsetTop + 'px');
      root.setProperty('--vv-height', vv.height + 'px');
    }
    Module._veldwijzer_viewport_changed();
  };
  if (window.visualViewport) {
    window.visualViewport.addEventListener('resize', follow);
    window.visualViewport.addEventListener('scroll', follow);
  } else {
    window.addEventListener('resize', follow);
  }
  follow();
});
// clang-format on

} // namespace
} // namespace veldwijzer::web

extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_viewport_changed() {
  if (veldwijzer::web::g_on_change != nullptr) {
    veldwijzer::web::g_on_change();
  }
}

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

void track_visible_viewport(void (*on_change)()) {
  g_on_change = on_change;
  js_track_visible_viewport();
}

} // namespace veldwijzer::web
