// web_bench.cpp — drafts in bulk for the browser benchmarks.
#include "web_bench.h"

#include "veldwijzer/record_store.h"

#include <ctime>

namespace veldwijzer::web {

int add_drafts(LocalStore &store, const ChecklistLibrary &checklists, int n) {
  const Checklist *checklist = checklists.latest("jgz-vroegsignalering");
  const std::string *source = checklist != nullptr ? checklists.source(checklist->id, checklist->version) : nullptr;
  if (source == nullptr) {
    return 0;
  }
  RecordStore records(store);
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  int made = 0;
  for (int i = 0; i < n; ++i) {
    if (records.create(*checklist, *source, NewRecord{"GM0153", "0-3", "2024-05-14"}, now).ok()) {
      ++made;
    }
  }
  return made;
}

} // namespace veldwijzer::web
