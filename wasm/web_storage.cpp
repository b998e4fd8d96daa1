// web_storage.cpp — IDBFS mount, initial load, debounced and page-exit write-back.
#include "web_storage.h"

#include <emscripten/emscripten.h>

namespace {
veldwijzer::web::StorageReadyCallback g_on_ready = nullptr;
veldwijzer::web::PersistenceCallback g_on_persistence = nullptr;
} // namespace

// Called from JavaScript once IndexedDB has been read.
extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_storage_loaded(int persisted) {
  if (g_on_ready != nullptr) {
    g_on_ready(persisted != 0);
  }
}

extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_persistence_answer(int granted) {
  if (g_on_persistence != nullptr) {
    g_on_persistence(granted);
  }
}

// clang-format off
EM_JS(void, js_mount_and_load, (const char *folder_ptr), {
  const folder = UTF8ToString(folder_ptr);
  try { FS.mkdir(folder); } catch (e) { /* exists after a hot restart */ }
  FS.mount(IDBFS, {}, folder);
  // The write-back state, also readable by tests as window.veldwijzer.storage.
  const s = Module.veldwijzerSync = { busy: false, again: false, timer: 0, saves: 0, pending: false, lastSaveMs: 0 };
  const diag = window.veldwijzer || (window.veldwijzer = {});
  diag.storage = s;
  s.saveNow = function () {
    if (s.timer) { clearTimeout(s.timer); s.timer = 0; }
    // One write-back at a time; a request during a sync runs once it ends.
    if (s.busy) { s.again = true; return; }
    s.busy = true;
    const started = performance.now();
    FS.syncfs(false, function done(err) {
      if (err) console.warn("Veldwijzer: opslaan in de browser mislukt", err);
      if (s.again) { s.again = false; FS.syncfs(false, done); return; }
      s.busy = false;
      s.pending = false;
      s.saves += 1;
      s.lastSaveMs = performance.now() - started;
    });
  };
  // Leaving the page: write back now, do not wait for the timer.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && s.pending) s.saveNow();
  });
  window.addEventListener("pagehide", function () { if (s.pending) s.saveNow(); });
  FS.syncfs(true, function(err) {
    if (err) console.warn("Veldwijzer: opslag in de browser niet beschikbaar", err);
    Module._veldwijzer_storage_loaded(err ? 0 : 1);
  });
});

EM_JS(void, js_request_save, (), {
  const s = Module.veldwijzerSync;
  if (!s) return;
  s.pending = true;
  // Short enough that a tablet put down mid-visit has saved; long enough that
  // tapping through a domain costs one write.
  if (!s.timer) s.timer = setTimeout(function () { s.timer = 0; s.saveNow(); }, 250);
});

EM_JS(void, js_save_now, (), {
  const s = Module.veldwijzerSync;
  if (!s) return;
  s.pending = true;
  s.saveNow();
});

EM_JS(void, js_request_persistence, (), {
  const diag = window.veldwijzer || (window.veldwijzer = {});
  if (!navigator.storage || !navigator.storage.persist) {
    diag.storagePersisted = null;
    Module._veldwijzer_persistence_answer(-1);
    return;
  }
  navigator.storage.persisted().then(function (already) {
    return already ? true : navigator.storage.persist();
  }).then(function (granted) {
    diag.storagePersisted = !!granted;
    Module._veldwijzer_persistence_answer(granted ? 1 : 0);
  }, function () {
    diag.storagePersisted = false;
    Module._veldwijzer_persistence_answer(0);
  });
});
// clang-format on

namespace veldwijzer::web {

void mount_persistent_folder(StorageReadyCallback on_ready) {
  g_on_ready = on_ready;
  js_mount_and_load(kDataFolder);
}

void request_save() {
  js_request_save();
}

void save_persistent_folder() {
  js_save_now();
}

void request_persistence(PersistenceCallback on_answer) {
  g_on_persistence = on_answer;
  js_request_persistence();
}

} // namespace veldwijzer::web
