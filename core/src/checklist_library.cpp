// checklist_library.cpp — lookups by id and version.
#include "veldwijzer/checklist_library.h"

#include <algorithm>

namespace veldwijzer {

bool ChecklistLibrary::add(Checklist checklist, std::string source_json, bool installed) {
  if (find(checklist.id, checklist.version) != nullptr) {
    return false;
  }
  entries_.push_back(std::make_unique<Entry>(Entry{std::move(checklist), std::move(source_json), installed}));
  return true;
}

const Checklist *ChecklistLibrary::find(std::string_view id, int version) const {
  for (const auto &entry : entries_) {
    if (entry->checklist.id == id && entry->checklist.version == version) {
      return &entry->checklist;
    }
  }
  return nullptr;
}

const Checklist *ChecklistLibrary::latest(std::string_view id) const {
  const Checklist *best = nullptr;
  for (const auto &entry : entries_) {
    if (entry->installed && entry->checklist.id == id &&
        (best == nullptr || entry->checklist.version > best->version)) {
      best = &entry->checklist;
    }
  }
  return best;
}

const std::string *ChecklistLibrary::source(std::string_view id, int version) const {
  for (const auto &entry : entries_) {
    if (entry->checklist.id == id && entry->checklist.version == version) {
      return &entry->source;
    }
  }
  return nullptr;
}

std::vector<const Checklist *> ChecklistLibrary::installed() const {
  std::vector<const Checklist *> out;
  for (const auto &entry : entries_) {
    if (!entry->installed) {
      continue;
    }
    const Checklist *newest = latest(entry->checklist.id);
    if (std::find(out.begin(), out.end(), newest) == out.end()) {
      out.push_back(newest);
    }
  }
  return out;
}

} // namespace veldwijzer
