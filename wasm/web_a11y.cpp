// web_a11y.cpp — the accessibility tree's diff, sent to shell/a11y.js.
//
// The diff travels as one array of 17 int32 per change (layout below, read by
// a11y.js) plus one UTF-8 buffer for the names and values that changed: one
// call into JavaScript per frame, none when nothing changed. Positions are
// relative to the item's window; a window that scrolled is one record with its
// new origin (a CSS variable that all its items' transforms use), so scrolling
// a list of 300 rows updates one value, not 300 elements.
#include "web_a11y.h"

#include "veldwijzer/ui_snapshot.h"

#include <emscripten/emscripten.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// One change record; keep in step with FIELDS and the reads in a11y.js.
enum Field : int {
  kKind,   // 1 add or update, 2 remove, 3 a window's origin (kId = window, kX/kY)
  kId,     // item id (uint32)
  kParent, // container id, 0: the mirror's root
  kNext,   // id of the item to insert before, 0: at the end
  kRole,   // ui::Role
  kState,  // ui::State bits
  kLevel,  // heading level
  kWhat,   // ui::Diff bits: what to update
  kX,      // rectangle in CSS pixels, relative to the window's origin
  kY,
  kWidth,
  kHeight,
  kNameAt, // name: offset and length in the string buffer
  kNameLength,
  kValueAt, // textbox value: offset and length
  kValueLength,
  kWindow, // the window whose origin kX/kY are relative to
  kFields
};

bool g_attached = false;
bool g_pending = false;
std::string g_language;
std::vector<std::int32_t> g_ops;
std::string g_strings;

// clang-format off
EM_JS(int, js_a11y_attach, (), {
  const mirror = window.veldwijzerA11y;
  if (!mirror) return 0;
  mirror.attach({
    activate: function (id) { Module._veldwijzer_a11y_activate(id); },
    focus: function (id) { Module._veldwijzer_a11y_focus(id); },
    text: function (id, text, start, end) { Module._veldwijzer_a11y_text(id, allocateUTF8(text), start, end); },
  });
  return 1;
});

EM_JS(void, js_a11y_apply, (const std::int32_t *ops, int count, const char *strings, int length, unsigned focused,
                            int caret_start, int caret_end, double started), {
  window.veldwijzerA11y.apply(HEAP32.subarray(ops >> 2, (ops >> 2) + count * 17), count,
                              HEAPU8.subarray(strings, strings + length), focused >>> 0, started,
                              caret_start, caret_end);
});

EM_JS(void, js_a11y_announce, (const char *text, int assertive), {
  window.veldwijzerA11y.announce(UTF8ToString(text), !!assertive);
});

EM_JS(void, js_a11y_language, (const char *code), { document.documentElement.lang = UTF8ToString(code); });

EM_JS(void, js_a11y_clear, (), { window.veldwijzerA11y.clear(); });
// clang-format on

std::int32_t append(std::string_view text) {
  const auto at = static_cast<std::int32_t>(g_strings.size());
  g_strings += text;
  return at;
}

void encode(const veldwijzer::ui::Snapshot &after, const veldwijzer::ui::Diff &diff) {
  using veldwijzer::ui::Diff;
  g_ops.clear();
  g_strings.clear();
  const auto record = [](std::int32_t kind, std::uint32_t id) {
    const std::size_t at = g_ops.size();
    g_ops.resize(at + kFields, 0);
    g_ops[at + kKind] = kind;
    g_ops[at + kId] = static_cast<std::int32_t>(id);
    return at;
  };
  for (const ImGuiID id : diff.removed) {
    record(2, id);
  }
  for (const Diff::Origin &moved : diff.moved) {
    const std::size_t at = record(3, moved.window);
    g_ops[at + kX] = static_cast<std::int32_t>(std::lround(moved.origin.x));
    g_ops[at + kY] = static_cast<std::int32_t>(std::lround(moved.origin.y));
  }
  for (const Diff::Change &change : diff.changes) {
    const veldwijzer::ui::Item &item = after.items[change.index];
    const std::size_t at = record(1, item.id);
    std::int32_t *op = g_ops.data() + at;
    op[kParent] = static_cast<std::int32_t>(item.parent);
    op[kNext] = static_cast<std::int32_t>(change.next);
    op[kRole] = static_cast<std::int32_t>(item.role);
    op[kState] = item.state;
    op[kLevel] = item.level;
    op[kWhat] = change.what;
    op[kWindow] = static_cast<std::int32_t>(item.window);
    op[kX] = static_cast<std::int32_t>(std::lround(item.min.x - item.origin.x));
    op[kY] = static_cast<std::int32_t>(std::lround(item.min.y - item.origin.y));
    op[kWidth] = static_cast<std::int32_t>(std::lround(item.max.x - item.min.x));
    op[kHeight] = static_cast<std::int32_t>(std::lround(item.max.y - item.min.y));
    if (change.what & (Diff::kNew | Diff::kName)) {
      op[kNameAt] = append(item.name);
      op[kNameLength] = static_cast<std::int32_t>(item.name.size());
    }
    if (change.what & (Diff::kNew | Diff::kValue)) {
      op[kValueAt] = append(item.value);
      op[kValueLength] = static_cast<std::int32_t>(item.value.size());
    }
  }
}

} // namespace

// Called by a11y.js.
extern "C" {
EMSCRIPTEN_KEEPALIVE void veldwijzer_a11y_activate(unsigned id) {
  veldwijzer::ui::request_activation(id);
  g_pending = true;
}
EMSCRIPTEN_KEEPALIVE void veldwijzer_a11y_focus(unsigned id) {
  veldwijzer::ui::request_focus(id);
  g_pending = true;
}
// selection_start/end: the <input>'s caret in code points (a11y.js converts
// from UTF-16), -1 when it has none.
EMSCRIPTEN_KEEPALIVE void veldwijzer_a11y_text(unsigned id, char *text, int selection_start, int selection_end) {
  veldwijzer::ui::request_text(id, text, selection_start, selection_end);
  std::free(text); // allocated by allocateUTF8 in js_a11y_attach
  g_pending = true;
}
// Benchmarks compare frames with and without the mirror.
EMSCRIPTEN_KEEPALIVE void veldwijzer_a11y_enable(int on) {
  if (!g_attached) {
    return;
  }
  veldwijzer::ui::capture(on != 0);
  if (on == 0) {
    js_a11y_clear(); // built again from nothing when switched back on
  }
  g_pending = true;
}
}

namespace veldwijzer::web {

void update_a11y_mirror(std::string_view language_code) {
  if (language_code != g_language) {
    g_language = std::string(language_code);
    js_a11y_language(g_language.c_str());
  }
  if (!g_attached) {
    g_attached = js_a11y_attach() != 0;
    if (g_attached) {
      ui::capture(true);
      g_pending = true; // the next frame is the first with a snapshot
    }
    return;
  }
  if (!ui::capturing()) {
    return;
  }
  const double started = emscripten_get_now();
  // Every captured frame is mirrored, so the DOM shows the frame before.
  const ui::Snapshot &shown = ui::previous_snapshot();
  const ui::Snapshot &now = ui::snapshot();
  const ui::Diff diff = ui::diff(shown, now);
  const bool caret_moved = now.caret_start != shown.caret_start || now.caret_end != shown.caret_end;
  if (!diff.empty() || now.focused != shown.focused || caret_moved) {
    encode(now, diff);
    // a11y.js adds its DOM time and records the whole in window.veldwijzer.a11yUs.
    js_a11y_apply(g_ops.data(), static_cast<int>(g_ops.size() / kFields), g_strings.data(),
                  static_cast<int>(g_strings.size()), now.focused, now.caret_start, now.caret_end, started);
  }
  for (const ui::Announcement &said : ui::take_announcements()) {
    js_a11y_announce(said.text.c_str(), said.assertive ? 1 : 0);
  }
}

bool take_a11y_pending() {
  const bool pending = g_pending || ui::has_requests();
  g_pending = false;
  return pending;
}

} // namespace veldwijzer::web
