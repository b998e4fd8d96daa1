// report_intake.h — POST /api/v1/reports, without the HTTP around it.
//
//   ReportIntake intake(store, metrics);
//   ApiAnswer answer = intake.receive({authorization, idempotency_key, body});
//
// In order: a submit token (401 missing/unknown/revoked, 403 for a read
// token); an Idempotency-Key header (400 without); the body, read strictly by
// decode_report() (400 naming the JSON path); the key equal to its report_id
// (400). Then, per key:
//   first time            -> 200, ack "accepted"; counted once, in one transaction
//                            with the check and the stored answer
//   same key, same body   -> the stored answer again with "duplicate" as the ack's
//                            status (per-cell verdicts unchanged) and the header
//                            Idempotent-Replayed: true; nothing is added
//   same key, other body  -> 422, nothing is added
//   same key in flight    -> 409 with Retry-After: 1
//   database failure      -> 503 with Retry-After: nothing was counted
// Months, by the collector's clock in Amsterdam time and the device's sealing
// rule (outbox.h period_state): a month not yet sealed (the running month, or
// the first days after it) answers 409 period_open with Retry-After until it
// is, and nothing is counted; a month after the current one (a tablet whose
// clock was ahead by months or years) is rejected per cell with a reason.
// A cell for a municipality outside the token's list is rejected in the ack
// with a reason; the others are counted. When no cell is left, the ack is
// "rejected" and the report is still remembered, so a retry gets that answer.
#pragma once

#include "api_answer.h"
#include "collector_store.h"
#include "directory_api.h"
#include "metrics.h"

#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace veldwijzer::collector {

struct IntakeRequest {
  std::optional<std::string_view> authorization; // the Authorization header, when sent
  std::optional<std::string_view> idempotency_key;
  std::string_view body;
};

// Test hooks: empty in production, and then they cost one branch. Tests use
// them to hold a request in flight (409), or to fail after the commit as a
// crashing proxy or server would (the count must still be exactly once).
struct IntakeHooks {
  // After the key is reserved, before the transaction.
  std::function<void(const std::string &report_id)> before_store;
  // After a successful commit; a status >= 500 is answered instead of the ack.
  std::function<int(const std::string &report_id)> after_commit;
};

class ReportIntake {
public:
  ReportIntake(CollectorStore &store, CollectorMetrics &metrics, UnixClock clock = unix_now, IntakeHooks hooks = {});

  ApiAnswer receive(const IntakeRequest &request);

private:
  ApiAnswer count(const Caller &caller, Report report, std::string_view body);

  CollectorStore &store_;
  CollectorMetrics &metrics_;
  UnixClock clock_;
  IntakeHooks hooks_;
  std::mutex in_flight_mutex_;
  std::set<std::string, std::less<>> in_flight_;
};

} // namespace veldwijzer::collector
