// checklist_fixture.h — a small hand-written checklist (two domains, every
// item kind, an acute item) and the routes it names, so scoring and storage
// tests do not depend on the wording of the real checklists.
#pragma once

#include "veldwijzer/checklist.h"

#include <catch_amalgamated.hpp>

#include <string>

inline veldwijzer::ReferralRoutes fixture_routes() {
  veldwijzer::ReferralRoutes routes;
  for (const char *id : {"route-acuut-gevaar", "route-veilig", "route-opvoeden", "route-extra"}) {
    veldwijzer::ReferralRoute route;
    route.id = id;
    route.title = {id, id};
    routes.routes.push_back(route);
  }
  return routes;
}

// version lets a test install "the same checklist, one version later".
inline std::string fixture_checklist_json(int version = 1, const std::string &extra_item = "") {
  return R"({"format": 1, "id": "test-lijst", "version": )" + std::to_string(version) + R"(,
  "title": {"nl": "Testlijst", "en": "Test list"},
  "description": {"nl": "Voor tests.", "en": "For tests."},
  "age_bands": ["0-3", "4-11"],
  "domains": [
    {"id": "T1", "title": {"nl": "Veiligheid", "en": "Safety"}, "max_level": 3,
     "items": [
       {"id": "T1.1", "answer": "yes_no", "text": {"nl": "Letsel", "en": "Injury"}},
       {"id": "T1.2", "answer": "yes_no", "text": {"nl": "Ruzie", "en": "Quarrel"}},
       {"id": "T1.3", "answer": "yes_no", "acute": true, "text": {"nl": "Vertelt spontaan", "en": "Tells"}})" +
         extra_item + R"(
     ],
     "rules": [{"level": 1, "points_at_least": 1}, {"level": 2, "points_at_least": 2},
               {"level": 2, "item": "T1.1", "at_least": 1}],
     "routes": {"1": ["route-veilig"], "2": ["route-veilig", "route-extra"], "3": ["route-acuut-gevaar", "route-veilig"]}},
    {"id": "T2", "title": {"nl": "Opvoeden", "en": "Parenting"}, "max_level": 2,
     "items": [
       {"id": "T2.1", "answer": "scale", "text": {"nl": "Uitputting", "en": "Exhaustion"},
        "options": [{"value": 0, "text": {"nl": "geen", "en": "none"}}, {"value": 1, "text": {"nl": "wat", "en": "some"}},
                    {"value": 2, "text": {"nl": "veel", "en": "much"}}]},
       {"id": "T2.2", "answer": "score", "text": {"nl": "Totaalscore X", "en": "Total X"}, "min": 0, "max": 15,
        "instrument": {"name": "X-schaal", "citation": "Auteur 2012", "cutoff": 9}}
     ],
     "rules": [{"level": 1, "points_at_least": 1}, {"level": 2, "points_at_least": 2},
               {"level": 2, "item": "T2.2", "at_least": 9}],
     "routes": {"1": ["route-opvoeden"], "2": ["route-opvoeden"]}}
  ]})";
}

inline veldwijzer::Checklist fixture_checklist(int version = 1, const std::string &extra_item = "") {
  const auto routes = fixture_routes();
  auto loaded = veldwijzer::load_checklist(fixture_checklist_json(version, extra_item), "test-lijst.json", &routes);
  INFO((loaded.ok() ? "" : loaded.error().message()));
  REQUIRE(loaded.ok());
  return std::move(loaded).value();
}
