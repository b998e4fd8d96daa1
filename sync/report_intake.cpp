// report_intake.cpp — checking, counting and answering one report.
#include "report_intake.h"

#include "credentials.h"

#include "veldwijzer/http_date.h"
#include "veldwijzer/outbox.h"

#include <algorithm>

namespace veldwijzer::collector {
namespace {

// Releases a reserved Idempotency-Key on every path out of count().
class InFlight {
public:
  InFlight(std::mutex &mutex, std::set<std::string, std::less<>> &keys, const std::string &key)
      : mutex_(mutex), keys_(keys), key_(key) {
    std::lock_guard lock(mutex_);
    reserved_ = keys_.insert(key_).second;
  }
  ~InFlight() {
    if (reserved_) {
      std::lock_guard lock(mutex_);
      keys_.erase(key_);
    }
  }
  InFlight(const InFlight &) = delete;
  InFlight &operator=(const InFlight &) = delete;
  bool reserved() const { return reserved_; }

private:
  std::mutex &mutex_;
  std::set<std::string, std::less<>> &keys_;
  const std::string &key_;
  bool reserved_ = false;
};

std::string joined(const std::vector<std::string> &codes) {
  std::string out;
  for (const std::string &code : codes) {
    out += (out.empty() ? "" : ", ") + code;
  }
  return out;
}

// The stored ack as a retry sees it: "accepted" becomes "duplicate".
std::string as_duplicate(const std::string &stored_ack) {
  auto ack = decode_ack(stored_ack);
  if (!ack || ack.value().status != AckStatus::accepted) {
    return stored_ack;
  }
  ack.value().status = AckStatus::duplicate;
  return encode_ack(ack.value());
}

} // namespace

ReportIntake::ReportIntake(CollectorStore &store, CollectorMetrics &metrics, UnixClock clock, IntakeHooks hooks)
    : store_(store), metrics_(metrics), clock_(std::move(clock)), hooks_(std::move(hooks)) {}

ApiAnswer ReportIntake::receive(const IntakeRequest &request) {
  const auto token = request.authorization ? bearer_token(*request.authorization) : std::nullopt;
  if (!token) {
    ApiAnswer answer = api_error(
        401, "missing_token", "send the device's token as 'Authorization: Bearer <token>' (enroll the device first)");
    answer.headers.emplace_back("WWW-Authenticate", "Bearer");
    return answer;
  }
  const auto looked_up = store_.authenticate(*token);
  if (!looked_up) {
    // Not "invalid token": that would tell the device to enrol again.
    metrics_.store_error();
    ApiAnswer answer =
        api_error(503, "store_unavailable",
                  "the token could not be checked (" + looked_up.error() + "); send the report again later");
    answer.headers.emplace_back("Retry-After", "5");
    return answer;
  }
  const std::optional<Caller> &caller = looked_up.value();
  if (!caller) {
    ApiAnswer answer = api_error(401, "invalid_token",
                                 "this token is unknown or was revoked; enroll the device again with a new code");
    answer.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return answer;
  }
  if (caller->kind != TokenKind::submit) {
    return api_error(403, "read_token", "a read token (data team) cannot submit reports; enroll the device instead");
  }
  if (!request.idempotency_key || request.idempotency_key->empty()) {
    return api_error(400, "missing_idempotency_key", "send the header 'Idempotency-Key: <report_id>'");
  }
  auto report = decode_report(request.body);
  if (!report) {
    metrics_.report(ReportOutcome::rejected, 0);
    return api_error(400, "bad_report", report.error());
  }
  if (*request.idempotency_key != report.value().report_id) {
    metrics_.report(ReportOutcome::rejected, 0);
    return api_error(400, "idempotency_key_mismatch",
                     "the Idempotency-Key header must equal the report's report_id (" + report.value().report_id + ")");
  }
  return count(*caller, std::move(report).value(), request.body);
}

ApiAnswer ReportIntake::count(const Caller &caller, Report report, std::string_view body) {
  const InFlight in_flight(in_flight_mutex_, in_flight_, report.report_id);
  if (!in_flight.reserved()) {
    ApiAnswer answer =
        api_error(409, "in_progress", "report " + report.report_id + " is being counted right now; retry in a moment");
    answer.headers.emplace_back("Retry-After", "1");
    return answer;
  }

  // A month is counted only once it is sealed by our clock, by the rule the
  // device seals by. A month still running means the tablet's clock is ahead
  // (or the report was made by hand): keep the whole report on the device and
  // hear it again once the month is sealed; nothing is lost or counted early.
  const std::int64_t now = clock_();
  const SealPolicy seal;
  for (const AggregateCell &cell : report.cells) {
    if (period_state(cell.period, now, seal) == PeriodState::open) {
      const std::int64_t sealed_at = period_sealed_at(cell.period, seal);
      ApiAnswer answer = api_error(
          409, "period_open",
          "month " + cell.period + " is not over yet by the collector's clock (" + http_date(now) +
              "); its counts are taken from " + http_date(sealed_at) +
              ". The report stays on the device and is sent again. If the tablet's date is ahead, set it right.");
      answer.headers.emplace_back("Retry-After", std::to_string(std::max<std::int64_t>(60, sealed_at - now)));
      return answer;
    }
  }

  ReportAck ack;
  ack.report_id = report.report_id;
  ReportToCount to_count;
  to_count.report_id = report.report_id;
  to_count.token_id = caller.token_id;
  to_count.body_sha256 = sha256_hex(body);
  to_count.received_at = now;
  to_count.cells.reserve(report.cells.size());
  for (AggregateCell &cell : report.cells) {
    const auto &allowed = caller.municipalities;
    if (std::find(allowed.begin(), allowed.end(), cell.municipality) == allowed.end()) {
      ack.cells.push_back({AckStatus::rejected, cell.municipality +
                                                    " is not one of the municipalities this device may " +
                                                    "report for (" + joined(allowed) + ")"});
      continue;
    }
    if (period_state(cell.period, now, seal) == PeriodState::future) {
      // Counting it would put visits silently in a month that has not come.
      ack.cells.push_back({AckStatus::rejected, "month " + cell.period +
                                                    " lies after today by the collector's clock (" + http_date(now) +
                                                    "): the tablet's date was wrong when these visits were "
                                                    "recorded; they are not counted"});
      continue;
    }
    ack.cells.push_back({AckStatus::accepted, {}});
    to_count.cells.push_back(std::move(cell));
  }
  if (to_count.cells.empty()) {
    ack.status = AckStatus::rejected;
    ack.reason = "no cell could be counted (municipality or month refused, see the cells); nothing was counted";
  }
  to_count.response_status = 200;
  to_count.response_body = encode_ack(ack);

  if (hooks_.before_store) {
    hooks_.before_store(report.report_id);
  }
  auto recorded = store_.record_report(to_count);
  if (!recorded) {
    metrics_.store_error();
    ApiAnswer answer = api_error(503, "store_unavailable",
                                 "the report was not counted (" + recorded.error() + "); send it again later");
    answer.headers.emplace_back("Retry-After", "5");
    return answer;
  }
  switch (recorded.value().outcome) {
  case ReportRecording::counted: {
    const auto counted = static_cast<std::int64_t>(to_count.cells.size());
    metrics_.report(counted > 0 ? ReportOutcome::accepted : ReportOutcome::rejected, counted);
    if (hooks_.after_commit) {
      if (const int status = hooks_.after_commit(report.report_id); status >= 500) {
        return api_error(status, "injected_fault", "test hook: failing after the commit");
      }
    }
    return ApiAnswer{200, std::move(recorded.value().response_body), {}};
  }
  case ReportRecording::replayed: {
    metrics_.report(ReportOutcome::duplicate, 0);
    ApiAnswer answer{recorded.value().response_status, as_duplicate(recorded.value().response_body), {}};
    answer.headers.emplace_back("Idempotent-Replayed", "true");
    return answer;
  }
  case ReportRecording::key_reused:
    metrics_.report(ReportOutcome::rejected, 0);
    return api_error(422, "idempotency_key_reused",
                     "report " + report.report_id +
                         " was already counted with a different body; a new report needs a new report_id");
  }
  return api_error(500, "internal_error", "unexpected outcome");
}

} // namespace veldwijzer::collector
