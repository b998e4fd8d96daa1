// web_input.cpp — html5 callbacks translated into Dear ImGui input events.
#include "web_input.h"

#include "imgui.h"

#include <emscripten/html5.h>

#include <cfloat>
#include <cstring>
#include <string_view>

namespace veldwijzer::web {
namespace {

bool g_input_pending = true;

void set_modifiers(ImGuiIO &io, bool ctrl, bool shift, bool alt, bool meta) {
  io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
  io.AddKeyEvent(ImGuiMod_Shift, shift);
  io.AddKeyEvent(ImGuiMod_Alt, alt);
  io.AddKeyEvent(ImGuiMod_Super, meta);
}

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

// One finger acts as the mouse; the first changed touch is the one we follow.
EM_BOOL on_touch(int type, const EmscriptenTouchEvent *e, void *) {
  ImGuiIO &io = ImGui::GetIO();
  for (int i = 0; i < e->numTouches; ++i) {
    const EmscriptenTouchPoint &touch = e->touches[i];
    if (!touch.isChanged) {
      continue;
    }
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMousePosEvent(static_cast<float>(touch.targetX), static_cast<float>(touch.targetY));
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
      io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    } else if (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL) {
      io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
      // A lifted finger hovers nothing.
      io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    }
    break;
  }
  g_input_pending = true;
  return true; // no synthetic mouse events after touch
}

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
  // Letters for shortcuts (Ctrl+A/C/V/X/Z): "KeyA".."KeyZ".
  if (code.size() == 4 && code.substr(0, 3) == "Key" && code[3] >= 'A' && code[3] <= 'Z') {
    return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
  }
  if (code.size() == 6 && code.substr(0, 5) == "Digit" && code[5] >= '0' && code[5] <= '9') {
    return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
  }
  return ImGuiKey_None;
}

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent *e, void *) {
  ImGuiIO &io = ImGui::GetIO();
  set_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
  const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
  const ImGuiKey key = key_from_code(e->code);
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
  // Swallow what ImGui uses so the page neither scrolls nor leaves the canvas.
  return key != ImGuiKey_None || text;
}

// A tab coming back from the background may have lost its last picture.
EM_BOOL on_visibility(int, const EmscriptenVisibilityChangeEvent *e, void *) {
  if (!e->hidden) {
    g_input_pending = true;
  }
  return false;
}

} // namespace

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
}

bool take_input_pending() {
  const bool pending = g_input_pending;
  g_input_pending = false;
  return pending;
}

} // namespace veldwijzer::web
