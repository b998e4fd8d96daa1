// directory_fixture.h — a small, hand-written directory for unit tests, so
// loader and search behaviour is pinned down independent of the seed data.
#pragma once

#include "veldwijzer/directory.h"

#include <catch_amalgamated.hpp>

#include <string>

inline const char *kFixtureRegion = R"({"region": "Twente", "municipalities": [
  {"code": "GM0153", "name": "Enschede"}, {"code": "GM0183", "name": "Tubbergen"},
  {"code": "GM0164", "name": "Hengelo"}]})";

inline const char *kFixtureSynonyms = R"({"version": 1, "groups": [
  {"terms": ["schulden", "geldzorgen", "rekeningen"], "topics": ["schulden"]},
  {"terms": ["mishandeling", "geweld"], "topics": ["huiselijk-geweld"]}]})";

inline std::string fixture_directory_json() {
  return R"({
  "dataset": {"id": "test", "version": "1"},
  "organizations": [{"id": "org-ggd", "name": "GGD Twente"}],
  "taxonomy_terms": [
    {"id": "huiselijk-geweld", "name": "Huiselijk geweld", "x_name_en": "Domestic violence", "taxonomy": "veldwijzer-topics"},
    {"id": "woningvervuiling", "name": "Woningvervuiling", "taxonomy": "veldwijzer-topics"},
    {"id": "schulden", "name": "Schulden", "taxonomy": "veldwijzer-topics"},
    {"id": "opvoeden", "name": "Opvoeden", "taxonomy": "veldwijzer-topics"},
    {"id": "audience-citizens", "name": "Burgers", "taxonomy": "veldwijzer-audience"},
    {"id": "audience-professionals", "name": "Professionals", "taxonomy": "veldwijzer-audience"},
    {"id": "audience-policy", "name": "Beleid", "taxonomy": "veldwijzer-audience"},
    {"id": "holidays-open", "name": "Open op feestdagen", "taxonomy": "veldwijzer-holidays"},
    {"id": "role-front-door", "name": "Toegang", "taxonomy": "veldwijzer-roles"}
  ],
  "services": [
    {"id": "svc-vt", "organization_id": "org-ggd", "name": "Veilig Thuis Twente", "alternate_name": "VTT",
     "description": "Advies en melding bij huiselijk geweld en kindermishandeling.",
     "phones": [{"id": "p1", "number": "0800-2000"}],
     "schedules": [{"id": "s1", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "24:00"}],
     "service_areas": [{"id": "a1", "extent": "GM0153"}, {"id": "a2", "extent": "GM0183"}, {"id": "a3", "extent": "GM0164"}],
     "attributes": [{"id": "t1", "taxonomy_term_id": "huiselijk-geweld"}, {"id": "t2", "taxonomy_term_id": "audience-citizens"},
                    {"id": "t3", "taxonomy_term_id": "audience-professionals"}, {"id": "t4", "taxonomy_term_id": "holidays-open"}],
     "x_veldwijzer": {"sources": ["https://example.org/vt"], "verified": "2026-11-01", "description_en": "Advice on domestic violence."}},
    {"id": "svc-woning", "organization_id": "org-ggd", "name": "Meldpunt Woningvervuiling",
     "description": "Meldingen van ernstig vervuilde woningen.",
     "service_areas": [{"id": "a1", "extent": "GM0153"}, {"id": "a2", "extent": "GM0183"}, {"id": "a3", "extent": "GM0164"}],
     "attributes": [{"id": "t1", "taxonomy_term_id": "woningvervuiling"}, {"id": "t2", "taxonomy_term_id": "audience-citizens"}],
     "x_veldwijzer": {"sources": ["https://example.org/w"], "unverified_note": "telefoonnummer niet bevestigd"}},
    {"id": "svc-wijkteam-tubbergen", "name": "Wijkteam Tubbergen", "description": "Toegang voor opvoedvragen en schulden.",
     "service_areas": [{"id": "a1", "extent": "GM0183"}],
     "attributes": [{"id": "t1", "taxonomy_term_id": "opvoeden"}, {"id": "t2", "taxonomy_term_id": "schulden"},
                    {"id": "t3", "taxonomy_term_id": "role-front-door"}, {"id": "t4", "taxonomy_term_id": "audience-citizens"}],
     "x_veldwijzer": {"sources": ["https://example.org/t"], "verified": "2026-11-01"}},
    {"id": "svc-kindertelefoon", "name": "Kindertelefoon", "description": "Praten over wat je dwarszit.",
     "schedules": [{"id": "s1", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "11:00", "closes_at": "21:00"}],
     "service_areas": [{"id": "a1", "extent": "GM0153"}, {"id": "a2", "extent": "GM0183"}, {"id": "a3", "extent": "GM0164"}],
     "attributes": [{"id": "t1", "taxonomy_term_id": "audience-citizens"}],
     "x_veldwijzer": {"sources": ["https://example.org/k"], "verified": "2026-11-01", "minimum_age_months": 96, "maximum_age_months": 215}},
    {"id": "svc-beleid", "name": "Kennispunt Twente", "description": "Onderzoek en statistiek over schulden.",
     "service_areas": [{"id": "a1", "extent": "GM0153"}],
     "attributes": [{"id": "t1", "taxonomy_term_id": "audience-policy"}, {"id": "t2", "taxonomy_term_id": "schulden"}],
     "x_veldwijzer": {"sources": ["https://example.org/b"], "verified": "2026-11-01"}}
  ]})";
}

inline veldwijzer::Region fixture_region() {
  auto region = veldwijzer::load_region(kFixtureRegion, "region.json");
  REQUIRE(region.ok());
  return region.value();
}
