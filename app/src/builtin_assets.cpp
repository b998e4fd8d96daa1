// builtin_assets.cpp — access to the embedded asset bytes, parsed by core.
#include "veldwijzer/builtin_assets.h"

#include <cstddef>

extern const unsigned char veldwijzer_strings_json[];
extern const std::size_t veldwijzer_strings_json_size;
extern const unsigned char veldwijzer_region_json[];
extern const std::size_t veldwijzer_region_json_size;
extern const unsigned char veldwijzer_directory_json[];
extern const std::size_t veldwijzer_directory_json_size;
extern const unsigned char veldwijzer_synonyms_json[];
extern const std::size_t veldwijzer_synonyms_json_size;
extern const unsigned char veldwijzer_routes_json[];
extern const std::size_t veldwijzer_routes_json_size;
extern const unsigned char veldwijzer_jgz_checklist_json[];
extern const std::size_t veldwijzer_jgz_checklist_json_size;
extern const unsigned char veldwijzer_ouderen_checklist_json[];
extern const std::size_t veldwijzer_ouderen_checklist_json_size;

namespace veldwijzer {
namespace {
std::string_view bytes(const unsigned char *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}
} // namespace

std::string_view builtin_strings_json() {
  return bytes(veldwijzer_strings_json, veldwijzer_strings_json_size);
}

Result<Translations> builtin_translations() {
  return Translations::parse(builtin_strings_json());
}

Result<std::unique_ptr<DirectoryData>, LoadError> builtin_directory_data() {
  return load_directory_data({bytes(veldwijzer_region_json, veldwijzer_region_json_size),
                              bytes(veldwijzer_directory_json, veldwijzer_directory_json_size),
                              bytes(veldwijzer_synonyms_json, veldwijzer_synonyms_json_size),
                              bytes(veldwijzer_routes_json, veldwijzer_routes_json_size)});
}

const std::vector<BuiltinFile> &builtin_checklist_files() {
  static const std::vector<BuiltinFile> kFiles = {
      {"checklists/jgz-vroegsignalering.json",
       bytes(veldwijzer_jgz_checklist_json, veldwijzer_jgz_checklist_json_size)},
      {"checklists/ouderen-vroegsignalering.json",
       bytes(veldwijzer_ouderen_checklist_json, veldwijzer_ouderen_checklist_json_size)},
  };
  return kFiles;
}

ContentTags builtin_content_tags() {
  // The collector lists checklist files by name; builtin_checklist_files() is in that order.
  std::vector<std::string_view> checklists;
  for (const BuiltinFile &file : builtin_checklist_files()) {
    checklists.push_back(file.text);
  }
  return {content_etag(compose_directory_document(bytes(veldwijzer_directory_json, veldwijzer_directory_json_size),
                                                  bytes(veldwijzer_synonyms_json, veldwijzer_synonyms_json_size),
                                                  bytes(veldwijzer_routes_json, veldwijzer_routes_json_size))),
          content_etag(compose_checklists_document(checklists))};
}

Result<ChecklistLibrary, LoadError> builtin_checklists(const ReferralRoutes &routes) {
  ChecklistLibrary library;
  for (const BuiltinFile &file : builtin_checklist_files()) {
    auto checklist = load_checklist(file.text, file.name, &routes);
    if (!checklist) {
      return fail(checklist.error());
    }
    if (!library.add(std::move(checklist).value(), std::string(file.text))) {
      return fail(LoadError{std::string(file.name), "/version", "this checklist id and version is built in twice"});
    }
  }
  return library;
}

} // namespace veldwijzer
