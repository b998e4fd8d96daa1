// upload_format.cpp — writing and strictly reading reports and acks.
//
// The reader is the privacy gate on the collector: it accepts exactly the
// allow-listed fields with values of the allowed shape and nothing else.
#include "veldwijzer/upload_format.h"

#include "veldwijzer/age_band.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace veldwijzer {
namespace {

using nlohmann::json;

bool all_of(std::string_view text, bool (*pred)(char)) {
  return std::all_of(text.begin(), text.end(), pred);
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f');
}
bool is_slug_char(char c) {
  return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-';
}

bool is_slug(std::string_view text, std::size_t max) {
  return !text.empty() && text.size() <= max && text.front() != '-' && text.back() != '-' && all_of(text, is_slug_char);
}

bool is_domain(std::string_view id) {
  return id.size() >= 2 && id.size() <= 4 && id[0] >= 'A' && id[0] <= 'Z' && all_of(id.substr(1), is_digit);
}

bool is_route(std::string_view id) {
  return id.size() > 6 && id.substr(0, 6) == "route-" && is_slug(id, 80);
}

// Parsing with a depth limit: nlohmann recurses per nesting level, and a
// report never nests deeper than 3.
json parse_shallow(std::string_view text, int max_depth) {
  int depth = 0;
  bool too_deep = false;
  json::parser_callback_t limit = [&](int d, json::parse_event_t event, json &) {
    if (event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) {
      depth = d + 1;
      if (depth > max_depth) {
        too_deep = true;
      }
    }
    return !too_deep;
  };
  json doc = json::parse(text, limit, false);
  if (too_deep) {
    return json(json::value_t::discarded);
  }
  return doc;
}

} // namespace

bool is_report_id(std::string_view id) {
  return id.size() == 32 && all_of(id, is_hex);
}

bool is_period(std::string_view period) {
  if (period.size() != 7 || period[4] != '-' || !all_of(period.substr(0, 4), is_digit) ||
      !all_of(period.substr(5), is_digit) || period[0] != '2') {
    return false;
  }
  const int month = (period[5] - '0') * 10 + (period[6] - '0');
  return month >= 1 && month <= 12;
}

bool is_municipality_code(std::string_view code) {
  return code.size() == 6 && code.substr(0, 2) == "GM" && all_of(code.substr(2), is_digit);
}

bool AggregateCell::same_key(const AggregateCell &o) const {
  return period == o.period && municipality == o.municipality && age_band == o.age_band && checklist == o.checklist &&
         checklist_version == o.checklist_version && domain == o.domain && level == o.level && route == o.route;
}

std::string encode_report(const Report &report) {
  json cells = json::array();
  for (const AggregateCell &c : report.cells) {
    json cell = {{"period", c.period},
                 {"municipality", c.municipality},
                 {"age_band", c.age_band},
                 {"checklist", c.checklist},
                 {"checklist_version", c.checklist_version},
                 {"domain", c.domain},
                 {"level", std::string(signal_level_code(c.level))},
                 {"count", c.count}};
    if (c.level != SignalLevel::none) {
      cell["route"] = c.route;
    }
    cells.push_back(std::move(cell));
  }
  return json{{"format", 1}, {"report_id", report.report_id}, {"cells", std::move(cells)}}.dump();
}

Result<Report> decode_report(std::string_view json_text) {
  const json doc = parse_shallow(json_text, 3);
  if (doc.is_discarded()) {
    return fail(std::string("not valid JSON, or nested deeper than a report"));
  }
  if (!doc.is_object()) {
    return fail(std::string("a report is a JSON object"));
  }
  static const std::set<std::string, std::less<>> kTop = {"format", "report_id", "cells"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!kTop.contains(it.key())) {
      return fail("/" + it.key() + ": field not allowed in a report");
    }
  }
  if (!doc.contains("format") || doc["format"] != 1) {
    return fail(std::string("/format: must be 1"));
  }
  Report report;
  if (!doc.contains("report_id") || !doc["report_id"].is_string() ||
      !is_report_id(doc["report_id"].get_ref<const std::string &>())) {
    return fail(std::string("/report_id: must be 32 lower-case hex characters"));
  }
  report.report_id = doc["report_id"].get<std::string>();
  const auto cells = doc.find("cells");
  if (cells == doc.end() || !cells->is_array() || cells->empty()) {
    return fail(std::string("/cells: must be a non-empty list"));
  }
  if (cells->size() > kMaxCellsPerReport) {
    return fail("/cells: at most " + std::to_string(kMaxCellsPerReport) + " cells per report");
  }
  static const std::set<std::string, std::less<>> kCellFields = {
      "period", "municipality", "age_band", "checklist", "checklist_version", "domain", "level", "route", "count"};
  const auto &bands = all_age_bands();
  for (std::size_t i = 0; i < cells->size(); ++i) {
    const json &c = (*cells)[i];
    const std::string path = "/cells/" + std::to_string(i);
    if (!c.is_object()) {
      return fail(path + ": must be an object");
    }
    for (auto it = c.begin(); it != c.end(); ++it) {
      if (!kCellFields.contains(it.key())) {
        return fail(path + "/" + it.key() + ": field not allowed in a report");
      }
    }
    const auto string_field = [&](const char *key) -> const std::string * {
      const auto it = c.find(key);
      return it != c.end() && it->is_string() ? &it->get_ref<const std::string &>() : nullptr;
    };
    AggregateCell cell;
    const std::string *period = string_field("period");
    if (period == nullptr || !is_period(*period)) {
      return fail(path + "/period: must be a month, YYYY-MM");
    }
    cell.period = *period;
    const std::string *municipality = string_field("municipality");
    if (municipality == nullptr || !is_municipality_code(*municipality)) {
      return fail(path + "/municipality: must be a CBS code like GM0153");
    }
    cell.municipality = *municipality;
    const std::string *band = string_field("age_band");
    if (band == nullptr || std::find(bands.begin(), bands.end(), *band) == bands.end()) {
      return fail(path + "/age_band: not a known age band");
    }
    cell.age_band = *band;
    const std::string *checklist = string_field("checklist");
    if (checklist == nullptr || !is_slug(*checklist, 64)) {
      return fail(path + "/checklist: must be a checklist id");
    }
    cell.checklist = *checklist;
    const auto version = c.find("checklist_version");
    if (version == c.end() || !version->is_number_unsigned() || version->get<std::uint64_t>() < 1 ||
        version->get<std::uint64_t>() > 10000) {
      return fail(path + "/checklist_version: must be a whole number 1..10000");
    }
    cell.checklist_version = static_cast<int>(version->get<std::uint64_t>());
    const std::string *domain = string_field("domain");
    if (domain == nullptr || !is_domain(*domain)) {
      return fail(path + "/domain: must be a domain id like J4");
    }
    cell.domain = *domain;
    const std::string *level = string_field("level");
    const auto parsed_level = level != nullptr ? signal_level_from_code(*level) : std::nullopt;
    if (!parsed_level) {
      return fail(path + "/level: must be geen-zorg, aandacht, zorg or acuut");
    }
    cell.level = *parsed_level;
    const std::string *route = string_field("route");
    if (cell.level == SignalLevel::none) {
      if (c.contains("route")) {
        return fail(path + "/route: not allowed at level geen-zorg");
      }
    } else if (route == nullptr || !is_route(*route)) {
      return fail(path + "/route: must be a route id like route-schulden");
    } else {
      cell.route = *route;
    }
    const auto count = c.find("count");
    if (count == c.end() || !count->is_number_unsigned() || count->get<std::uint64_t>() < 1 ||
        count->get<std::uint64_t>() > 100000) {
      return fail(path + "/count: must be a whole number 1..100000");
    }
    cell.count = static_cast<std::int64_t>(count->get<std::uint64_t>());
    report.cells.push_back(std::move(cell));
  }
  return report;
}

std::string_view ack_status_code(AckStatus status) {
  switch (status) {
  case AckStatus::accepted:
    return "accepted";
  case AckStatus::duplicate:
    return "duplicate";
  case AckStatus::rejected:
    return "rejected";
  }
  return "rejected";
}

std::string encode_ack(const ReportAck &ack) {
  json cells = json::array();
  for (const CellAck &cell : ack.cells) {
    json c = {{"status", std::string(ack_status_code(cell.status))}};
    if (!cell.reason.empty()) {
      c["reason"] = cell.reason;
    }
    cells.push_back(std::move(c));
  }
  json out = {{"report_id", ack.report_id}, {"status", std::string(ack_status_code(ack.status))}, {"cells", cells}};
  if (!ack.reason.empty()) {
    out["reason"] = ack.reason;
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<ReportAck> decode_ack(std::string_view json_text) {
  const json doc = parse_shallow(json_text, 3);
  if (!doc.is_object()) {
    return fail(std::string("the server's answer is not a JSON object"));
  }
  const auto status_of = [](const json &j) -> std::optional<AckStatus> {
    if (!j.is_string()) {
      return std::nullopt;
    }
    for (AckStatus s : {AckStatus::accepted, AckStatus::duplicate, AckStatus::rejected}) {
      if (ack_status_code(s) == j.get_ref<const std::string &>()) {
        return s;
      }
    }
    return std::nullopt;
  };
  ReportAck ack;
  const auto id = doc.find("report_id");
  const auto status = doc.find("status");
  if (id == doc.end() || !id->is_string() || status == doc.end() || !status_of(*status)) {
    return fail(std::string("the server's answer lacks report_id or status"));
  }
  ack.report_id = id->get<std::string>();
  ack.status = *status_of(*status);
  if (const auto reason = doc.find("reason"); reason != doc.end() && reason->is_string()) {
    ack.reason = reason->get<std::string>();
  }
  if (const auto cells = doc.find("cells"); cells != doc.end() && cells->is_array()) {
    for (const json &c : *cells) {
      CellAck cell;
      const auto s = c.is_object() && c.contains("status") ? status_of(c["status"]) : std::nullopt;
      if (!s) {
        return fail(std::string("the server's answer has a cell without status"));
      }
      cell.status = *s;
      if (c.contains("reason") && c["reason"].is_string()) {
        cell.reason = c["reason"].get<std::string>();
      }
      ack.cells.push_back(std::move(cell));
    }
  }
  return ack;
}

} // namespace veldwijzer
