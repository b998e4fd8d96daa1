// builtin_assets.cpp — access to the embedded asset bytes.
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

} // namespace veldwijzer
