// ui_font.cpp — registers the embedded Noto Sans subset with Dear ImGui.
#include "veldwijzer/ui_font.h"

#include <cstddef>

extern const unsigned char veldwijzer_ui_font[];
extern const std::size_t veldwijzer_ui_font_size;

namespace veldwijzer {

const ImWchar *ui_glyph_ranges() {
  static const ImWchar ranges[] = {
      0x0020, 0x007E, // Basic Latin
      0x00A0, 0x00FF, // Latin-1 (é, ë, ü, ...)
      0x0100, 0x017F, // Latin Extended-A (Ĳ, ĳ)
      0x2010, 0x2027, // dashes, quotes (’), bullet, ellipsis
      0x2030, 0x203A, // per mille, angle quotes
      0x20AC, 0x20AC, // euro
      0x2190, 0x2193, // arrows
      0x2212, 0x2212, // minus
      0x2713, 0x2713, // check mark
      0x2715, 0x2715, // multiplication x (close)
      0,
  };
  return ranges;
}

namespace {
UiFonts g_fonts;

ImFont *add_font(float size_css_px, float pixel_ratio) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false; // the bytes live in the binary
  config.OversampleH = 2;
  config.OversampleV = 1;
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char *>(veldwijzer_ui_font),
                                                    static_cast<int>(veldwijzer_ui_font_size),
                                                    size_css_px * pixel_ratio, &config, ui_glyph_ranges());
}
} // namespace

UiFonts load_ui_fonts(float pixel_ratio, float text_scale) {
  ImGuiIO &io = ImGui::GetIO();
  io.Fonts->Clear();
  // Rasterised at the final size: scaling a small atlas up would blur.
  g_fonts.body = add_font(20.0f * text_scale, pixel_ratio); // first font = ImGui's default
  g_fonts.title = add_font(30.0f * text_scale, pixel_ratio);
  io.FontGlobalScale = 1.0f / pixel_ratio;
  return g_fonts;
}

const UiFonts &ui_fonts() {
  return g_fonts;
}

} // namespace veldwijzer
