// directory_data.h — everything the directory screens and tests need, loaded
// together: region, directory, synonyms, routes and the search index.
//
// load_directory_data() runs core's strict loaders in dependency order
// (region before directory, directory before synonyms and routes) and builds
// the index once. The result sits behind a unique_ptr: the index points into
// the directory, which therefore must never move.
#pragma once

#include "veldwijzer/directory.h"
#include "veldwijzer/referral_routes.h"
#include "veldwijzer/search.h"

#include <memory>
#include <string_view>

namespace veldwijzer {

struct DirectoryData {
  Region region;
  Directory directory;
  Synonyms synonyms;
  ReferralRoutes routes;
  SearchIndex index;
};

// The four asset texts, as in assets/ (errors name these paths).
struct DirectoryTexts {
  std::string_view region;    // regions/twente.json
  std::string_view directory; // directory/twente.json
  std::string_view synonyms;  // directory/synonyms.json
  std::string_view routes;    // routes/routes.json
};

Result<std::unique_ptr<DirectoryData>, LoadError> load_directory_data(const DirectoryTexts &texts);

} // namespace veldwijzer
