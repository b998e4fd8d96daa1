// ui_font.h — the embedded UI font (Noto Sans, subset by script/setup).
//
// Dear ImGui's default font covers U+0020–U+00FF only; Dutch needs Ĳ/ĳ and
// typographic quotes and dashes. load_ui_font() adds the embedded TTF to the
// current context's atlas, rasterised at size × pixel_ratio for crisp HiDPI
// text, and sets FontGlobalScale so layout stays in CSS pixels.
#pragma once

#include "imgui.h"

namespace veldwijzer {

// The codepoint ranges the app renders: keep in sync with script/setup's subset.
const ImWchar *ui_glyph_ranges();
struct UiFonts {
  ImFont *body = nullptr;  // default font, 20 CSS px
  ImFont *title = nullptr; // screen titles, 30 CSS px
};
UiFonts load_ui_fonts(float pixel_ratio, float text_scale = 1.0f);
// The fonts loaded last by load_ui_fonts(); screens use them for headings.
const UiFonts &ui_fonts();

} // namespace veldwijzer
