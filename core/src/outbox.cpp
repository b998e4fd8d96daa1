// outbox.cpp — counting records into reports, and the reports' fate.
#include "veldwijzer/outbox.h"

#include "veldwijzer/opening_hours.h"

#include "sqlite_statement.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <tuple>

namespace veldwijzer {
namespace {

using detail::Statement;
using detail::Transaction;

using CellKey = std::tuple<std::string, std::string, std::string, std::string, int, std::string, int, std::string>;

void log_outcome(sqlite3 *db, std::int64_t now, const std::string &report_id, std::string_view outcome,
                 std::string_view message) {
  Statement add(db, "INSERT INTO sync_log (at, report_id, outcome, message) VALUES (?1, ?2, ?3, ?4)");
  add.bind(1, now).bind(2, report_id).bind(3, outcome).bind(4, message).run();
  // The screen shows the recent past; older lines are of no use on the device.
  Statement trim(db, "DELETE FROM sync_log WHERE id <= (SELECT max(id) FROM sync_log) - 200");
  trim.run();
}

} // namespace

namespace {

// Year and month of "YYYY-MM" or "YYYY-MM-DD"; nullopt for anything else.
std::optional<std::pair<int, int>> year_month(std::string_view date) {
  if (date.size() < 7 || date[4] != '-') {
    return std::nullopt;
  }
  const int year = std::atoi(std::string(date.substr(0, 4)).c_str());
  const int month = std::atoi(std::string(date.substr(5, 2)).c_str());
  if (year < 2000 || month < 1 || month > 12) {
    return std::nullopt;
  }
  return std::pair{year, month};
}

// Days since 1970 of the first day after the month.
std::int64_t month_end(int year, int month) {
  return month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, month + 1, 1);
}

} // namespace

bool month_is_sealed(std::string_view visit_date, std::int64_t now, const SealPolicy &policy) {
  return period_state(visit_date, now, policy) == PeriodState::sealed;
}

PeriodState period_state(std::string_view period, std::int64_t now, const SealPolicy &policy) {
  const auto ym = year_month(period);
  if (!ym) {
    return PeriodState::open; // never counted: not a month
  }
  const LocalTime today = amsterdam_time(now);
  if (ym->first * 12 + ym->second > today.year * 12 + today.month) {
    return PeriodState::future;
  }
  return days_from_civil(today.year, today.month, today.day) >= month_end(ym->first, ym->second) + policy.delay_days
             ? PeriodState::sealed
             : PeriodState::open;
}

std::int64_t period_sealed_at(std::string_view period, const SealPolicy &policy) {
  const auto ym = year_month(period);
  return ym ? (month_end(ym->first, ym->second) + policy.delay_days) * 86400 : 0;
}

Result<CountingResult> Outbox::count_sealed_records(std::int64_t now, const SealPolicy &policy) {
  Transaction tx(db_);
  if (!tx.begun()) {
    return fail("cannot count: " + std::string(sqlite3_errmsg(db_)));
  }
  Statement rows(db_, "SELECT r.id, r.visit_date, r.municipality, r.age_band, r.checklist_id, r.checklist_version,"
                      " l.domain_id, l.level, l.route_id"
                      " FROM records r JOIN record_levels l ON l.record_id = r.id"
                      " WHERE r.status = 'afgerond' ORDER BY r.id");
  std::map<CellKey, std::int64_t> cells;
  std::vector<std::string> counted;
  while (rows.next()) {
    if (!month_is_sealed(rows.text(1), now, policy)) {
      continue;
    }
    const std::string id = rows.text(0);
    if (counted.empty() || counted.back() != id) {
      counted.push_back(id);
    }
    const int level = std::clamp(rows.integer(7), 0, 3);
    cells[{rows.text(1).substr(0, 7), rows.text(2), rows.text(3), rows.text(4), rows.integer(5), rows.text(6), level,
           level == 0 ? std::string() : rows.text(8)}] += 1;
  }
  if (!rows.ok()) {
    return fail("cannot read completed records: " + rows.error());
  }
  CountingResult result;
  if (counted.empty()) {
    return result;
  }

  std::vector<Report> reports;
  for (const auto &[key, count] : cells) {
    if (reports.empty() || reports.back().cells.size() >= kMaxCellsPerReport) {
      Statement id(db_, "SELECT lower(hex(randomblob(16)))");
      if (!id.next()) {
        return fail("cannot make a report id: " + id.error());
      }
      reports.push_back(Report{id.text(0), {}});
    }
    AggregateCell cell;
    std::tie(cell.period, cell.municipality, cell.age_band, cell.checklist, cell.checklist_version, cell.domain,
             std::ignore, cell.route) = key;
    cell.level = static_cast<SignalLevel>(std::get<6>(key));
    cell.count = count;
    reports.back().cells.push_back(std::move(cell));
  }
  Statement add(db_, "INSERT INTO outbox (report_id, body, cell_total, created_at) VALUES (?1, ?2, ?3, ?4)");
  for (const Report &report : reports) {
    std::int64_t total = 0;
    for (const AggregateCell &cell : report.cells) {
      total += cell.count;
    }
    add.reset();
    add.bind(1, report.report_id).bind(2, encode_report(report)).bind(3, total).bind(4, now);
    if (!add.run()) {
      return fail("cannot add a report to the outbox: " + add.error());
    }
    result.cells += static_cast<int>(report.cells.size());
  }
  Statement mark(db_, "UPDATE records SET status = 'verwerkt', counted_at = ?2 WHERE id = ?1 AND status = 'afgerond'");
  for (const std::string &id : counted) {
    mark.reset();
    mark.bind(1, id).bind(2, now);
    if (!mark.run() || sqlite3_changes(db_) != 1) {
      return fail("cannot mark a record as counted: " + std::string(sqlite3_errmsg(db_)));
    }
  }
  if (!tx.commit()) {
    return fail("cannot count: " + std::string(sqlite3_errmsg(db_)));
  }
  result.records = static_cast<int>(counted.size());
  result.reports = static_cast<int>(reports.size());
  return result;
}

Result<int> Outbox::records_waiting() const {
  Statement count(db_, "SELECT count(*) FROM records WHERE status = 'afgerond'");
  if (!count.next()) {
    return fail("cannot read records: " + count.error());
  }
  return count.integer(0);
}

namespace {
constexpr std::string_view kReportColumns =
    "SELECT report_id, body, created_at, attempts, next_attempt_at, last_error, cell_total FROM outbox";

OutboxReport read_report(const Statement &row) {
  return OutboxReport{row.text(0), row.text(1), row.int64(2), row.integer(3), row.int64(4), row.text(5), row.int64(6)};
}
} // namespace

Result<std::vector<OutboxReport>> Outbox::pending() const {
  Statement rows(db_, std::string(kReportColumns) + " ORDER BY created_at, report_id");
  std::vector<OutboxReport> out;
  while (rows.next()) {
    out.push_back(read_report(rows));
  }
  if (!rows.ok()) {
    return fail("cannot read the outbox: " + rows.error());
  }
  return out;
}

Result<std::optional<OutboxReport>> Outbox::next_due(std::int64_t now, bool force) const {
  Statement row(db_, std::string(kReportColumns) +
                         " WHERE ?1 OR next_attempt_at <= ?2 ORDER BY created_at, report_id LIMIT 1");
  row.bind(1, force ? 1 : 0).bind(2, now);
  if (row.next()) {
    return std::optional<OutboxReport>(read_report(row));
  }
  if (!row.ok()) {
    return fail("cannot read the outbox: " + row.error());
  }
  return std::optional<OutboxReport>();
}

Result<bool> Outbox::acknowledged(const std::string &report_id, const ReportAck &ack, std::int64_t now) {
  Transaction tx(db_);
  Statement remove(db_, "DELETE FROM outbox WHERE report_id = ?1");
  remove.bind(1, report_id);
  if (!tx.begun() || !remove.run()) {
    return fail("cannot update the outbox: " + std::string(sqlite3_errmsg(db_)));
  }
  if (sqlite3_changes(db_) == 0) {
    return true; // already acknowledged (a late duplicate answer)
  }
  int rejected_cells = 0;
  std::string first_reason;
  for (const CellAck &cell : ack.cells) {
    if (cell.status == AckStatus::rejected) {
      rejected_cells += 1;
      if (first_reason.empty()) {
        first_reason = cell.reason;
      }
    }
  }
  log_outcome(db_, now, report_id, ack_status_code(ack.status), ack.reason);
  if (ack.status != AckStatus::rejected && rejected_cells > 0) {
    log_outcome(db_, now, report_id, "cells-rejected",
                std::to_string(rejected_cells) + " of " + std::to_string(ack.cells.size()) + ": " + first_reason);
  }
  if (!tx.commit()) {
    return fail("cannot update the outbox: " + std::string(sqlite3_errmsg(db_)));
  }
  return true;
}

Result<std::int64_t> Outbox::failed(const std::string &report_id, const std::string &error, std::int64_t now,
                                    double random_unit, const RetryPolicy &policy) {
  Statement attempts(db_, "SELECT attempts FROM outbox WHERE report_id = ?1");
  attempts.bind(1, report_id);
  if (!attempts.next()) {
    return fail(std::string("report is no longer in the outbox"));
  }
  const int done = attempts.integer(0) + 1;
  // Exponential backoff, capped, with full spread 0.5x..1.5x so a region's
  // tablets coming back online together do not retry in lockstep.
  const double base =
      std::min<double>(policy.max_delay_s, policy.first_delay_s * std::pow(2.0, std::min(done - 1, 20)));
  const auto delay = static_cast<std::int64_t>(base * (0.5 + std::clamp(random_unit, 0.0, 1.0)));
  Statement update(db_, "UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, last_error = ?4 WHERE report_id = ?1");
  update.bind(1, report_id).bind(2, done).bind(3, now + delay).bind(4, error);
  if (!update.run()) {
    return fail("cannot update the outbox: " + update.error());
  }
  return now + delay;
}

Result<std::vector<SyncLogEntry>> Outbox::log(int limit) const {
  Statement rows(db_, "SELECT at, report_id, outcome, message FROM sync_log ORDER BY id DESC LIMIT ?1");
  rows.bind(1, limit);
  std::vector<SyncLogEntry> out;
  while (rows.next()) {
    out.push_back({rows.int64(0), rows.text(1), rows.text(2), rows.text(3)});
  }
  if (!rows.ok()) {
    return fail("cannot read the sync log: " + rows.error());
  }
  return out;
}

} // namespace veldwijzer
