// upload_format.h — the only thing that leaves the device: counts per cell.
//
// A report is a batch of AggregateCells under a random 128-bit report id.
// The format is an allow-list, enforced on both ends by the same code:
// encode_report() can only write the fields below, and decode_report()
// (the collector) refuses any other field, any value outside its pattern,
// and any date finer than a month. There is no field for free text, record
// ids, device ids, names or days — so they cannot be sent by mistake.
//
//   {"format": 1, "report_id": "<32 hex>", "cells": [
//     {"period": "2026-10", "municipality": "GM0153", "age_band": "0-3",
//      "checklist": "jgz-vroegsignalering", "checklist_version": 1,
//      "domain": "J4", "level": "zorg",
//      "route": "route-huiselijk-geweld-kindermishandeling", "count": 3}]}
//
// "route" is absent exactly when level is "geen-zorg". The acknowledgement:
//   {"report_id": "...", "status": "accepted" | "duplicate" | "rejected",
//    "reason": "...", "cells": [{"status": "accepted" | "rejected", "reason": "..."}]}
#pragma once

#include "veldwijzer/checklist.h"
#include "veldwijzer/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

struct AggregateCell {
  std::string period;       // "YYYY-MM": the month of the visits
  std::string municipality; // CBS code GMxxxx
  std::string age_band;     // one of all_age_bands()
  std::string checklist;    // checklist id
  int checklist_version = 0;
  std::string domain; // "J4"
  SignalLevel level = SignalLevel::none;
  std::string route; // primary route id; empty at level none
  std::int64_t count = 0;

  // Cells with equal keys are the same cell (count apart).
  bool same_key(const AggregateCell &other) const;
};

struct Report {
  std::string report_id; // 32 lower-case hex characters
  std::vector<AggregateCell> cells;
};

inline constexpr std::size_t kMaxCellsPerReport = 5000;

std::string encode_report(const Report &report);
// Every problem names the JSON path: "/cells/3/period: must be YYYY-MM".
Result<Report> decode_report(std::string_view json_text);

enum class AckStatus { accepted, duplicate, rejected };
std::string_view ack_status_code(AckStatus status);

struct CellAck {
  AckStatus status = AckStatus::accepted; // accepted or rejected
  std::string reason;                     // why rejected, in words for the professional
};

struct ReportAck {
  std::string report_id;
  AckStatus status = AckStatus::accepted;
  std::string reason;         // when the whole report was rejected
  std::vector<CellAck> cells; // one per cell, in order (empty for duplicate/rejected)
};

std::string encode_ack(const ReportAck &ack);
Result<ReportAck> decode_ack(std::string_view json_text);

// Field checks shared by both ends.
bool is_report_id(std::string_view id);
bool is_period(std::string_view period); // YYYY-MM, month 01..12, year 2000..2999
bool is_municipality_code(std::string_view code);

} // namespace veldwijzer
