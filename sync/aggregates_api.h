// aggregates_api.h — what the regional data team reads: suppressed counts
// (JSON or CSV for Excel) and the dashboard page.
//
//   AggregatesConfig config;                 // minimum cell 10, rounded to 5
//   config.region = directory->region;       // geo=twente is these municipalities' total
//   config.checklists = load_checklists_for_aggregates(assets / "checklists").value(); // titles, domains
//   install_aggregates_api(http, store, config); // before any catch-all GET route
//
// Every route needs a data-team read token (Authorization: Bearer <token>):
// no or an unknown token is 401, a device's submit token 403.
//
//   GET /api/v1/aggregates?checklist=&from=&to=&period=&geo=&municipality=&domain=&level=&format=
//     checklist     one checklist id; default: every checklist
//     from, to      YYYY-MM, inclusive; default: every year with counts. With
//                   period=quarter|year they must fall on quarter/year
//                   boundaries: quarters and years are only published whole.
//     period        month (default) | quarter | year
//     geo           municipality (default) | twente (the region's total)
//     municipality  GMxxxx, repeated or comma-separated; only with geo=municipality
//     domain        each (default) | all (the sum of the checklist's domains) |
//                   domain ids (J4, O8; repeated or comma-separated)
//     level         which counts, comma-separated; default all of:
//                   assessed  every domain assessment (the denominator for rates)
//                   signals   aandacht + zorg + acuut (what "a signal" means)
//                   aandacht, zorg, acuut, geen-zorg   one level each
//     format        json (default) | csv (Excel, Dutch locale: UTF-8 BOM, ";",
//                   CRLF, "." for a suppressed count, text cells that start with
//                   = + - @ prefixed with ')
//   A count counts domain assessments: one visit with signals in three domains
//   adds 1 to each of those domains and 3 to "all". Counts are summed over age
//   bands, routes and checklist versions.
//
//   JSON: {"checklist", "period", "geo", "domain", "from", "to", "levels": [...],
//          "suppression": {"minimum_cell": 10, "rounded_to": 5, "zero_shown": true},
//          "rows": [{"checklist", "period": "2026-Q1", "area": "GM0153" | "twente",
//                    "area_name", "domain": "J4" | "all", "domain_title",
//                    "counts": {"assessed": 120, "signals": 15, "aandacht": null, ...}}]}
//   null (CSV ".") is a suppressed count. Suppression (suppression.h) is
//   decided once per checklist and year over every view this route can give,
//   so no two responses can be combined to recompute a hidden count.
//
//   GET /api/v1/aggregates/meta  -> {"region", "municipalities", "checklists":
//          [{"id", "title", "domains": [{"id", "title"}]}], "years", "levels", "suppression"}
//   GET /dashboard/              -> the page (compiled in; it asks for the token)
#pragma once

#include "collector_store.h"

#include "veldwijzer/checklist.h"
#include "veldwijzer/directory.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace veldwijzer::collector {

struct AggregatesConfig {
  int minimum_cell = 10;             // suppress 1 .. minimum_cell-1; never below 5
  bool round_to_5 = true;            // as CBS: published counts are multiples of 5
  Region region;                     // its municipalities (and names) make up geo=twente
  std::vector<Checklist> checklists; // optional: titles, and domains shown even when empty
};

// Why the configuration cannot be served, or nullopt.
std::optional<std::string> aggregates_config_problem(const AggregatesConfig &config);

// Every checklist definition in a folder (*.json but not *.schema.json), for
// its title and domains; the routes it names are not checked here.
Result<std::vector<Checklist>> load_checklists_for_aggregates(const std::filesystem::path &folder);

// Throws std::invalid_argument with aggregates_config_problem()'s message for
// a bad configuration: check it first where a person can be told.
void install_aggregates_api(httplib::Server &http, CollectorStore &store, const AggregatesConfig &config);

// True when the request carries a data team's read token; otherwise answers
// 401, 403 (a device's submit token) or 503 (store down) itself.
bool read_token_authorised(CollectorStore &store, const httplib::Request &req, httplib::Response &res);

} // namespace veldwijzer::collector
