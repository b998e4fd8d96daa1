// directory_files.cpp — reading the three dataset files and checking them.
#include "directory_files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace veldwijzer::collector {
namespace {

Result<std::string> read_text(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(path.string() + ": cannot read (" + std::strerror(errno) + ")");
  }
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) {
    return fail(path.string() + ": read error");
  }
  return text;
}

// The version becomes the API's ETag, so it must be a valid entity tag.
bool usable_as_etag(const std::string &version) {
  if (version.empty()) {
    return false;
  }
  for (const char c : version) {
    if (c <= 0x20 || c == '"' || c == 0x7f) {
      return false;
    }
  }
  return true;
}

} // namespace

Result<LoadedDirectory, std::string> load_directory_files(const std::filesystem::path &assets_dir) {
  const auto region_path = assets_dir / "regions" / "twente.json";
  const auto directory_path = assets_dir / "directory" / "twente.json";
  const auto synonyms_path = assets_dir / "directory" / "synonyms.json";

  auto region_text = read_text(region_path);
  if (!region_text) {
    return fail(region_text.error());
  }
  auto region = load_region(region_text.value(), region_path.string());
  if (!region) {
    return fail(region.error().message());
  }

  auto directory_text = read_text(directory_path);
  if (!directory_text) {
    return fail(directory_text.error());
  }
  auto directory = load_directory(directory_text.value(), directory_path.string(), region.value());
  if (!directory) {
    return fail(directory.error().message());
  }
  if (!usable_as_etag(directory.value().info.version)) {
    return fail(directory_path.string() + " /dataset/version: '" + directory.value().info.version +
                "' must be printable ASCII without spaces or quotes (it is sent as the ETag)");
  }

  auto synonyms_text = read_text(synonyms_path);
  if (!synonyms_text) {
    return fail(synonyms_text.error());
  }
  auto synonyms = load_synonyms(synonyms_text.value(), synonyms_path.string(), directory.value());
  if (!synonyms) {
    return fail(synonyms.error().message());
  }

  LoadedDirectory loaded;
  loaded.region = std::move(region).value();
  loaded.directory = std::make_unique<const Directory>(std::move(directory).value());
  loaded.index = SearchIndex::build(*loaded.directory, synonyms.value());
  return loaded;
}

} // namespace veldwijzer::collector
