// web_input.h — the browser input backend: html5 events into ImGui's queue.
//
// install_web_input("#canvas") registers pointer, touch, wheel and keyboard
// callbacks that translate DOM events into io.AddMouseSourceEvent /
// AddMousePosEvent / AddKeyEvent / AddInputCharactersUTF8 and nothing more.
// Every event marks the UI dirty so the render loop draws again.
#pragma once

namespace veldwijzer::web {

void install_web_input(const char *canvas_selector);
// True (and cleared) when input arrived since the last call.
bool take_input_pending();

} // namespace veldwijzer::web
