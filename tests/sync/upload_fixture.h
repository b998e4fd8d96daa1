// upload_fixture.h — reports, tokens and uploads for the collector's tests.
//
//   std::string token = enroll_directly(store, {"GM0153", "GM0164"});
//   veldwijzer::Report report = random_report(rng, {"GM0153"}, 3);
//   auto res = post_report(client, token, veldwijzer::encode_report(report));
#pragma once

#include "collector_store.h"
#include "credentials.h"
#include "enrollment.h"

#include "veldwijzer/age_band.h"
#include "veldwijzer/upload_format.h"

#include <catch_amalgamated.hpp>
#include <httplib.h>

#include <ctime>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

inline veldwijzer::AggregateCell test_cell(const std::string &municipality, std::int64_t count,
                                           veldwijzer::SignalLevel level = veldwijzer::SignalLevel::concern,
                                           const std::string &period = "2026-10", const std::string &domain = "J4") {
  veldwijzer::AggregateCell cell;
  cell.period = period;
  cell.municipality = municipality;
  cell.age_band = "0-3";
  cell.checklist = "jgz-vroegsignalering";
  cell.checklist_version = 1;
  cell.domain = domain;
  cell.level = level;
  cell.route = level == veldwijzer::SignalLevel::none ? "" : "route-huiselijk-geweld-kindermishandeling";
  cell.count = count;
  return cell;
}

inline std::string random_report_id(std::mt19937_64 &rng) {
  static const char *hex = "0123456789abcdef";
  std::string id(32, '0');
  for (char &c : id) {
    c = hex[rng() % 16];
  }
  return id;
}

// One cell of 5 in October 2026 (a sealed month by any clock after
// 2026-11-03): a device's smallest report, for the crash and proxy tests,
// whose totals through the API then stay exact (5 survives rounding).
inline veldwijzer::Report one_cell_report(std::mt19937_64 &rng) {
  veldwijzer::Report report;
  report.report_id = random_report_id(rng);
  report.cells = {test_cell(rng() % 2 ? "GM0153" : "GM0164", 5, veldwijzer::SignalLevel::concern, "2026-10",
                            "J" + std::to_string(1 + rng() % 6))};
  return report;
}

// `cells` cells with keys drawn from a small space (so reports share keys and
// counts add up on the server) and counts 1..20.
inline veldwijzer::Report random_report(std::mt19937_64 &rng, const std::vector<std::string> &municipalities,
                                        int cells) {
  static const std::vector<std::string> periods = {"2026-09", "2026-10", "2026-11"};
  static const std::vector<std::string> domains = {"J1", "J2", "J4"};
  static const std::vector<veldwijzer::SignalLevel> levels = {
      veldwijzer::SignalLevel::none, veldwijzer::SignalLevel::attention, veldwijzer::SignalLevel::concern,
      veldwijzer::SignalLevel::acute};
  veldwijzer::Report report;
  report.report_id = random_report_id(rng);
  for (int i = 0; i < cells; ++i) {
    veldwijzer::AggregateCell cell =
        test_cell(municipalities[rng() % municipalities.size()], static_cast<std::int64_t>(1 + rng() % 20),
                  levels[rng() % levels.size()], periods[rng() % periods.size()], domains[rng() % domains.size()]);
    const auto &bands = veldwijzer::all_age_bands();
    cell.age_band = bands[rng() % bands.size()];
    report.cells.push_back(cell);
  }
  return report;
}

// Enrolls without HTTP: issues a code and redeems it in the store.
inline std::string enroll_directly(veldwijzer::collector::CollectorStore &store,
                                   const std::vector<std::string> &municipalities,
                                   veldwijzer::collector::TokenKind kind = veldwijzer::collector::TokenKind::submit,
                                   std::string *token_id = nullptr) {
  using namespace veldwijzer::collector;
  const std::int64_t now = std::time(nullptr);
  auto issued = issue_enrollment_code(store, {kind, "GGD Twente JGZ", municipalities}, now, "http://localhost");
  REQUIRE(issued.ok());
  const std::string token = new_token();
  const std::string id = new_token_id();
  auto redeemed = store.redeem_enrollment_code(sha256_hex(*canonical_enrollment_code(issued.value().code)),
                                               sha256_hex(token), id, now);
  REQUIRE(redeemed.ok());
  if (token_id != nullptr) {
    *token_id = id;
  }
  return token;
}

inline httplib::Result post_report(httplib::Client &client, const std::string &token, const std::string &body,
                                   const std::string &idempotency_key) {
  return client.Post("/api/v1/reports", {{"Authorization", "Bearer " + token}, {"Idempotency-Key", idempotency_key}},
                     body, "application/json");
}

inline httplib::Result post_report(httplib::Client &client, const std::string &token,
                                   const veldwijzer::Report &report) {
  return post_report(client, token, veldwijzer::encode_report(report), report.report_id);
}

// Cell key -> count, for comparing what was sent with what the server holds.
using CountsByKey =
    std::map<std::tuple<std::string, std::string, std::string, std::string, int, std::string, int, std::string>,
             std::int64_t>;

inline void add_counts(CountsByKey &counts, const std::vector<veldwijzer::AggregateCell> &cells) {
  for (const auto &c : cells) {
    counts[{c.period, c.municipality, c.age_band, c.checklist, c.checklist_version, c.domain, static_cast<int>(c.level),
            c.route}] += c.count;
  }
}

inline CountsByKey stored_counts(veldwijzer::collector::CollectorStore &store) {
  auto cells = store.counts({});
  REQUIRE(cells.ok());
  CountsByKey counts;
  add_counts(counts, cells.value());
  return counts;
}

inline std::int64_t total(const CountsByKey &counts) {
  std::int64_t sum = 0;
  for (const auto &[key, count] : counts) {
    sum += count;
  }
  return sum;
}
