// web_input.h — the browser input backend: html5 events into ImGui's queue.
//
// install_web_input("#canvas") registers pointer, touch, wheel, keyboard and
// clipboard callbacks that translate DOM events into io.AddMouseSourceEvent /
// AddMousePosEvent / AddKeyEvent / AddInputCharactersUTF8 and nothing more.
// Every event marks the UI dirty so the render loop draws again.
//
// Touch: one finger is the mouse (ImGuiMouseSource_TouchScreen); a finger
// held still for half a second is a secondary (right) click, and the press it
// began is cancelled so nothing under it fires.
//
// Text: a physical keyboard types through keydown. Virtual keyboards, IME
// composition (é via a dead key), dictation and autocorrect type into the
// accessible mirror's real <input> (shell/a11y.js), which hands the field's
// whole new value to the app; keydowns that belong to a composition
// (keyCode 229, "Dead", "Process") are therefore left to the browser so no
// character arrives twice.
//
// Clipboard: Ctrl/Cmd+C, X and V are left to the browser, whose copy, cut and
// paste events (also from a tablet's own edit menu) carry the text:
//   copy/cut  the active ImGui field's selection (or its whole text, as ImGui
//             copies it) goes into the event's clipboardData; cut then lets
//             ImGui delete it with Ctrl+X
//   paste     the event's text becomes ImGui's clipboard and ImGui pastes it
//             with Ctrl+V, so its own filters (digits only, one line) apply
// ImGui's SetClipboardTextFn also writes through navigator.clipboard.
#pragma once

namespace veldwijzer::web {

void install_web_input(const char *canvas_selector);
// True (and cleared) when input arrived since the last call.
bool take_input_pending();

} // namespace veldwijzer::web
