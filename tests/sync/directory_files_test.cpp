// directory_files_test.cpp — loading the served dataset from an assets folder:
// the good case, and each way a file can be missing or wrong.
#include "directory_files.h"

#include "directory_fixture_files.h"
#include "temp_folder.h"

#include <catch_amalgamated.hpp>

#include <string>

using namespace veldwijzer::collector;

namespace {

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("the fixture dataset loads with its region, services and a search index") {
  TempFolder tmp;
  auto loaded = load_directory_files(write_fixture_assets(tmp.path / "assets"));
  REQUIRE(loaded.ok());
  CHECK(loaded.value().region.municipalities.size() == 3);
  CHECK(loaded.value().directory->services.size() == 7);
  veldwijzer::SearchQuery q;
  q.text = "vervuiling";
  CHECK(loaded.value().index.search(q).front().service->id == "svc-woning");
}

TEST_CASE("a loaded directory still searches after it has been moved") {
  TempFolder tmp;
  auto loaded = load_directory_files(write_fixture_assets(tmp.path / "assets"));
  REQUIRE(loaded.ok());
  LoadedDirectory moved = std::move(loaded).value();
  LoadedDirectory again = std::move(moved);
  veldwijzer::SearchQuery q;
  q.text = "geldzorgen";
  const auto hits = again.index.search(q);
  REQUIRE_FALSE(hits.empty());
  CHECK(hits.front().service == again.directory->service("svc-wijkteam-tubbergen"));
}

TEST_CASE("each missing file is named in the error") {
  for (const char *file : {"regions/twente.json", "directory/twente.json", "directory/synonyms.json"}) {
    INFO(file);
    TempFolder tmp;
    const auto assets = write_fixture_assets(tmp.path / "assets");
    std::filesystem::remove(assets / file);
    auto loaded = load_directory_files(assets);
    REQUIRE_FALSE(loaded.ok());
    CHECK(contains(loaded.error(), (assets / file).string()));
    CHECK(contains(loaded.error(), "cannot read"));
  }
}

TEST_CASE("a directory with an unknown municipality is refused with file, JSON path and code") {
  TempFolder tmp;
  std::string json = test_directory_json();
  json.replace(json.find("\"GM0183\""), 8, "\"GM9999\"");
  const auto assets = write_fixture_assets(tmp.path / "assets", json);
  auto loaded = load_directory_files(assets);
  REQUIRE_FALSE(loaded.ok());
  INFO(loaded.error());
  CHECK(contains(loaded.error(), "directory/twente.json"));
  CHECK(contains(loaded.error(), "/services/0/service_areas/1"));
  CHECK(contains(loaded.error(), "GM9999"));
}

TEST_CASE("a file that is not JSON is refused with its name") {
  TempFolder tmp;
  const auto assets = write_fixture_assets(tmp.path / "assets");
  write_bytes((assets / "directory" / "synonyms.json").string(), "{\"version\": 1, \"groups\": [");
  auto loaded = load_directory_files(assets);
  REQUIRE_FALSE(loaded.ok());
  CHECK(contains(loaded.error(), "synonyms.json"));
}

TEST_CASE("a dataset version that cannot be sent as an ETag is refused") {
  TempFolder tmp;
  const auto assets = write_fixture_assets(tmp.path / "assets", test_directory_json("2026 11"));
  auto loaded = load_directory_files(assets);
  REQUIRE_FALSE(loaded.ok());
  CHECK(contains(loaded.error(), "/dataset/version"));
}
