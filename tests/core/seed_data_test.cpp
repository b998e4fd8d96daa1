// seed_data_test.cpp — the real Twente seed data (assets/) loads, is
// complete enough to route from every municipality, and answers the queries
// a nurse would type. Built into the native and the wasm test binary.
#include "veldwijzer/directory_data.h"

#include "seed_assets.h"

#include <catch_amalgamated.hpp>

#include <cstddef>
#include <string_view>

using namespace veldwijzer;

namespace {

// Loaded once for all tests, through the same path the app uses.
const DirectoryData &seed() {
  static const std::unique_ptr<DirectoryData> data = [] {
    auto loaded = load_directory_data(
        {seed_assets::region(), seed_assets::directory(), seed_assets::synonyms(), seed_assets::routes()});
    INFO((loaded.ok() ? "" : loaded.error().message()));
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
  }();
  return *data;
}

std::string first_hit(const std::string &query, const std::string &municipality = "") {
  SearchQuery q;
  q.text = query;
  q.municipality = municipality;
  q.preferred_municipality = municipality;
  const auto hits = seed().index.search(q);
  return hits.empty() ? std::string("(none)") : hits.front().service->id;
}

} // namespace

TEST_CASE("the seed directory covers the 14 Twente municipalities with sourced services") {
  const DirectoryData &data = seed();
  CHECK(data.region.municipalities.size() == 14);
  CHECK(data.directory.services.size() >= 50);
  for (const Service &s : data.directory.services) {
    INFO(s.id);
    CHECK_FALSE(s.sources.empty());
    CHECK((!s.verified.empty() || !s.unverified_note.empty()));
  }
}

TEST_CASE("every municipality has a front door, so @wijkteam steps resolve everywhere") {
  const DirectoryData &data = seed();
  const ReferralRoute *route = data.routes.find("route-opvoedvragen");
  REQUIRE(route != nullptr);
  for (const Municipality &m : data.region.municipalities) {
    INFO(m.name);
    for (const ResolvedStep &step : resolve_route(*route, data.directory, m.code)) {
      for (const std::string &role : step.unresolved_roles) {
        CHECK(role != "@wijkteam");
      }
    }
  }
}

TEST_CASE("a step naming the GP posts shows only the post serving the chosen municipality") {
  const DirectoryData &data = seed();
  const ReferralRoute *route = data.routes.find("route-zorgwekkend-gedrag");
  REQUIRE(route != nullptr);
  const auto steps = resolve_route(*route, data.directory, "GM0164"); // Hengelo
  REQUIRE(steps.size() >= 2);
  REQUIRE(steps[1].services.size() == 1);
  CHECK(steps[1].services[0]->id == "svc-huisartsenpost-hengelo");
  CHECK_FALSE(steps[1].outside_municipality);
}

TEST_CASE("the acute route exists, is marked acute and starts with 112") {
  const ReferralRoute *route = seed().routes.find("route-acuut-gevaar");
  REQUIRE(route != nullptr);
  CHECK(route->acute);
  CHECK(route->steps.front().text.nl.find("112") != std::string::npos);
}

TEST_CASE("a nurse's typo still finds Veilig Thuis: huislijk geweld in Tubbergen") {
  CHECK(first_hit("huislijk geweld", "GM0183") == "svc-veilig-thuis-twente");
  CHECK(first_hit("huiselijk geweld") == "svc-veilig-thuis-twente");
}

TEST_CASE("real queries land on the service a nurse expects") {
  CHECK(first_hit("vervuiling") == "svc-meldpunt-woningvervuiling");
  CHECK(first_hit("kindertelefoon") == "svc-kindertelefoon");
  CHECK(first_hit("verward gedrag") == "svc-meldpunt-zorgwekkend-gedrag-twente");
  CHECK(first_hit("eenzaam", "GM1735") == "svc-salut"); // Hof van Twente
  CHECK(first_hit("113") == "svc-113-zelfmoordpreventie");
}

TEST_CASE("synonyms reach the right topic: geldzorgen finds debt help, geheugen finds dementia") {
  const DirectoryData &data = seed();
  SearchQuery q;
  q.text = "geldzorgen";
  const auto money = data.index.search(q);
  REQUIRE_FALSE(money.empty());
  CHECK(money.front().service->has_term("schulden"));
  q.text = "geheugen";
  const auto memory = data.index.search(q);
  REQUIRE_FALSE(memory.empty());
  CHECK(memory.front().service->has_term("dementie"));
}

TEST_CASE("nonsense finds nothing") {
  CHECK(first_hit("qwxzv") == "(none)");
}

TEST_CASE("the seed directory survives an HSDS export and re-import unchanged") {
  const DirectoryData &data = seed();
  const std::string exported = export_hsds(data.directory);
  auto again = load_directory(exported, "export.json", data.region);
  REQUIRE(again.ok());
  CHECK(export_hsds(again.value()) == exported);
}
