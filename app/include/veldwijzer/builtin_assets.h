// builtin_assets.h — the assets compiled into the app, so it starts offline.
#pragma once

#include "veldwijzer/checklist_library.h"
#include "veldwijzer/content_update.h"
#include "veldwijzer/directory_data.h"
#include "veldwijzer/result.h"
#include "veldwijzer/translations.h"

#include <string_view>
#include <vector>

namespace veldwijzer {

// assets/i18n/strings.json as built into this binary.
std::string_view builtin_strings_json();
// The parsed table; an error here is a build defect and is caught by tests.
Result<Translations> builtin_translations();
// The built-in Twente directory, routes and search index (offline from the first start).
Result<std::unique_ptr<DirectoryData>, LoadError> builtin_directory_data();

// One built-in checklist file: its name under assets/ and its bytes.
struct BuiltinFile {
  std::string_view name; // "checklists/jgz-vroegsignalering.json"
  std::string_view text;
};
// assets/checklists/*.json as built into this binary.
const std::vector<BuiltinFile> &builtin_checklist_files();
// The built-in checklists, checked against routes (the built-in directory
// data's): every route they name must exist. An error is a build defect and
// is caught by tests.
Result<ChecklistLibrary, LoadError> builtin_checklists(const ReferralRoutes &routes);
// The ETags the collector gives the documents of this same data
// (content_update.h), so the first update check of an unchanged release is a 304.
ContentTags builtin_content_tags();

} // namespace veldwijzer
