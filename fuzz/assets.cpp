// assets.cpp — the embedded asset texts and the data loaded from them.
#include "assets.h"

#include <cstdio>
#include <cstdlib>

extern const unsigned char fuzz_region_json[];
extern const std::size_t fuzz_region_json_size;
extern const unsigned char fuzz_directory_json[];
extern const std::size_t fuzz_directory_json_size;
extern const unsigned char fuzz_synonyms_json[];
extern const std::size_t fuzz_synonyms_json_size;
extern const unsigned char fuzz_routes_json[];
extern const std::size_t fuzz_routes_json_size;
extern const unsigned char fuzz_jgz_checklist_json[];
extern const std::size_t fuzz_jgz_checklist_json_size;
extern const unsigned char fuzz_ouderen_checklist_json[];
extern const std::size_t fuzz_ouderen_checklist_json_size;

namespace veldwijzer::fuzz {
namespace {

std::string_view text(const unsigned char *bytes, std::size_t size) {
  return {reinterpret_cast<const char *>(bytes), size};
}

[[noreturn]] void unusable(const std::string &why) {
  std::fprintf(stderr, "fuzz: the real assets do not load: %s\n", why.c_str());
  std::abort();
}

} // namespace

const AssetTexts &asset_texts() {
  static const AssetTexts texts{text(fuzz_region_json, fuzz_region_json_size),
                                text(fuzz_directory_json, fuzz_directory_json_size),
                                text(fuzz_synonyms_json, fuzz_synonyms_json_size),
                                text(fuzz_routes_json, fuzz_routes_json_size),
                                text(fuzz_jgz_checklist_json, fuzz_jgz_checklist_json_size),
                                text(fuzz_ouderen_checklist_json, fuzz_ouderen_checklist_json_size)};
  return texts;
}

const DirectoryData &real_data() {
  static const std::unique_ptr<DirectoryData> data = [] {
    const AssetTexts &t = asset_texts();
    auto loaded = load_directory_data({t.region, t.directory, t.synonyms, t.routes});
    if (!loaded) {
      unusable(loaded.error().message());
    }
    return std::move(loaded).value();
  }();
  return *data;
}

const std::vector<Checklist> &real_checklists() {
  static const std::vector<Checklist> checklists = [] {
    std::vector<Checklist> out;
    for (const auto &[json, name] : {std::pair{asset_texts().jgz_checklist, "jgz-vroegsignalering.json"},
                                     std::pair{asset_texts().ouderen_checklist, "ouderen-vroegsignalering.json"}}) {
      auto checklist = load_checklist(json, name, &real_data().routes);
      if (!checklist) {
        unusable(checklist.error().message());
      }
      out.push_back(std::move(checklist).value());
    }
    return out;
  }();
  return checklists;
}

} // namespace veldwijzer::fuzz
