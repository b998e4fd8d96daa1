// web_storage.h — the device database's folder, persisted in IndexedDB.
//
// Emscripten keeps files in memory; IDBFS mirrors a folder into IndexedDB.
// mount_persistent_folder() mounts it and loads what was saved, then calls
// on_ready(true) — or on_ready(false) when the browser refuses IndexedDB
// (private mode), in which case the folder still works for this session.
//
// Writing back: request_save() after each commit schedules one write-back a
// moment later (many answers in a row cost one IndexedDB write); leaving the
// page (visibilitychange to hidden, pagehide) writes back at once, so a
// closed tab loses at most the answer given in its last few hundred ms.
//
// request_persistence() asks the browser not to evict the data under storage
// pressure (navigator.storage.persist) and reports its answer.
#pragma once

namespace veldwijzer::web {

inline constexpr const char *kDataFolder = "/data";

using StorageReadyCallback = void (*)(bool persisted);
void mount_persistent_folder(StorageReadyCallback on_ready);
// Debounced write-back; the first request in a quiet period starts the timer.
void request_save();
// Immediate write-back (also what leaving the page does).
void save_persistent_folder();

// granted: 1 yes, 0 refused, -1 the browser has no such API.
using PersistenceCallback = void (*)(int granted);
void request_persistence(PersistenceCallback on_answer);

} // namespace veldwijzer::web
