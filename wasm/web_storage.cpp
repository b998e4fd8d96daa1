// web_storage.cpp — IDBFS mount, initial load and write-back.
#include "web_storage.h"

#include <emscripten/emscripten.h>

namespace {
veldwijzer::web::StorageReadyCallback g_on_ready = nullptr;
}

// Called from JavaScript once IndexedDB has been read.
extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_storage_loaded(int persisted) {
  if (g_on_ready != nullptr) {
    g_on_ready(persisted != 0);
  }
}

// clang-format off
EM_JS(void, js_mount_and_load, (const char *folder_ptr), {
  const folder = UTF8ToString(folder_ptr);
  try { FS.mkdir(folder); } catch (e) { /* exists after a hot restart */ }
  FS.mount(IDBFS, {}, folder);
  FS.syncfs(true, function(err) {
    if (err) console.warn('Veldwijzer: opslag in de browser niet beschikbaar', err);
    Module._veldwijzer_storage_loaded(err ? 0 : 1);
  });
});

EM_JS(void, js_save, (), {
  // One write-back at a time; a request during a sync runs once it ends.
  const s = Module.veldwijzerSync || (Module.veldwijzerSync = { busy: false, again: false });
  if (s.busy) { s.again = true; return; }
  s.busy = true;
  FS.syncfs(false, function done(err) {
    if (err) console.warn('Veldwijzer: opslaan in de browser mislukt', err);
    if (s.again) { s.again = false; FS.syncfs(false, done); return; }
    s.busy = false;
  });
});
// clang-format on

namespace veldwijzer::web {

void mount_persistent_folder(StorageReadyCallback on_ready) {
  g_on_ready = on_ready;
  js_mount_and_load(kDataFolder);
}

void save_persistent_folder() {
  js_save();
}

} // namespace veldwijzer::web
