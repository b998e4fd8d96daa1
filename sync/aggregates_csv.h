// aggregates_csv.h — the one CSV layout the data team gets, whether it asks
// GET /api/v1/aggregates?format=csv or runs `veldwijzer-collector export`.
//
//   std::vector<PublishedRow> rows = {{table.checklist(), &row}, ...}; // already protected and filtered
//   std::string file = aggregates_csv(rows, measures, config);
//
// For Excel in a Dutch locale: UTF-8 BOM, ";" between cells, CRLF line ends,
// "." for a suppressed count, and a text cell that Excel would read as a
// formula (= + - @ tab CR) prefixed with '. Columns:
//   checklist;periode;gebied;gemeentecode;domein;domeinnaam;<one per measure>
// Both callers use this function, so the two files cannot drift apart
// (tests/sync/collector_cli_test.cpp compares them byte for byte).
#pragma once

#include "aggregates_api.h"
#include "suppression.h"

#include <span>
#include <string>
#include <string_view>

namespace veldwijzer::collector {

// One row of a protected table, with the checklist the table belongs to.
struct PublishedRow {
  std::string_view checklist;
  const ViewRow *row = nullptr;
};

std::string aggregates_csv(std::span<const PublishedRow> rows, std::span<const Measure> measures,
                           const AggregatesConfig &config);

// A municipality's name (the region's name for kRegionArea); the code itself when unknown.
std::string published_area_name(const AggregatesConfig &config, const std::string &area);
// A domain's Dutch title from the checklist definition ("Alle domeinen" for
// kAllDomains); empty when the checklist or domain is unknown.
std::string published_domain_title(const AggregatesConfig &config, std::string_view checklist,
                                   const std::string &domain);

// A text cell for Excel: quoted when it holds ; " CR or LF or starts or ends
// with a space, and prefixed with ' when Excel would read it as a formula.
std::string csv_text(std::string_view text);

} // namespace veldwijzer::collector
