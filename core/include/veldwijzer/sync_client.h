// sync_client.h — talking to the region's collector: enrol, then send reports.
//
// The client owns no thread and no clock. The platform gives it an
// HttpTransport (fetch in the browser, a socket client in tests) and calls
// sync() when the user taps "Nu synchroniseren", when the browser comes
// online, and when next_attempt_at() has come. One request is in flight at a
// time; each report is sent until the collector acknowledges it.
//
// How answers are read:
//   200 + ack                  -> report leaves the outbox (accepted / duplicate / rejected)
//   400, 413, 415, 422         -> the collector will never take this body: leaves, logged as rejected
//   401, 403                   -> stays; the device must be enrolled again (status says so)
//   409, 429, 5xx, no network  -> stays; retried with backoff and jitter
//
// Every answer's Date header is compared with the device's clock; the last
// difference is kept (clock_check()), and the screens warn when it is more
// than kClockSkewLimit: visits are dated by the tablet's clock, and a wrong
// date puts them in the wrong month. The collector refuses months that are
// not sealed or lie in the future by its clock (report_intake.h), so a wrong
// clock never counts silently; the warning lets the nurse fix it first.
#pragma once

#include "veldwijzer/local_store.h"
#include "veldwijzer/outbox.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace veldwijzer {

struct HttpRequest {
  std::string method; // "GET", "POST"
  std::string path;   // "/api/v1/reports", relative to the collector
  std::map<std::string, std::string> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0; // 0: no answer (offline, timeout, connection dropped)
  std::string body;
  std::string error; // the transport's words when status is 0
  // Response headers with lower-case names ("etag"); a transport passes at
  // least etag through, for conditional GETs (content_update.h). The {} keeps
  // {status, body, error} initialisers free of missing-initializer warnings.
  std::map<std::string, std::string> headers{};
};

class HttpTransport {
public:
  virtual ~HttpTransport() = default;
  // Calls done exactly once, possibly before send() returns.
  virtual void send(const HttpRequest &request, std::function<void(HttpResponse)> done) = 0;
};

struct Enrollment {
  std::string token; // bearer secret; kept only in the device database
  std::string token_id;
  std::string organisation;
  std::vector<std::string> municipalities;
};

// The device's clock against the collector's, from an answer's Date header.
struct ClockCheck {
  std::int64_t skew_s = 0;      // device minus collector: > 0 the tablet is ahead
  std::int64_t measured_at = 0; // device time of the answer
  bool wrong() const;           // |skew_s| > kClockSkewLimit
};

// More than this apart and the tablet's date and time are called wrong. A
// tablet that sets its time automatically is seconds off; ten minutes is a
// clock set by hand or a wrong time zone.
inline constexpr std::int64_t kClockSkewLimit = 10 * 60;

struct SyncStatus {
  enum class State { idle, sending, done, offline, needs_enrollment, failed } state = State::idle;
  int sent = 0;        // reports acknowledged in the current run
  int to_send = 0;     // reports in the outbox when the run started
  std::string message; // the last thing worth telling the user (server's reason, transport error)
  std::int64_t finished_at = 0;
};

class SyncClient {
public:
  using Clock = std::function<std::int64_t()>;
  using Random = std::function<double()>; // uniform [0, 1), for jitter

  SyncClient(LocalStore &store, HttpTransport &transport, Clock now, Random random);
  ~SyncClient() { *alive_ = false; }
  SyncClient(const SyncClient &) = delete;
  SyncClient &operator=(const SyncClient &) = delete;

  std::optional<Enrollment> enrollment() const;
  // Exchanges a code from the collector's admin for a token; done(error or "").
  void enroll(const std::string &code, std::function<void(const std::string &error)> done);
  void forget_enrollment();

  // Counts sealed records, then sends every due report (force: ignore backoff).
  void sync(bool force);
  const SyncStatus &status() const { return status_; }
  bool busy() const { return status_.state == SyncStatus::State::sending; }
  // When the next retry is due, if any report waits; the platform sets a timer.
  std::optional<std::int64_t> next_attempt_at() const;

  // The last comparison with the collector's clock, if any answer carried one.
  std::optional<ClockCheck> clock_check() const;

  Outbox &outbox() { return outbox_; }
  SealPolicy seal_policy;
  RetryPolicy retry_policy;
  // Called after every change to the device database (so the browser saves it).
  std::function<void()> on_change;

private:
  void send_next(bool force);
  void finish(SyncStatus::State state, std::string message);
  void note_server_date(const HttpResponse &response);

  LocalStore &store_;
  HttpTransport &transport_;
  Outbox outbox_;
  Clock now_;
  Random random_;
  SyncStatus status_;
  // Lets a transport's late callback see that the client is gone.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace veldwijzer
