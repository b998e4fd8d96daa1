// web_storage.h — the device database's folder, persisted in IndexedDB.
//
// Emscripten keeps files in memory; IDBFS mirrors a folder into IndexedDB.
// mount_persistent_folder() mounts it and loads what was saved, then calls
// on_ready(true) — or on_ready(false) when the browser refuses IndexedDB
// (private mode), in which case the folder still works for this session.
// save_persistent_folder() writes the folder back; call it after each commit.
#pragma once

namespace veldwijzer::web {

inline constexpr const char *kDataFolder = "/data";

using StorageReadyCallback = void (*)(bool persisted);
void mount_persistent_folder(StorageReadyCallback on_ready);
void save_persistent_folder();

} // namespace veldwijzer::web
