// seed_assets.h — the real assets/ files as embedded into core_tests
// (veldwijzer_embed in tests/core/CMakeLists.txt), one accessor each, so the
// seed-data and content-update tests read exactly what ships.
#pragma once

#include <cstddef>
#include <string_view>

extern const unsigned char seed_region_json[];
extern const std::size_t seed_region_json_size;
extern const unsigned char seed_directory_json[];
extern const std::size_t seed_directory_json_size;
extern const unsigned char seed_synonyms_json[];
extern const std::size_t seed_synonyms_json_size;
extern const unsigned char seed_routes_json[];
extern const std::size_t seed_routes_json_size;
extern const unsigned char seed_jgz_checklist_json[];
extern const std::size_t seed_jgz_checklist_json_size;
extern const unsigned char seed_ouderen_checklist_json[];
extern const std::size_t seed_ouderen_checklist_json_size;

namespace seed_assets {

inline std::string_view as_text(const unsigned char *bytes, std::size_t size) {
  return {reinterpret_cast<const char *>(bytes), size};
}
inline std::string_view region() {
  return as_text(seed_region_json, seed_region_json_size);
}
inline std::string_view directory() {
  return as_text(seed_directory_json, seed_directory_json_size);
}
inline std::string_view synonyms() {
  return as_text(seed_synonyms_json, seed_synonyms_json_size);
}
inline std::string_view routes() {
  return as_text(seed_routes_json, seed_routes_json_size);
}
inline std::string_view jgz_checklist() {
  return as_text(seed_jgz_checklist_json, seed_jgz_checklist_json_size);
}
inline std::string_view ouderen_checklist() {
  return as_text(seed_ouderen_checklist_json, seed_ouderen_checklist_json_size);
}

} // namespace seed_assets
