// checklist_test.cpp — definitions are validated on load, and answers score
// to the level and route a professional would expect.
#include "veldwijzer/age_band.h"
#include "veldwijzer/checklist.h"

#include "checklist_fixture.h"

#include <catch_amalgamated.hpp>

#include <string>

using namespace veldwijzer;

namespace {

std::string load_problem(const std::string &json) {
  const auto routes = fixture_routes();
  auto loaded = load_checklist(json, "x.json", &routes);
  return loaded.ok() ? std::string("(loaded)") : loaded.error().message();
}

// The fixture with one piece of text replaced: each bad-definition test breaks one thing.
std::string broken(const std::string &from, const std::string &to) {
  std::string json = fixture_checklist_json();
  const auto at = json.find(from);
  REQUIRE(at != std::string::npos);
  return json.replace(at, from.size(), to);
}

SignalLevel level_of(const ChecklistOutcome &outcome, const char *domain) {
  for (const auto &d : outcome.domains) {
    if (d.domain->id == domain) {
      return d.level;
    }
  }
  FAIL("no domain " << domain);
  return SignalLevel::none;
}

} // namespace

TEST_CASE("a valid definition loads with its domains, items and routes") {
  const Checklist c = fixture_checklist();
  CHECK(c.id == "test-lijst");
  CHECK(c.version == 1);
  REQUIRE(c.domains.size() == 2);
  CHECK(c.item_count() == 5);
  CHECK(c.find_item("T1.3")->acute);
  CHECK(c.find_item("T2.2")->instrument->cutoff == 9);
  CHECK(c.domains[0].routes_for(SignalLevel::acute).front() == "route-acuut-gevaar");
  CHECK(c.domains[0].routes_for(SignalLevel::none).empty());
}

TEST_CASE("a definition with a broken reference or level is refused with its JSON path") {
  CHECK(load_problem("{") == "x.json: not valid JSON");
  CHECK(load_problem(broken(R"("format": 1)", R"("format": 2)")) ==
        "x.json /format: unknown format; this app reads format 1");
  CHECK(load_problem(broken(R"("item": "T1.1")", R"("item": "T9.9")")).find("/domains/0/rules/2/item") !=
        std::string::npos);
  CHECK(load_problem(broken(R"(["route-opvoeden"], "2")", R"(["route-bestaat-niet"], "2")"))
            .find("unknown route \"route-bestaat-niet\"") != std::string::npos);
  // Level 3 in a domain that stops at 2, and an acute item where level 3 cannot be reached.
  CHECK(load_problem(broken(R"({"level": 2, "item": "T2.2")", R"({"level": 3, "item": "T2.2")"))
            .find("/domains/1/rules/2/level") != std::string::npos);
  CHECK(load_problem(broken(R"("max_level": 3)", R"("max_level": 2)")).find("/domains/0/items/2/acute") !=
        std::string::npos);
  CHECK(load_problem(broken(R"("id": "T1.2")", R"("id": "T1.1")")).find("duplicate item id") != std::string::npos);
  CHECK(load_problem(broken(R"("cutoff": 9)", R"("cutoff": 99)")).find("/domains/1/items/1/instrument") !=
        std::string::npos);
  CHECK(load_problem(broken(R"("age_bands": ["0-3", "4-11"])", R"("age_bands": ["0-5"])")) ==
        "x.json /age_bands/0: unknown age band \"0-5\"");
  CHECK(load_problem(broken(R"({"value": 1, "text")", R"({"value": 5, "text")")).find("scale values") !=
        std::string::npos);
}

TEST_CASE("a kept old definition loads without its routes being installed") {
  auto loaded = load_checklist(broken(R"(["route-opvoeden"], "2")", R"(["route-uitgefaseerd"], "2")"), "old", nullptr);
  CHECK(loaded.ok());
}

TEST_CASE("no answers score as geen zorg in every domain") {
  const Checklist c = fixture_checklist();
  const ChecklistOutcome outcome = score_checklist(c, {});
  CHECK(outcome.highest == SignalLevel::none);
  CHECK_FALSE(outcome.acute);
  CHECK(outcome.answered == 0);
  CHECK(outcome.total == 5);
  CHECK(outcome.domains[0].primary_route().empty());
}

TEST_CASE("one signal is aandacht, two signals or a serious one is zorg") {
  const Checklist c = fixture_checklist();
  CHECK(level_of(score_checklist(c, {{"T1.2", 1}}), "T1") == SignalLevel::attention);
  CHECK(level_of(score_checklist(c, {{"T1.1", 1}}), "T1") == SignalLevel::concern);
  const auto both = score_checklist(c, {{"T1.1", 0}, {"T1.2", 1}, {"T2.1", 2}});
  CHECK(level_of(both, "T1") == SignalLevel::attention);
  CHECK(level_of(both, "T2") == SignalLevel::concern);
  CHECK(both.domains[1].primary_route() == "route-opvoeden");
}

TEST_CASE("an acute item answered yes makes the domain acute and the acute route primary") {
  const Checklist c = fixture_checklist();
  const auto outcome = score_checklist(c, {{"T1.3", 1}});
  CHECK(outcome.acute);
  CHECK(outcome.highest == SignalLevel::acute);
  CHECK(outcome.domains[0].acute_item);
  CHECK(outcome.domains[0].primary_route() == "route-acuut-gevaar");
  CHECK_FALSE(score_checklist(c, {{"T1.3", 0}}).acute);
  CHECK_FALSE(score_checklist(c, {{"T1.3", kUnknown}}).acute);
}

TEST_CASE("an entered instrument score at its cut-off raises the level; below it adds no points") {
  const Checklist c = fixture_checklist();
  CHECK(level_of(score_checklist(c, {{"T2.2", 9}}), "T2") == SignalLevel::concern);
  CHECK(level_of(score_checklist(c, {{"T2.2", 8}}), "T2") == SignalLevel::none);
}

TEST_CASE("onbekend counts as answered but never as a signal, and bad values are ignored") {
  const Checklist c = fixture_checklist();
  const auto outcome = score_checklist(c, {{"T1.1", kUnknown}, {"T1.2", 7}, {"T2.1", 3}, {"nope", 1}});
  CHECK(outcome.highest == SignalLevel::none);
  CHECK(outcome.answered == 1);
}

TEST_CASE("level codes round-trip and are the words used in uploads") {
  for (SignalLevel level : {SignalLevel::none, SignalLevel::attention, SignalLevel::concern, SignalLevel::acute}) {
    CHECK(signal_level_from_code(signal_level_code(level)) == level);
  }
  CHECK(signal_level_code(SignalLevel::concern) == "zorg");
  CHECK_FALSE(signal_level_from_code("ernstig").has_value());
}

TEST_CASE("an entered age lands in the monitor's age band") {
  CHECK(age_band({true, 0, 0}) == "prenataal");
  CHECK(age_band({false, 0, 7}) == "0-3");
  CHECK(age_band({false, 3, 11}) == "0-3");
  CHECK(age_band({false, 0, 48}) == "4-11");
  CHECK(age_band({false, 11, 0}) == "4-11");
  CHECK(age_band({false, 12, 0}) == "12-17");
  CHECK(age_band({false, 17, 11}) == "12-17");
  CHECK(age_band({false, 18, 0}) == "18-64");
  CHECK(age_band({false, 64, 0}) == "18-64");
  CHECK(age_band({false, 65, 0}) == "65-74");
  CHECK(age_band({false, 84, 0}) == "75-84");
  CHECK(age_band({false, 85, 0}) == "85+");
  CHECK(age_band({false, 104, 0}) == "85+");
  CHECK_FALSE(age_band({false, -1, 0}).has_value());
  CHECK_FALSE(age_band({false, 130, 0}).has_value());
  CHECK(all_age_bands().size() == 8);
}
