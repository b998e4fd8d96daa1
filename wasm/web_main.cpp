// web_main.cpp — the browser entry point: WebGL2 + Dear ImGui + the app.
//
// Start-up: load the IndexedDB folder, open the device database, then draw.
// The records' vault (record_vault.h) stays locked until the PIN screen opens
// it; leaving the page (hidden tab, another app, closing) locks it again.
// Frames are requested every animation frame but drawn only when something
// changed (input, resize, a new store status) and until the picture settles
// (two frames with identical geometry) and no list glides after a flick: an
// idle tablet draws nothing. A resize or rotation (or the tablet's keyboard
// sliding up) is drawn inside its event, at the new size, so no stretched or
// blank picture is ever shown; a text field being edited is then scrolled
// back into view above the keyboard.
// window.veldwijzer.firstFrameMs is the time of the first settled frame (the
// UI is on screen); window.veldwijzer.ready becomes true once the database has
// also been opened (or refused). Browser tests and benchmarks wait for ready.
#include "web_a11y.h"
#include "web_bench.h"
#include "web_display.h"
#include "web_input.h"
#include "web_passkey.h"
#include "web_renderer.h"
#include "web_storage.h"
#include "web_transport.h"

#include "veldwijzer/app.h"
#include "veldwijzer/builtin_assets.h"
#include "veldwijzer/directory_data.h"
#include "veldwijzer/local_store.h"
#include "veldwijzer/public_store.h"
#include "veldwijzer/record_vault.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/touch_scroll.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "imgui.h"
#include "imgui_internal.h" // ImHashData, the input event queue

#include <GLES3/gl3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

namespace {

constexpr const char *kCanvas = "#canvas";

struct WebApp {
  std::unique_ptr<veldwijzer::App> app;
  std::optional<veldwijzer::LocalStore> store;  // public: settings and content updates
  std::optional<veldwijzer::RecordVault> vault; // records, outbox, token: encrypted
  float pixel_ratio = 0.0f;
  int frames_to_draw = 2; // ImGui settles layout over a couple of frames
  int frames_drawn = 0;
  ImU32 last_signature = 0;
  bool store_known = false;   // the database open has finished, either way
  double last_frame_at = 0.0; // emscripten_get_now() of the last drawn frame
  int reveal_edited_in = 0;   // frames until the field being edited is scrolled into view
  int why_next = 0;           // why the last frame asked for another (WhyBits)
  veldwijzer::Appearance appearance;
};
WebApp g;

// Why a frame was drawn, reported as window.veldwijzer.lastFrame.why so a test
// that finds the app never idle can say what kept it busy. kWhyEarlier: the
// frame before asked for it (its own reasons are in the bits above 8).
enum WhyBits : int {
  kWhyEarlier = 1,
  kWhySize = 2,
  kWhyInput = 4,
  kWhyMirror = 8,
  kWhyUnsettled = 1 << 8,
  kWhyQueued = 1 << 9,
  kWhyApp = 1 << 10,
  kWhyGlide = 1 << 11,
  kWhyReveal = 1 << 12,
};

// clang-format off
EM_JS(void, js_report_frame,
      (const char *sqlite_version, int frames, int settled, int store_known, int width, int height, int vertices,
       const char *location, double cpu_ms, int why), {
  const v = window.veldwijzer || (window.veldwijzer = {});
  v.frames = frames;
  v.location = UTF8ToString(location); // the screen shown, e.g. "service/svc-veilig-thuis-twente"
  // For test diagnostics; why: what asked for this frame (WhyBits in web_main.cpp).
  v.lastFrame = { width: width, height: height, vertices: vertices, why: why };
  // CPU time of recent frames, for the frame-time benchmark (last 300 kept).
  const times = v.frameMs || (v.frameMs = []);
  times.push(cpu_ms);
  if (times.length > 300) times.shift();
  if (settled && !v.firstFrameMs) {
    v.firstFrameMs = performance.now(); // the UI is on screen
  }
  if (settled && store_known && !v.ready) {
    v.sqliteVersion = UTF8ToString(sqlite_version);
    v.ready = true;
    const loading = document.getElementById('loading');
    if (loading) loading.remove();
  }
});

// Phase marks for the start-up benchmark (performance.getEntriesByType('mark')).
EM_JS(void, js_mark, (const char *name), { performance.mark('veldwijzer:' + UTF8ToString(name)); });

EM_JS(int, js_secure_context, (), { return window.isSecureContext ? 1 : 0; });

// tel: hands the number to the phone app; web links open beside the app.
EM_JS(void, js_open_url, (const char *url_ptr), {
  const url = UTF8ToString(url_ptr);
  if (url.startsWith('tel:')) {
    window.location.href = url;
  } else if (url.startsWith('https://') || url.startsWith('http://')) {
    window.open(url, '_blank', 'noopener');
  }
});

// Screens are browser history entries ("#/service/svc-…"): the tablet's back
// gesture and the app's back button walk the same history.
EM_JS(void, js_push_location, (const char *location), {
  history.pushState(null, "", "#/" + UTF8ToString(location));
});

EM_JS(void, js_history_back, (), { history.back(); });

EM_JS(char *, js_current_location, (), {
  let hash = location.hash;
  if (hash.startsWith("#")) hash = hash.substring(1);
  if (hash.startsWith("/")) hash = hash.substring(1);
  try { hash = decodeURIComponent(hash); } catch (e) { hash = ""; }
  return allocateUTF8(hash);
});

EM_JS(void, js_listen_for_history, (), {
  window.addEventListener('popstate', function () { Module._veldwijzer_location_changed(); });
});

EM_JS(void, js_report_error, (const char *message), {
  const text = UTF8ToString(message);
  (window.veldwijzer || (window.veldwijzer = {})).error = text;
  console.error('Veldwijzer: ' + text);
});
// clang-format on

// A fingerprint of the frame's geometry. ImGui needs a frame or two to size a
// new window; while the fingerprint still changes we keep drawing.
ImU32 draw_signature(const ImDrawData *draw_data) {
  ImU32 hash = static_cast<ImU32>(draw_data->TotalVtxCount);
  for (const ImDrawList *list : draw_data->CmdLists) {
    hash = ImHashData(list->VtxBuffer.Data, static_cast<size_t>(list->VtxBuffer.size_in_bytes()), hash);
  }
  return hash;
}

// The text field being edited, scrolled into view in its window (and the
// windows around it): after the visible area shrank under the keyboard.
void reveal_edited_field() {
  const ImGuiContext &ctx = *ImGui::GetCurrentContext();
  const ImGuiID editing = ctx.ActiveId;
  if (editing == 0 || ctx.InputTextState.ID != editing) {
    return;
  }
  // Where it was last drawn: the accessibility snapshot knows every item's
  // rectangle; without the mirror, keyboard navigation's rectangle does.
  if (const veldwijzer::ui::Item *item = veldwijzer::ui::snapshot().find(editing)) {
    if (ImGuiWindow *window = ImGui::FindWindowByID(item->window)) {
      ImGui::ScrollToRectEx(window, ImRect(item->min, item->max), ImGuiScrollFlags_KeepVisibleEdgeY);
    }
  } else if (ctx.NavId == editing && ctx.NavWindow != nullptr) {
    ImGui::ScrollToRectEx(ctx.NavWindow, ImGui::WindowRectRelToAbs(ctx.NavWindow, ctx.NavWindow->NavRectRel[0]),
                          ImGuiScrollFlags_KeepVisibleEdgeY);
  }
}

} // namespace

// boot.js: whether the service worker holds this build (1) or could not be
// registered (0). Only in a secure context; elsewhere main() knew it already.
extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_offline_ready(int ready) {
  if (g.app) {
    g.app->set_offline_state(ready != 0 ? veldwijzer::App::OfflineState::ready
                                        : veldwijzer::App::OfflineState::unavailable);
    g.frames_to_draw = 2;
  }
}

namespace {

void on_storage_loaded(bool persisted) {
  js_mark("storage-loaded");
  // Without IndexedDB the folder is memory-only; the database still opens so
  // the session works, and the about window shows the store status.
  (void)persisted;
  // A damaged public file is moved aside and made again (public_store.h):
  // the settings are lost, the vault opens as before, the user is told once.
  const std::string path = std::string(veldwijzer::web::kDataFolder) + "/veldwijzer.sqlite3";
  auto opened = veldwijzer::open_public_store(path);
  veldwijzer::StoreStatus status;
  if (opened) {
    veldwijzer::PublicStore &public_store = opened.value();
    status.state = veldwijzer::StoreStatus::State::open;
    status.schema_version = public_store.store.schema_version();
    if (public_store.rebuilt_from) {
      status.rebuilt = true;
      status.problem_key = "store." + std::string(veldwijzer::store_problem_name(public_store.rebuilt_from->problem));
      status.detail = public_store.rebuilt_from->detail;
    }
    g.store.emplace(std::move(public_store.store));
    g.app->attach_store(&*g.store); // brings back the municipality and language
    g.vault.emplace(*g.store, std::string(veldwijzer::web::kDataFolder) + "/records.sqlite3");
    g.app->attach_vault(&*g.vault); // locked: the record screens ask for the PIN
    veldwijzer::web::save_persistent_folder();
  } else {
    status.state = veldwijzer::StoreStatus::State::failed;
    status.problem_key = "store." + std::string(veldwijzer::store_problem_name(opened.error().problem));
    status.detail = opened.error().detail;
  }
  g.app->set_store_status(std::move(status));
  g.store_known = true;
  // Ask the browser to keep the records under storage pressure; a refusal is
  // shown on the records list (records are only safe once counted and sent).
  // Off an insecure address the browser has no storage manager to ask: not protected.
  veldwijzer::web::request_persistence([](int granted) {
    const bool insecure = js_secure_context() == 0;
    g.app->set_storage_persistence(granted < 0 && !insecure ? std::nullopt : std::optional<bool>(granted == 1));
    g.frames_to_draw = 2;
  });
  js_mark("database-open");
  g.frames_to_draw = 2;
}

// Browsers drop WebGL contexts under memory pressure or when a tab sleeps;
// on restore every GL object is gone and must be made again.
EM_BOOL on_context_lost(int, const void *, void *) {
  js_mark("webgl-lost");
  return EM_TRUE; // preventDefault: ask the browser to restore it
}

EM_BOOL on_context_restored(int, const void *, void *) {
  js_mark("webgl-restored");
  std::string problem;
  if (!veldwijzer::web::init_renderer(&problem)) {
    js_report_error(("WebGL: " + problem).c_str());
  }
  g.pixel_ratio = 0.0f; // forces the font texture to be rebuilt next frame
  g.frames_to_draw = 2;
  return EM_TRUE;
}

EM_BOOL frame(double, void *) {
  const double frame_start = emscripten_get_now();
  const veldwijzer::web::DisplayMetrics display = veldwijzer::web::update_display(kCanvas);
  if (display.pixel_ratio != g.pixel_ratio || !(g.app->appearance() == g.appearance)) {
    // Re-rasterise the font for the new ratio (first frame, or moved to
    // another screen) or the chosen text size, and restyle.
    g.pixel_ratio = display.pixel_ratio;
    g.appearance = g.app->appearance();
    veldwijzer::apply_theme(g.appearance);
    veldwijzer::load_ui_fonts(g.pixel_ratio, g.appearance.text_scale());
    veldwijzer::web::upload_font_atlas();
    js_mark("fonts");
    g.frames_to_draw = 2;
  }
  ImGuiIO &io = ImGui::GetIO();
  const ImVec2 size(static_cast<float>(display.css_width), static_cast<float>(display.css_height));
  int why = g.frames_to_draw > 0 ? kWhyEarlier | g.why_next : 0;
  if (size.x != io.DisplaySize.x || size.y != io.DisplaySize.y) {
    why |= kWhySize;
    g.frames_to_draw = 2;
    // Once a frame has been laid out at the new size, its windows know their
    // new height and can bring the edited field into view.
    g.reveal_edited_in = 2;
  }
  if (veldwijzer::web::take_input_pending()) {
    why |= kWhyInput;
    g.frames_to_draw = 2;
  }
  if (veldwijzer::web::take_a11y_pending()) { // the accessible mirror activated, focused or typed
    why |= kWhyMirror;
    g.app->note_activity(); // ImGui's input queue does not see the mirror's clicks
    g.frames_to_draw = 2;
  }
  if (g.frames_to_draw == 0) {
    return EM_TRUE; // nothing changed: draw nothing
  }
  --g.frames_to_draw;

  io.DisplaySize = size;
  io.DisplayFramebufferScale = ImVec2(display.pixel_ratio, display.pixel_ratio);
  // Real time between drawn frames: double taps, key repeat and a list's
  // glide are timed. After idle the gap is long; ImGui only needs it positive.
  if (g.last_frame_at > 0.0) {
    io.DeltaTime = static_cast<float>(std::max((frame_start - g.last_frame_at) / 1000.0, 1e-4));
  }
  g.last_frame_at = frame_start;
  ImGui::NewFrame();
  if (g.reveal_edited_in > 0 && --g.reveal_edited_in == 0) {
    reveal_edited_field();
  }
  g.app->frame();
  ImGui::Render();
  veldwijzer::web::update_a11y_mirror(veldwijzer::language_code(g.app->language()));

  glViewport(0, 0, display.framebuffer_width, display.framebuffer_height);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  veldwijzer::web::render_draw_data(ImGui::GetDrawData());

  const ImU32 signature = draw_signature(ImGui::GetDrawData());
  const bool settled = signature == g.last_signature;
  // ImGui hands queued input to the UI a little per frame (fast typing is
  // spread over frames): keep drawing until the queue is empty.
  const bool input_queued = !ImGui::GetCurrentContext()->InputEventsQueue.empty();
  g.why_next = (settled ? 0 : kWhyUnsettled) | (input_queued ? kWhyQueued : 0) | (g.app->needs_frame() ? kWhyApp : 0) |
               (veldwijzer::TouchScroll::any_gliding() ? kWhyGlide : 0) | (g.reveal_edited_in > 0 ? kWhyReveal : 0);
  if (g.why_next != 0) {
    g.last_signature = signature;
    g.frames_to_draw = std::max(g.frames_to_draw, 1);
  }
  ++g.frames_drawn;
  if (g.frames_drawn == 1) {
    js_mark("first-frame");
  }
  js_report_frame(veldwijzer::LocalStore::sqlite_version().data(), g.frames_drawn, settled, g.store_known,
                  display.framebuffer_width, display.framebuffer_height, ImGui::GetDrawData()->TotalVtxCount,
                  g.app->location().c_str(), emscripten_get_now() - frame_start, why);
  return EM_TRUE;
}

// The visible area changed (resize, rotation, the keyboard): draw at once,
// inside the event, rather than at the next animation frame.
void draw_new_viewport() {
  g.frames_to_draw = std::max(g.frames_to_draw, 2);
  if (g.frames_drawn > 0) { // before the first frame the loop is still starting
    frame(emscripten_get_now(), nullptr);
  }
}

void follow_browser_location() {
  char *location = js_current_location();
  g.app->follow_location(location);
  std::free(location);
  g.frames_to_draw = 2;
}

} // namespace

// The page was hidden or is being left: a tablet put down with the app in
// the background must not show records to whoever picks it up.
extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_page_hidden() {
  if (g.app) {
    g.app->lock_records();
    g.frames_to_draw = 2; // the lock screen is what shows when the page comes back
  }
}

// clang-format off
EM_JS(void, js_lock_when_hidden, (), {
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") Module._veldwijzer_page_hidden();
  });
  window.addEventListener("pagehide", function () { Module._veldwijzer_page_hidden(); });
});
// clang-format on

// Called from the popstate listener: back, forward, or an edited address.
extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_location_changed() {
  follow_browser_location();
}

// Benchmarks (bench/restore.mjs, bench/a11y_mirror.mjs): n drafts straight
// into the device database, then written back to IndexedDB. -1: no database.
// The records must be unlocked first (the benchmark sets a PIN on screen).
extern "C" EMSCRIPTEN_KEEPALIVE int veldwijzer_bench_add_drafts(int n) {
  veldwijzer::LocalStore *records = g.vault ? g.vault->store() : nullptr;
  if (records == nullptr) {
    return -1;
  }
  const int made = veldwijzer::web::add_drafts(*records, g.app->checklists(), n);
  veldwijzer::web::save_persistent_folder();
  return made;
}

int main() {
  js_mark("main");
  auto translations = veldwijzer::builtin_translations();
  if (!translations) {
    js_report_error(("translation table: " + translations.error()).c_str());
    return 1;
  }

  auto directory = veldwijzer::builtin_directory_data();
  if (!directory) {
    js_report_error(("directory: " + directory.error().message()).c_str());
    return 1;
  }
  auto checklists = veldwijzer::builtin_checklists(directory.value()->routes);
  if (!checklists) {
    js_report_error(("checklists: " + checklists.error().message()).c_str());
    return 1;
  }
  veldwijzer::AppPlatform platform;
  platform.open_url = [](const std::string &url) { js_open_url(url.c_str()); };
  platform.settings_changed = [] { veldwijzer::web::save_persistent_folder(); };
  platform.records_changed = [] { veldwijzer::web::request_save(); };
  platform.location_opened = [](const std::string &location) { js_push_location(location.c_str()); };
  platform.back = [] { js_history_back(); };
  // Counts go to the collector that served this page (same origin).
  static veldwijzer::web::FetchTransport transport;
  // An answer may change what a screen shows (a report counted, an error
  // gone) or nothing at all (a 304). One frame tells: like any frame it is
  // followed by more only while the picture still changes or the app has
  // work pending (needs_frame: a content update to apply, a check to start).
  transport.after_response = [] { g.frames_to_draw = std::max(g.frames_to_draw, 1); };
  platform.transport = &transport;
  veldwijzer::web::install_passkeys(platform, [] { g.frames_to_draw = 2; });
  platform.wake_after = [](double seconds) {
    veldwijzer::web::set_wakeup_timer(seconds, [] {
      g.app->on_wakeup(); // a sync retry, the auto-lock, or the end of a wrong-PIN wait
      g.frames_to_draw = 2;
    });
  };

  // Reading IndexedDB takes a few hundred milliseconds in a fresh browser
  // profile: start it first so it overlaps WebGL and font set-up.
  g.app = std::make_unique<veldwijzer::App>(std::move(translations).value(), std::move(directory).value(),
                                            std::move(checklists).value(), std::move(platform));
  if (js_secure_context() == 0) {
    g.app->set_offline_state(veldwijzer::App::OfflineState::insecure); // boot.js shows the notice too
  }
  veldwijzer::web::mount_persistent_folder(on_storage_loaded);
  follow_browser_location(); // a deep link opens its screen
  js_listen_for_history();
  js_lock_when_hidden();
  // Back online: send what waits, without a tap.
  veldwijzer::web::listen_for_online([] {
    // Forced: the backoff was waiting for the network, which is back now;
    // waiting out the rest of it (up to hours) would leave counts behind.
    g.app->sync_now(true);
    g.frames_to_draw = 2;
  });

  EmscriptenWebGLContextAttributes attributes;
  emscripten_webgl_init_context_attributes(&attributes);
  attributes.majorVersion = 2;
  attributes.alpha = EM_FALSE;
  attributes.antialias = EM_FALSE; // ImGui anti-aliases its own geometry
  attributes.depth = EM_FALSE;
  attributes.stencil = EM_FALSE;
  const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_create_context(kCanvas, &attributes);
  if (context <= 0) {
    js_report_error("WebGL 2 is not available in this browser");
    return 1;
  }
  emscripten_webgl_make_context_current(context);
  js_mark("webgl");

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO &io = ImGui::GetIO();
  io.IniFilename = nullptr; // window layout is the app's, not a file's
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  veldwijzer::apply_theme();
  if (std::string problem; !veldwijzer::web::init_renderer(&problem)) {
    js_report_error(("WebGL: " + problem).c_str());
    return 1;
  }

  emscripten_set_webglcontextlost_callback(kCanvas, nullptr, EM_TRUE, on_context_lost);
  emscripten_set_webglcontextrestored_callback(kCanvas, nullptr, EM_TRUE, on_context_restored);
  veldwijzer::web::install_web_input(kCanvas);
  veldwijzer::web::track_visible_viewport(draw_new_viewport);
  emscripten_request_animation_frame_loop(frame, nullptr);
  return 0;
}
