// public_store.h — opens the device's public file, rebuilding it when it is damaged.
//
// The public file (settings, directory and checklist updates, the wrong-PIN
// counter; record_vault.h) holds nothing the app cannot do without, so a
// damaged one must cost the settings, never the records or the app:
//
//   auto opened = open_public_store(folder + "/veldwijzer.sqlite3");
//   if (opened && opened.value().rebuilt_from) { /* tell the user once */ }
//
// A file that is not a database (garbage, cut short) or is another
// application's database is moved aside to "<path>.damaged" (its -journal,
// -wal and -shm with it, replacing an older damaged copy) and a fresh file is
// made: default settings, the built-in directory and checklists. The bytes
// are kept for whoever supports the device; nothing is overwritten in place.
//
// Refused as LocalStore::open refuses it, and left as it is:
//   newer_schema      a newer Veldwijzer wrote it: reloading gets that version;
//   migration_failed  an intact older file whose upgrade was rolled back (often
//                     out of space); it may still hold records from before the
//                     vault, and a rebuild would fail for the same reason;
//   cannot_open       the folder is not writable: a new file could not be made.
//
// Only the path given is touched: the records' vault is another file, and
// must never be passed here (encrypted, it would look like garbage).
#pragma once

#include "veldwijzer/local_store.h"
#include "veldwijzer/result.h"

#include <optional>
#include <string>

namespace veldwijzer {

struct PublicStore {
  LocalStore store;
  // Why the file at the path was moved aside and made again; none when it opened as it was.
  std::optional<StoreError> rebuilt_from;
};

// Where a damaged public file is kept: path + ".damaged".
std::string damaged_public_path(const std::string &path);

Result<PublicStore, StoreError> open_public_store(const std::string &path);

} // namespace veldwijzer
