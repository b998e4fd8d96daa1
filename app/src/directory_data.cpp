// directory_data.cpp — loading the built-in directory assets.
#include "veldwijzer/directory_data.h"

#include <cstddef>
#include <string_view>

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

Result<std::unique_ptr<DirectoryData>, LoadError> builtin_directory_data() {
  auto data = std::make_unique<DirectoryData>();
  auto region = load_region(bytes(veldwijzer_region_json, veldwijzer_region_json_size), "regions/twente.json");
  if (!region) {
    return fail(region.error());
  }
  data->region = std::move(region).value();
  auto directory = load_directory(bytes(veldwijzer_directory_json, veldwijzer_directory_json_size),
                                  "directory/twente.json", data->region);
  if (!directory) {
    return fail(directory.error());
  }
  data->directory = std::move(directory).value();
  auto synonyms = load_synonyms(bytes(veldwijzer_synonyms_json, veldwijzer_synonyms_json_size),
                                "directory/synonyms.json", data->directory);
  if (!synonyms) {
    return fail(synonyms.error());
  }
  data->synonyms = std::move(synonyms).value();
  auto routes =
      load_routes(bytes(veldwijzer_routes_json, veldwijzer_routes_json_size), "routes/routes.json", data->directory);
  if (!routes) {
    return fail(routes.error());
  }
  data->routes = std::move(routes).value();
  data->index = SearchIndex::build(data->directory, data->synonyms);
  return data;
}

} // namespace veldwijzer
