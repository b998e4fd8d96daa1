// assets.h — the real assets, compiled into every harness, loaded once.
//
// Harnesses whose parser checks references (a route naming a service, a
// checklist naming a route, a query naming a municipality) check them
// against the real data, as the app and the collector do.
#pragma once

#include "veldwijzer/checklist.h"
#include "veldwijzer/directory_data.h"

#include <string_view>
#include <vector>

namespace veldwijzer::fuzz {

struct AssetTexts {
  std::string_view region;
  std::string_view directory;
  std::string_view synonyms;
  std::string_view routes;
  std::string_view jgz_checklist;
  std::string_view ouderen_checklist;
};
const AssetTexts &asset_texts();

// Aborts if the real assets do not load: a harness without them tests nothing.
const DirectoryData &real_data();
const std::vector<Checklist> &real_checklists();

} // namespace veldwijzer::fuzz
