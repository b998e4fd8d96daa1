// checklist_library.h — every checklist version this device can read.
//
// Holds the installed definitions (from assets or a later update) and the
// older versions kept in the device database with the records made on them.
// Lookups are by id and version, so a record always finds the definition it
// was made with; new records use latest(id).
#pragma once

#include "veldwijzer/checklist.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

class ChecklistLibrary {
public:
  // Keeps the source text too: records store it next to themselves. Adding a
  // version that is already present does nothing (returns false).
  bool add(Checklist checklist, std::string source_json, bool installed = true);

  const Checklist *find(std::string_view id, int version) const;
  const Checklist *latest(std::string_view id) const; // installed versions only
  const std::string *source(std::string_view id, int version) const;
  std::vector<const Checklist *> installed() const; // the newest of each id, in added order

private:
  struct Entry {
    Checklist checklist;
    std::string source;
    bool installed = true;
  };
  std::vector<std::unique_ptr<Entry>> entries_; // stable addresses for the screens
};

} // namespace veldwijzer
