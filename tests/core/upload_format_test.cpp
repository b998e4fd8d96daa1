// upload_format_test.cpp — the upload is an allow-list: what encode writes,
// decode reads back, and anything else is refused with its JSON path.
#include "veldwijzer/upload_format.h"

#include <catch_amalgamated.hpp>

#include <string>

using namespace veldwijzer;

namespace {

AggregateCell cell(SignalLevel level = SignalLevel::concern) {
  AggregateCell c;
  c.period = "2026-10";
  c.municipality = "GM0153";
  c.age_band = "0-3";
  c.checklist = "jgz-vroegsignalering";
  c.checklist_version = 1;
  c.domain = "J4";
  c.level = level;
  c.route = level == SignalLevel::none ? "" : "route-huiselijk-geweld-kindermishandeling";
  c.count = 3;
  return c;
}

const char *kGood = R"({"format": 1, "report_id": "0123456789abcdef0123456789abcdef", "cells": [
  {"period": "2026-10", "municipality": "GM0153", "age_band": "0-3", "checklist": "jgz-vroegsignalering",
   "checklist_version": 1, "domain": "J4", "level": "zorg", "route": "route-x", "count": 3}]})";

std::string with(const std::string &from, const std::string &to) {
  std::string json = kGood;
  const auto at = json.find(from);
  REQUIRE(at != std::string::npos);
  return json.replace(at, from.size(), to);
}

std::string problem(const std::string &json) {
  auto decoded = decode_report(json);
  return decoded.ok() ? std::string("(accepted)") : decoded.error();
}

} // namespace

TEST_CASE("a report round-trips through encode and decode") {
  Report report{"0123456789abcdef0123456789abcdef", {cell(), cell(SignalLevel::none)}};
  const auto decoded = decode_report(encode_report(report));
  REQUIRE(decoded.ok());
  REQUIRE(decoded.value().cells.size() == 2);
  CHECK(decoded.value().cells[0].same_key(report.cells[0]));
  CHECK(decoded.value().cells[0].count == 3);
  CHECK(decoded.value().cells[1].route.empty());
  CHECK(encode_report(report).find("\"route\"") == encode_report(report).rfind("\"route\"")); // one route only
}

TEST_CASE("fields outside the allow-list are refused, whatever their content") {
  CHECK(problem(kGood) == "(accepted)");
  CHECK(problem(with(R"("count": 3})", R"("count": 3, "note": "mevrouw J."})")) ==
        "/cells/0/note: field not allowed in a report");
  CHECK(problem(with(R"("format": 1,)", R"("format": 1, "device_id": "tablet-7",)")) ==
        "/device_id: field not allowed in a report");
  CHECK(problem(with(R"("count": 3})", R"("count": 3, "record_id": "ab"})")).find("not allowed") != std::string::npos);
}

TEST_CASE("values of the wrong shape are refused: no days, no free text, no odd codes") {
  CHECK(problem(with("\"2026-10\"", "\"2026-10-14\"")) == "/cells/0/period: must be a month, YYYY-MM");
  CHECK(problem(with("\"2026-10\"", "\"2026-13\"")).find("/period") != std::string::npos);
  CHECK(problem(with("\"GM0153\"", "\"Enschede\"")).find("/municipality") != std::string::npos);
  CHECK(problem(with("\"0-3\"", "\"2 jaar\"")).find("/age_band") != std::string::npos);
  CHECK(problem(with("\"J4\"", "\"Huiselijk geweld bij fam. X\"")).find("/domain") != std::string::npos);
  CHECK(problem(with("\"zorg\"", "\"ernstig\"")).find("/level") != std::string::npos);
  CHECK(problem(with("\"route-x\"", "\"bel mevrouw\"")).find("/route") != std::string::npos);
  CHECK(problem(with("\"count\": 3", "\"count\": 0")).find("/count") != std::string::npos);
  CHECK(problem(with("\"count\": 3", "\"count\": -2")).find("/count") != std::string::npos);
  CHECK(problem(with("\"count\": 3", "\"count\": 2.5")).find("/count") != std::string::npos);
  CHECK(problem(with("0123456789abcdef0123456789abcdef", "xyz")).find("/report_id") != std::string::npos);
  CHECK(problem(with("\"level\": \"zorg\"", "\"level\": \"geen-zorg\"")) ==
        "/cells/0/route: not allowed at level geen-zorg");
}

TEST_CASE("malformed, deeply nested or empty bodies are refused without crashing") {
  CHECK(problem("").find("not valid JSON") != std::string::npos);
  CHECK(problem("[1,2]") == "a report is a JSON object");
  CHECK(problem(std::string(100000, '[') + std::string(100000, ']')).find("nested") != std::string::npos);
  CHECK(problem(with(R"("checklist_version": 1)", R"("checklist_version": {"a": {"b": 1}})")).find("nested") !=
        std::string::npos);
  CHECK(problem(R"({"format": 1, "report_id": "0123456789abcdef0123456789abcdef", "cells": []})") ==
        "/cells: must be a non-empty list");
}

TEST_CASE("an acknowledgement round-trips with per-cell statuses") {
  ReportAck ack{"0123456789abcdef0123456789abcdef",
                AckStatus::accepted,
                "",
                {{AckStatus::accepted, ""}, {AckStatus::rejected, "GM0164 valt buiten uw organisatie"}}};
  const auto decoded = decode_ack(encode_ack(ack));
  REQUIRE(decoded.ok());
  CHECK(decoded.value().status == AckStatus::accepted);
  REQUIRE(decoded.value().cells.size() == 2);
  CHECK(decoded.value().cells[1].status == AckStatus::rejected);
  CHECK(decoded.value().cells[1].reason == "GM0164 valt buiten uw organisatie");
  CHECK_FALSE(decode_ack("<html>502</html>").ok());
}
