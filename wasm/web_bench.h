// web_bench.h — what the browser benchmarks need from the app that a person
// would make by hand: many records at once (bench/restore.mjs puts 500 drafts
// in the device database, then times a reload until they are listed).
// Reached from JavaScript as Module._veldwijzer_bench_add_drafts(n).
#pragma once

#include "veldwijzer/checklist_library.h"
#include "veldwijzer/local_store.h"

namespace veldwijzer::web {

// n JGZ drafts for a two-year-old in Enschede, made through RecordStore as
// "Nieuwe checklist" makes them; returns how many were made.
int add_drafts(LocalStore &store, const ChecklistLibrary &checklists, int n);

} // namespace veldwijzer::web
