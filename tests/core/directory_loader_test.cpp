// directory_loader_test.cpp — HSDS 3 in, checked; HSDS 3 out, the same.
#include "veldwijzer/directory.h"

#include "directory_fixture.h"

#include <catch_amalgamated.hpp>

#include <nlohmann/json.hpp>

using namespace veldwijzer;

namespace {

// The fixture with one value replaced at a JSON pointer.
std::string fixture_with(const std::string &pointer, const nlohmann::json &value) {
  auto doc = nlohmann::json::parse(fixture_directory_json());
  doc[nlohmann::json::json_pointer(pointer)] = value;
  return doc.dump();
}

LoadError load_error(const std::string &text) {
  auto loaded = load_directory(text, "twente.json", fixture_region());
  REQUIRE_FALSE(loaded.ok());
  return loaded.error();
}

} // namespace

TEST_CASE("the fixture directory loads with services, hours, areas and terms") {
  auto loaded = load_directory(fixture_directory_json(), "twente.json", fixture_region());
  REQUIRE(loaded.ok());
  const Directory &d = loaded.value();
  CHECK(d.services.size() == 5);
  const Service *vt = d.service("svc-vt");
  REQUIRE(vt != nullptr);
  CHECK(vt->always_open());
  CHECK(vt->covers("GM0183"));
  CHECK(vt->for_professionals());
  CHECK(vt->holidays() == HolidayPolicy::open);
  CHECK(vt->phones.at(0).number == "0800-2000");
  CHECK(d.service("svc-woning")->unverified_note == "telefoonnummer niet bevestigd");
  CHECK(d.service("svc-beleid")->policy_only());
  CHECK(d.service("svc-kindertelefoon")->maximum_age_months == 215);
}

TEST_CASE("an unknown municipality code is named with its JSON path") {
  const LoadError e = load_error(fixture_with("/services/1/service_areas/0/extent", "GM9999"));
  CHECK(e.message() == "twente.json /services/1/service_areas/0/extent: unknown municipality code GM9999 (not in "
                       "region Twente)");
}

TEST_CASE("broken references, times and statuses are refused with a reason") {
  CHECK(load_error(fixture_with("/services/0/attributes/0/taxonomy_term_id", "geweld")).reason ==
        "unknown taxonomy term 'geweld'");
  CHECK(load_error(fixture_with("/services/0/organization_id", "org-x")).json_path == "/services/0/organization_id");
  CHECK(load_error(fixture_with("/services/3/schedules/0/opens_at", "25:00")).reason == "expected a time HH:MM");
  CHECK(load_error(fixture_with("/services/3/schedules/0/closes_at", "10:00")).reason == "closes before it opens");
  CHECK(load_error(fixture_with("/services/3/schedules/0/byday", "MA,DI")).reason == "expected days like MO,TU,WE");
  CHECK(load_error(fixture_with("/services/0/status", "open")).json_path == "/services/0/status");
  CHECK(load_error(fixture_with("/services/2/id", "svc-vt")).reason == "duplicate service id 'svc-vt'");
  CHECK(load_error(fixture_with("/services/0/name", 42)).reason == "must be text");
  CHECK(load_error(fixture_with("/services/0/service_areas", nlohmann::json::array())).reason ==
        "a service must cover at least one municipality");
}

TEST_CASE("a service without sources or verification status is refused") {
  CHECK(load_error(fixture_with("/services/0/x_veldwijzer/sources", nlohmann::json::array())).reason ==
        "every service needs at least one source");
  auto doc = nlohmann::json::parse(fixture_directory_json());
  doc["services"][0]["x_veldwijzer"].erase("verified");
  CHECK(load_error(doc.dump()).reason == "a service is either verified (date) or carries an unverified_note");
}

TEST_CASE("malformed files never crash the loader") {
  CHECK(load_error("").reason == "not valid JSON");
  CHECK(load_error("[1,2]").reason == "must be an object");
  CHECK(load_error("{}").json_path == "/dataset");
  CHECK(load_error(R"({"dataset": {"id": "x", "version": "1"}, "taxonomy_terms": [], "services": [7]})").json_path ==
        "/services/0");
  CHECK(load_error(std::string(5000, '[')).reason == "not valid JSON");
}

TEST_CASE("export writes HSDS 3 that loads back to the same directory") {
  auto first = load_directory(fixture_directory_json(), "twente.json", fixture_region());
  REQUIRE(first.ok());
  const std::string exported = export_hsds(first.value());
  auto second = load_directory(exported, "export.json", fixture_region());
  REQUIRE(second.ok());
  CHECK(export_hsds(second.value()) == exported);
  CHECK(second.value().services.size() == first.value().services.size());
  CHECK(second.value().service("svc-vt")->hours.at(0).closes_minute == 24 * 60);
  CHECK(second.value().service("svc-kindertelefoon")->minimum_age_months == 96);
}

TEST_CASE("a region file with a bad or duplicate code is refused") {
  CHECK(load_region(R"({"region": "X", "municipalities": [{"code": "0153", "name": "E"}]})", "r.json").error().reason ==
        "expected a CBS code GMnnnn, got '0153'");
  CHECK(load_region(
            R"({"region": "X", "municipalities": [{"code": "GM0153", "name": "E"}, {"code": "GM0153", "name": "E"}]})",
            "r.json")
            .error()
            .reason == "duplicate municipality GM0153");
}
