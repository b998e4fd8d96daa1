// web_input.cpp — html5 callbacks translated into Dear ImGui input events.
#include "web_input.h"

#include "imgui.h"
#include "imgui_internal.h" // the active field's edit state, for copy and cut

#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace veldwijzer::web {
namespace {

bool g_input_pending = true;

// Modifier state as last reported, so synthesised shortcuts can restore it.
struct Modifiers {
  bool ctrl = false;
  bool shift = false;
  bool alt = false;
  bool super = false;
};
Modifiers g_modifiers;

void set_modifiers(ImGuiIO &io, const Modifiers &m) {
  io.AddKeyEvent(ImGuiMod_Ctrl, m.ctrl);
  io.AddKeyEvent(ImGuiMod_Shift, m.shift);
  io.AddKeyEvent(ImGuiMod_Alt, m.alt);
  io.AddKeyEvent(ImGuiMod_Super, m.super);
  g_modifiers = m;
}

// Ctrl+<key> for ImGui (its text fields cut and paste on Ctrl, also on a Mac),
// then the modifiers as they really are.
void send_shortcut(ImGuiKey key) {
  ImGuiIO &io = ImGui::GetIO();
  const Modifiers real = g_modifiers;
  set_modifiers(io, Modifiers{true, false, false, false});
  io.AddKeyEvent(key, true);
  io.AddKeyEvent(key, false);
  set_modifiers(io, real);
  g_input_pending = true;
}

// --- mouse and wheel ------------------------------------------------------

int imgui_button(unsigned short dom_button) {
  switch (dom_button) {
  case 0:
    return ImGuiMouseButton_Left;
  case 1:
    return ImGuiMouseButton_Middle;
  case 2:
    return ImGuiMouseButton_Right;
  default:
    return -1;
  }
}

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent *e, void *) {
  ImGuiIO &io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
  // mouseup is heard on the whole document (a drag may end off the canvas),
  // where target coordinates are not the canvas's: use only its button.
  if (type != EMSCRIPTEN_EVENT_MOUSEUP) {
    io.AddMousePosEvent(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
  }
  const int button = imgui_button(e->button);
  if (button >= 0 && (type == EMSCRIPTEN_EVENT_MOUSEDOWN || type == EMSCRIPTEN_EVENT_MOUSEUP)) {
    io.AddMouseButtonEvent(button, type == EMSCRIPTEN_EVENT_MOUSEDOWN);
  }
  g_input_pending = true;
  return type != EMSCRIPTEN_EVENT_MOUSEMOVE; // keep text selection and context menus off the canvas
}

EM_BOOL on_mouse_leave(int, const EmscriptenMouseEvent *, void *) {
  ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
  g_input_pending = true;
  return false;
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent *e, void *) {
  // DOM deltas are pixels (mode 0), lines (1) or pages (2); ImGui wants "lines".
  float scale = 1.0f / 100.0f;
  if (e->deltaMode == DOM_DELTA_LINE) {
    scale = 1.0f / 3.0f;
  } else if (e->deltaMode == DOM_DELTA_PAGE) {
    scale = 10.0f;
  }
  ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-e->deltaX) * scale, static_cast<float>(-e->deltaY) * scale);
  g_input_pending = true;
  return true;
}

// --- touch ----------------------------------------------------------------

// Held this long without moving, a finger is a secondary click (Android and
// iOS open context menus after about as long).
constexpr double kLongPressMs = 500.0;
// Moving further than this (CSS pixels) makes it a drag; same as TouchScroll.
constexpr float kLongPressSlop = 10.0f;

struct Finger {
  bool down = false;
  long id = 0; // the DOM touch identifier we follow
  float start_x = 0, start_y = 0;
  float x = 0, y = 0;
  bool moved = false;
  bool long_pressed = false; // the press became a right click: ignore the rest
  long timer = 0;
};
Finger g_finger;

void cancel_long_press_timer() {
  if (g_finger.timer != 0) {
    emscripten_clear_timeout(g_finger.timer);
    g_finger.timer = 0;
  }
}

void on_long_press(void *) {
  g_finger.timer = 0;
  if (!g_finger.down || g_finger.moved) {
    return;
  }
  ImGuiIO &io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  // Let go of the left press off every item, so what the finger rests on is
  // not clicked, then click the right button where the finger is.
  io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
  io.AddMousePosEvent(g_finger.x, g_finger.y);
  io.AddMouseButtonEvent(ImGuiMouseButton_Right, true);
  io.AddMouseButtonEvent(ImGuiMouseButton_Right, false);
  g_finger.long_pressed = true;
  g_input_pending = true;
}

// One finger acts as the mouse: the first to touch, until it lifts.
EM_BOOL on_touch(int type, const EmscriptenTouchEvent *e, void *) {
  ImGuiIO &io = ImGui::GetIO();
  for (int i = 0; i < e->numTouches; ++i) {
    const EmscriptenTouchPoint &touch = e->touches[i];
    if (!touch.isChanged) {
      continue;
    }
    const float x = static_cast<float>(touch.targetX);
    const float y = static_cast<float>(touch.targetY);
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
      if (g_finger.down) {
        continue; // a second finger: the first one stays the mouse
      }
      cancel_long_press_timer();
      g_finger = Finger{true, touch.identifier, x, y, x, y};
      g_finger.timer = emscripten_set_timeout(on_long_press, kLongPressMs, nullptr);
      io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
      io.AddMousePosEvent(x, y);
      io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
      break;
    }
    if (!g_finger.down || touch.identifier != g_finger.id) {
      continue;
    }
    const bool lifted = type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL;
    g_finger.x = x;
    g_finger.y = y;
    if (std::hypot(x - g_finger.start_x, y - g_finger.start_y) > kLongPressSlop) {
      g_finger.moved = true;
      cancel_long_press_timer();
    }
    if (lifted) {
      cancel_long_press_timer();
      g_finger.down = false;
    }
    if (g_finger.long_pressed) {
      break; // the press was handed over as a right click
    }
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMousePosEvent(x, y);
    if (lifted) {
      io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
      // A lifted finger hovers nothing.
      io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    }
    break;
  }
  g_input_pending = true;
  return true; // no synthetic mouse events after touch
}

// --- keyboard -------------------------------------------------------------

ImGuiKey key_from_code(std::string_view code) {
  struct Entry {
    std::string_view code;
    ImGuiKey key;
  };
  static constexpr Entry kKeys[] = {
      {"Tab", ImGuiKey_Tab},
      {"ArrowLeft", ImGuiKey_LeftArrow},
      {"ArrowRight", ImGuiKey_RightArrow},
      {"ArrowUp", ImGuiKey_UpArrow},
      {"ArrowDown", ImGuiKey_DownArrow},
      {"PageUp", ImGuiKey_PageUp},
      {"PageDown", ImGuiKey_PageDown},
      {"Home", ImGuiKey_Home},
      {"End", ImGuiKey_End},
      {"Insert", ImGuiKey_Insert},
      {"Delete", ImGuiKey_Delete},
      {"Backspace", ImGuiKey_Backspace},
      {"Space", ImGuiKey_Space},
      {"Enter", ImGuiKey_Enter},
      {"NumpadEnter", ImGuiKey_KeypadEnter},
      {"Escape", ImGuiKey_Escape},
      {"ControlLeft", ImGuiKey_LeftCtrl},
      {"ControlRight", ImGuiKey_RightCtrl},
      {"ShiftLeft", ImGuiKey_LeftShift},
      {"ShiftRight", ImGuiKey_RightShift},
      {"AltLeft", ImGuiKey_LeftAlt},
      {"AltRight", ImGuiKey_RightAlt},
      {"MetaLeft", ImGuiKey_LeftSuper},
      {"MetaRight", ImGuiKey_RightSuper},
  };
  for (const Entry &entry : kKeys) {
    if (entry.code == code) {
      return entry.key;
    }
  }
  // Letters for shortcuts (Ctrl+A/Z): "KeyA".."KeyZ".
  if (code.size() == 4 && code.substr(0, 3) == "Key" && code[3] >= 'A' && code[3] <= 'Z') {
    return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
  }
  if (code.size() == 6 && code.substr(0, 5) == "Digit" && code[5] >= '0' && code[5] <= '9') {
    return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
  }
  return ImGuiKey_None;
}

// The browser's copy, cut and paste shortcuts (also Ctrl+Insert, Shift+Insert
// and Shift+Delete): left to the browser, whose clipboard events follow.
bool is_clipboard_shortcut(const EmscriptenKeyboardEvent *e, ImGuiKey key) {
  const bool command = e->ctrlKey || e->metaKey;
  if (command && !e->altKey && (key == ImGuiKey_C || key == ImGuiKey_X || key == ImGuiKey_V)) {
    return true;
  }
  return (key == ImGuiKey_Insert && (e->ctrlKey || e->shiftKey)) || (key == ImGuiKey_Delete && e->shiftKey);
}

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent *e, void *) {
  // Part of an IME composition or a dead key (é, ë): the mirror's <input>
  // receives the composed text; forwarding the keys too would type twice.
  if (e->keyCode == 229 || std::strcmp(e->key, "Dead") == 0 || std::strcmp(e->key, "Process") == 0) {
    return false;
  }
  ImGuiIO &io = ImGui::GetIO();
  // Cmd on a Mac does what Ctrl does elsewhere (ImGui's shortcuts use Ctrl).
  set_modifiers(io, Modifiers{e->ctrlKey || e->metaKey, static_cast<bool>(e->shiftKey), static_cast<bool>(e->altKey),
                              static_cast<bool>(e->metaKey)});
  const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
  const ImGuiKey key = key_from_code(e->code);
  if (is_clipboard_shortcut(e, key)) {
    g_input_pending = true;
    return false; // the copy/cut/paste event does the work
  }
  if (key != ImGuiKey_None) {
    io.AddKeyEvent(key, down);
  }
  // A printable key's DOM "key" is the character itself (one code point);
  // named keys ("Enter", "Shift") are longer words.
  bool text = false;
  if (down && !e->ctrlKey && !e->metaKey) {
    const auto *k = reinterpret_cast<const unsigned char *>(e->key);
    const std::size_t n = std::strlen(e->key);
    const std::size_t lead = k[0] < 0x80 ? 1 : k[0] < 0xE0 ? 2 : k[0] < 0xF0 ? 3 : 4;
    if (n > 0 && n == lead) {
      io.AddInputCharactersUTF8(e->key);
      text = true;
    }
  }
  g_input_pending = true;
  // Swallow what ImGui uses so the page neither scrolls nor leaves the canvas
  // (and the mirror's <input> does not type the character a second time).
  return key != ImGuiKey_None || text;
}

// A tab coming back from the background may have lost its last picture.
EM_BOOL on_visibility(int, const EmscriptenVisibilityChangeEvent *e, void *) {
  if (!e->hidden) {
    g_input_pending = true;
  }
  return false;
}

// --- clipboard ------------------------------------------------------------

std::string g_clipboard;      // ImGui's clipboard: the last text copied or pasted
std::string g_clipboard_copy; // what a copy event takes, kept until it has read it

// What ImGui would copy from the field being edited: the selection, or the
// whole single-line text; nullptr when nothing is being edited or copied.
const char *active_field_copy(bool cut) {
  ImGuiContext *g = ImGui::GetCurrentContext();
  if (g == nullptr || g->ActiveId == 0 || g->InputTextState.ID != g->ActiveId) {
    return nullptr;
  }
  const ImGuiInputTextState &state = g->InputTextState;
  const ImGuiInputTextFlags flags = state.Flags;
  if ((flags & ImGuiInputTextFlags_Password) != 0 || (cut && (flags & ImGuiInputTextFlags_ReadOnly) != 0)) {
    return nullptr;
  }
  if ((flags & ImGuiInputTextFlags_Multiline) != 0 && !state.HasSelection()) {
    return nullptr; // ImGui copies nothing then; the browser may copy its own selection
  }
  const int begin = state.HasSelection() ? ImMin(state.Stb.select_start, state.Stb.select_end) : 0;
  const int end = state.HasSelection() ? ImMax(state.Stb.select_start, state.Stb.select_end) : state.CurLenW;
  const ImWchar *text = state.TextW.Data;
  g_clipboard_copy.assign(static_cast<std::size_t>(ImTextCountUtf8BytesFromStr(text + begin, text + end)) + 1, '\0');
  ImTextStrToUtf8(g_clipboard_copy.data(), static_cast<int>(g_clipboard_copy.size()), text + begin, text + end);
  g_clipboard_copy.pop_back(); // the terminator
  return g_clipboard_copy.c_str();
}

// clang-format off
EM_JS(void, js_listen_for_clipboard, (), {
  // Capture on the document: the events start at the focused element (the
  // mirror's <input> or the canvas) and must not reach the <input>'s own
  // editing, which knows neither ImGui's caret nor its selection.
  const copy = function (cut) {
    return function (e) {
      const text = Module._veldwijzer_clipboard_copy(cut);
      if (!text || !e.clipboardData) return; // nothing of ours is being edited
      e.clipboardData.setData('text/plain', UTF8ToString(text));
      e.preventDefault();
    };
  };
  document.addEventListener('copy', copy(0), true);
  document.addEventListener('cut', copy(1), true);
  document.addEventListener('paste', function (e) {
    if (!e.clipboardData) return;
    if (Module._veldwijzer_clipboard_paste(allocateUTF8(e.clipboardData.getData('text/plain')))) e.preventDefault();
  }, true);
});

// For copies ImGui starts itself; a refusal (no permission, page not
// focused) leaves the text in ImGui's own clipboard.
EM_JS(void, js_clipboard_write, (const char *text), {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(UTF8ToString(text)).catch(function () {});
  }
});
// clang-format on

const char *get_clipboard_text(void *) {
  return g_clipboard.c_str();
}

void set_clipboard_text(void *, const char *text) {
  if (g_clipboard == text) {
    return; // the copy event already put it on the system clipboard
  }
  g_clipboard = text;
  js_clipboard_write(text);
}

} // namespace
} // namespace veldwijzer::web

extern "C" {
// The copy or cut event: the text it puts on the clipboard (nullptr: leave
// the event to the browser). A cut also has ImGui delete that text.
EMSCRIPTEN_KEEPALIVE const char *veldwijzer_clipboard_copy(int cut) {
  using namespace veldwijzer::web;
  const char *text = active_field_copy(cut != 0);
  if (text != nullptr) {
    g_clipboard = text;
    if (cut != 0) {
      send_shortcut(ImGuiKey_X);
    }
  }
  return text;
}

// The paste event's text (malloc'ed by the caller, freed here): ImGui pastes
// it into the field being edited. 1: handled, the browser must not insert it.
EMSCRIPTEN_KEEPALIVE int veldwijzer_clipboard_paste(char *text) {
  using namespace veldwijzer::web;
  ImGuiContext *g = ImGui::GetCurrentContext();
  const bool editing = g != nullptr && g->ActiveId != 0 && g->InputTextState.ID == g->ActiveId;
  if (editing) {
    g_clipboard = text;
    send_shortcut(ImGuiKey_V);
  }
  std::free(text);
  return editing ? 1 : 0;
}
}

namespace veldwijzer::web {

void install_web_input(const char *canvas) {
  emscripten_set_mousedown_callback(canvas, nullptr, true, on_mouse);
  emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, true, on_mouse);
  emscripten_set_mousemove_callback(canvas, nullptr, true, on_mouse);
  emscripten_set_mouseleave_callback(canvas, nullptr, true, on_mouse_leave);
  emscripten_set_wheel_callback(canvas, nullptr, true, on_wheel);
  emscripten_set_touchstart_callback(canvas, nullptr, true, on_touch);
  emscripten_set_touchmove_callback(canvas, nullptr, true, on_touch);
  emscripten_set_touchend_callback(canvas, nullptr, true, on_touch);
  emscripten_set_touchcancel_callback(canvas, nullptr, true, on_touch);
  emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, on_key);
  emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, on_key);
  emscripten_set_visibilitychange_callback(nullptr, false, on_visibility);
  ImGuiIO &io = ImGui::GetIO();
  io.GetClipboardTextFn = get_clipboard_text;
  io.SetClipboardTextFn = set_clipboard_text;
  js_listen_for_clipboard();
}

bool take_input_pending() {
  const bool pending = g_input_pending;
  g_input_pending = false;
  return pending;
}

} // namespace veldwijzer::web
