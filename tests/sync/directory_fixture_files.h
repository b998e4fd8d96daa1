// directory_fixture_files.h — a small dataset on disk in the layout of assets/
// (regions/twente.json, directory/twente.json, directory/synonyms.json), so
// the collector's API is pinned down independent of the real seed data.
//
// Without a search text, the default list in name order is: JGZ Twente,
// Kindertelefoon, Meldpunt Woningvervuiling, Veilig Thuis Twente, Wijkteam
// Tubbergen. Kennispunt Twente is policy-only (hidden unless asked for);
// Oud Loket is inactive.
#pragma once

#include "directory_fixture.h"
#include "temp_folder.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

inline const char *kTestRegionJson = kFixtureRegion;
inline const char *kTestSynonymsJson = kFixtureSynonyms;

// The core tests' fixture plus two services the API must handle: a prenatal
// one (JGZ) and an inactive one (Oud Loket).
inline std::string test_directory_json(const std::string &version = "1") {
  auto doc = nlohmann::json::parse(fixture_directory_json());
  doc["dataset"]["version"] = version;
  doc["services"].push_back(nlohmann::json::parse(R"(
    {"id": "svc-jgz", "name": "JGZ Twente", "description": "Jeugdgezondheidszorg, ook voor aanstaande ouders.",
     "service_areas": [{"id": "a1", "extent": "GM0153"}, {"id": "a2", "extent": "GM0164"}],
     "attributes": [{"id": "t1", "taxonomy_term_id": "opvoeden"}, {"id": "t2", "taxonomy_term_id": "audience-citizens"}],
     "x_veldwijzer": {"sources": ["https://example.org/j"], "verified": "2026-11-01", "prenatal": true,
                      "minimum_age_months": 0, "maximum_age_months": 215}})"));
  doc["services"].push_back(nlohmann::json::parse(R"(
    {"id": "svc-oud", "name": "Oud Loket", "status": "inactive", "description": "Opgeheven loket voor schulden.",
     "service_areas": [{"id": "a1", "extent": "GM0153"}],
     "attributes": [{"id": "t1", "taxonomy_term_id": "schulden"}, {"id": "t2", "taxonomy_term_id": "audience-citizens"}],
     "x_veldwijzer": {"sources": ["https://example.org/o"], "verified": "2026-11-01"}})"));
  return doc.dump();
}

// Writes the three files under `assets`; returns that folder.
inline std::filesystem::path write_fixture_assets(const std::filesystem::path &assets,
                                                  const std::string &directory_json = test_directory_json()) {
  std::filesystem::create_directories(assets / "regions");
  std::filesystem::create_directories(assets / "directory");
  write_bytes((assets / "regions" / "twente.json").string(), kTestRegionJson);
  write_bytes((assets / "directory" / "twente.json").string(), directory_json);
  write_bytes((assets / "directory" / "synonyms.json").string(), kTestSynonymsJson);
  return assets;
}
