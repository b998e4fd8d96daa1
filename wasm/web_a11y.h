// web_a11y.h — the accessible DOM mirror of the canvas (issue 8).
//
// After every drawn frame, update_a11y_mirror() sends what changed in the
// app's accessibility tree (veldwijzer/ui_snapshot.h) to shell/a11y.js, which
// keeps transparent elements with ARIA roles, names and states over the
// canvas: what screen readers, voice control, the virtual keyboard and
// Playwright's getByRole see. The other way, a11y.js calls back into C++:
//   activate(id)  a click, a screen reader's double tap, voice control: the
//                 item is activated through Dear ImGui's nav activation
//   focus(id)     the element got the focus (screen reader): ImGui focus follows
//   text(id, s, start, end)  an <input>'s new text (virtual keyboard,
//                 dictation, paste) and its caret: replaces the ImGui field's
//                 text and puts ImGui's caret where the <input>'s is
// With every update the caret of the field being edited goes along, so the
// <input>'s caret follows ImGui's when a hardware key moved it.
// and the page's aria-live regions speak ui::announce(); <html lang> follows
// the app's language. window.veldwijzer.a11yUs lists the CPU time of recent
// mirror updates (diff + DOM), in microseconds, for bench/a11y_mirror.mjs.
#pragma once

#include <string_view>

namespace veldwijzer::web {

// Call after ImGui::Render() of every drawn frame; turns snapshots on the
// first time (so the frame after it is the first one mirrored).
void update_a11y_mirror(std::string_view language_code);
// True (and cleared) when the mirror asked for something that needs a frame.
bool take_a11y_pending();

} // namespace veldwijzer::web
