// directory_files.h — the dataset the collector serves, read once at start.
//
//   auto loaded = load_directory_files("assets");
//   if (!loaded) { print loaded.error(); exit 1; }   // a bad dataset is never served
//
// Reads DIR/regions/twente.json, DIR/directory/twente.json and
// DIR/directory/synonyms.json with core's strict loaders and builds the search
// index once. The error names the file and, for bad content, the JSON path.
#pragma once

#include "veldwijzer/directory.h"
#include "veldwijzer/result.h"
#include "veldwijzer/search.h"

#include <filesystem>
#include <memory>
#include <string>

namespace veldwijzer::collector {

struct LoadedDirectory {
  Region region;
  // On the heap because the index keeps a pointer to it: moving a
  // LoadedDirectory must not leave the index pointing at a moved-from object.
  std::unique_ptr<const Directory> directory;
  SearchIndex index;
};

Result<LoadedDirectory, std::string> load_directory_files(const std::filesystem::path &assets_dir);

} // namespace veldwijzer::collector
