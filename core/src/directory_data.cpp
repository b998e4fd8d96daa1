// directory_data.cpp — loading the directory assets together, in order.
#include "veldwijzer/directory_data.h"

namespace veldwijzer {

Result<std::unique_ptr<DirectoryData>, LoadError> load_directory_data(const DirectoryTexts &texts) {
  auto data = std::make_unique<DirectoryData>();
  auto region = load_region(texts.region, "regions/twente.json");
  if (!region) {
    return fail(region.error());
  }
  data->region = std::move(region).value();
  auto directory = load_directory(texts.directory, "directory/twente.json", data->region);
  if (!directory) {
    return fail(directory.error());
  }
  data->directory = std::move(directory).value();
  auto synonyms = load_synonyms(texts.synonyms, "directory/synonyms.json", data->directory);
  if (!synonyms) {
    return fail(synonyms.error());
  }
  data->synonyms = std::move(synonyms).value();
  auto routes = load_routes(texts.routes, "routes/routes.json", data->directory);
  if (!routes) {
    return fail(routes.error());
  }
  data->routes = std::move(routes).value();
  data->index = SearchIndex::build(data->directory, data->synonyms);
  return data;
}

} // namespace veldwijzer
