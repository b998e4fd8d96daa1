// directory_data.h — the directory, routes and search index the app shows.
//
// Built once from the assets compiled into the binary (so search works
// offline from the first start). Held behind a unique_ptr: the search index
// points into the directory, which therefore must never move.
#pragma once

#include "veldwijzer/directory.h"
#include "veldwijzer/referral_routes.h"
#include "veldwijzer/search.h"

#include <memory>

namespace veldwijzer {

struct DirectoryData {
  Region region;
  Directory directory;
  Synonyms synonyms;
  ReferralRoutes routes;
  SearchIndex index;
};

// The built-in Twente data; an error names the asset, JSON path and reason.
Result<std::unique_ptr<DirectoryData>, LoadError> builtin_directory_data();

} // namespace veldwijzer
