// outbox.h — from completed records to reports waiting to be sent.
//
// count_sealed_records() is the one place where records become counts. In a
// single SQLite transaction it takes every completed record whose month is
// sealed (ended, plus a delay, so one visit is never visible as it happens),
// sums its stored domain levels into AggregateCells, writes them as reports
// with fresh random 128-bit ids into the outbox, and marks the records
// `verwerkt`. Either all of that happens or none: a record is counted once.
//
// A report leaves the outbox only when the collector acknowledged it
// (accepted, duplicate, or rejected with a reason, which is logged for the
// professional). Everything else — no network, 5xx, 409, timeouts — keeps it
// and schedules a retry with exponential backoff and jitter. The stored body
// is sent byte-identical on every retry, under the same Idempotency-Key, so
// the collector can tell a retry from a new report.
#pragma once

#include "veldwijzer/local_store.h"
#include "veldwijzer/result.h"
#include "veldwijzer/upload_format.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace veldwijzer {

struct SealPolicy {
  int delay_days = 3; // a month's counts go out this many days after it ends
};

// True when the month of visit_date ("YYYY-MM-DD") is sealed at `now`.
bool month_is_sealed(std::string_view visit_date, std::int64_t now, const SealPolicy &policy);

// Where a month ("YYYY-MM") stands at `now`, in Amsterdam time, by the same
// rule on the device and at the collector: sealed (over, plus the delay: it
// may be counted), open (still running or within the delay), or future
// (after the month `now` is in: some clock is wrong).
enum class PeriodState { sealed, open, future };
PeriodState period_state(std::string_view period, std::int64_t now, const SealPolicy &policy);
// UTC midnight of the day the month is sealed (at or just after Amsterdam's
// midnight); 0 for something that is not a month.
std::int64_t period_sealed_at(std::string_view period, const SealPolicy &policy);

struct CountingResult {
  int records = 0; // records marked verwerkt
  int reports = 0; // reports added to the outbox
  int cells = 0;
};

struct OutboxReport {
  std::string report_id;
  std::string body; // encode_report() output, sent as is
  std::int64_t created_at = 0;
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::string last_error;      // what went wrong on the last attempt
  std::int64_t cell_total = 0; // sum of counts, for progress and checks
};

// What happened to reports, newest first, for the sync screen.
struct SyncLogEntry {
  std::int64_t at = 0;
  std::string report_id;
  std::string outcome; // "accepted", "duplicate", "rejected", "cells-rejected"
  std::string message; // the server's reason, in its words
};

struct RetryPolicy {
  int first_delay_s = 30;
  int max_delay_s = 6 * 60 * 60;
};

class Outbox {
public:
  explicit Outbox(LocalStore &store) : db_(store.handle()) {}

  Result<CountingResult> count_sealed_records(std::int64_t now, const SealPolicy &policy);
  // Completed records still waiting for their month to be sealed.
  Result<int> records_waiting() const;

  Result<std::vector<OutboxReport>> pending() const; // oldest first
  // The oldest report that may be sent at `now` (ignoring backoff when forced).
  Result<std::optional<OutboxReport>> next_due(std::int64_t now, bool force) const;

  // The collector answered with an acknowledgement: the report leaves the outbox.
  Result<bool> acknowledged(const std::string &report_id, const ReportAck &ack, std::int64_t now);
  // Anything else: keep it, count the attempt, schedule the next one.
  // `random_unit` in [0, 1) spreads retries of many tablets (jitter).
  Result<std::int64_t> failed(const std::string &report_id, const std::string &error, std::int64_t now,
                              double random_unit, const RetryPolicy &policy = {});

  Result<std::vector<SyncLogEntry>> log(int limit = 20) const;

private:
  sqlite3 *db_ = nullptr;
};

} // namespace veldwijzer
