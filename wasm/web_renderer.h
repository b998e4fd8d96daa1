// web_renderer.h — draws Dear ImGui's draw data with WebGL2: our renderer
// backend, in place of imgui_impl_opengl3.
//
// imgui_impl_opengl3 saves and restores some twenty pieces of GL state around
// every frame, because it may share a context with an engine. In the browser
// each of those glGetIntegerv calls is a WebGL getParameter, and Chromium
// answers several of them (blend, scissor box) with a synchronous round trip to
// its GPU process: about 4 ms of a 6 ms frame while a list scrolls. The app owns
// its context alone, so this renderer sets the state it needs and queries
// nothing. It also uploads each frame's vertices and indices once, in one
// buffer each, into a vertex array object made once.
//
//   init_renderer(&problem);      // after the context is made current, and again after it is restored
//   upload_font_atlas();          // after the fonts were (re)built; sets io.Fonts' texture id
//   glViewport(...); glClear(...);
//   render_draw_data(ImGui::GetDrawData());
#pragma once

#include "imgui.h"

#include <string>

namespace veldwijzer::web {

// Makes the shader program, buffers and vertex layout in the current WebGL2
// context. After a context loss every GL object is gone: call it again once the
// context is restored (the old names are forgotten, not deleted). False, with a
// message in `problem`, when the shaders do not compile or link.
bool init_renderer(std::string *problem);

// Rasterised fonts (io.Fonts) to a texture; replaces the previous one.
void upload_font_atlas();

// Draws the frame into the current framebuffer (sized from the draw data's
// display size × framebuffer scale). Leaves the scissor test off, so the next
// frame's glClear clears everything.
void render_draw_data(const ImDrawData *draw_data);

} // namespace veldwijzer::web
