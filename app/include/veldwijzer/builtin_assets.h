// builtin_assets.h — the assets compiled into the app, so it starts offline.
#pragma once

#include "veldwijzer/directory_data.h"
#include "veldwijzer/result.h"
#include "veldwijzer/translations.h"

#include <string_view>

namespace veldwijzer {

// assets/i18n/strings.json as built into this binary.
std::string_view builtin_strings_json();
// The parsed table; an error here is a build defect and is caught by tests.
Result<Translations> builtin_translations();
// The built-in Twente directory, routes and search index (offline from the first start).
Result<std::unique_ptr<DirectoryData>, LoadError> builtin_directory_data();

} // namespace veldwijzer
