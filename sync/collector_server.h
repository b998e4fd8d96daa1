// collector_server.h — the collector's HTTP front: routes, limits, logging.
//
//   CollectorServer server(options, store, directory, log);
//   if (auto bound = server.bind(); !bound) { ...bound.error()... }
//   server.run();            // blocks until stop() from another thread (any time,
//                            // even before run() has started listening)
//
// bind() with port 0 picks a free port (tests); port() tells which.
//
// Routes: GET /healthz, GET /metrics (Prometheus text), the directory API
// (directory_api.h), POST /api/v1/enroll (enrollment.h), POST /api/v1/reports
// (report_intake.h), the data team's GET /api/v1/aggregates and /dashboard/
// (aggregates_api.h; without a config: the directory's region, no checklist
// titles), and the app for every other GET outside /api/.
//
// Every request is checked before its body is read; a refusal is a JSON error
// with Connection: close (the unread body must not be taken for a request):
//   more than max_headers header fields          -> 431 too_many_headers
//   Transfer-Encoding (chunked) on a request      -> 411 length_required
//   POST/PUT/PATCH/DELETE without Content-Length  -> 411 length_required
//   Content-Encoding other than identity          -> 415 unsupported_encoding
//   two Content-Length headers, or not a number   -> 400 bad_request
//   a body over max_body_bytes                    -> 413 payload_too_large
// With "Expect: 100-continue" the same checks (and 413) answer before the
// client sends the body.
#pragma once

#include "aggregates_api.h"
#include "collector_options.h"
#include "collector_store.h"
#include "directory_files.h"
#include "enrollment.h"
#include "metrics.h"
#include "report_intake.h"
#include "static_files.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace veldwijzer::collector {

// Request limits; the defaults are what the collector runs with.
struct RequestLimits {
  std::size_t max_body_bytes = 1024 * 1024;
  int read_timeout_s = 10;
  int write_timeout_s = 10;
  int keep_alive_max = 100;
  std::size_t max_headers = 50; // header fields the client sent
  int wrong_enrollment_codes_per_minute = 10;
};

// Test seams; the collector runs with the defaults.
struct CollectorHooks {
  UnixClock clock = unix_now;
  IntakeHooks intake;
};

class CollectorServer {
public:
  using LogSink = std::function<void(const std::string &line)>;

  CollectorServer(CollectorOptions options, std::unique_ptr<CollectorStore> store,
                  std::shared_ptr<const LoadedDirectory> directory, LogSink log, RequestLimits limits = {},
                  CollectorHooks hooks = {}, std::optional<AggregatesConfig> aggregates = std::nullopt);
  ~CollectorServer();

  Result<int> bind(); // the bound port
  int port() const { return port_; }
  void run();
  void stop();

  CollectorStore &store() { return *store_; }
  const CollectorMetrics &metrics() const { return metrics_; }

private:
  void install_routes(const AggregatesConfig &aggregates);

  CollectorOptions options_;
  std::unique_ptr<CollectorStore> store_;
  std::shared_ptr<const LoadedDirectory> directory_;
  LogSink log_;
  RequestLimits limits_;
  UnixClock clock_;
  CollectorMetrics metrics_;
  ReportIntake intake_;
  EnrollmentDesk enrollment_;
  StaticFiles static_files_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  std::atomic<bool> run_entered_{false};
  std::atomic<bool> run_returned_{false};
  std::atomic<bool> stop_requested_{false};
};

} // namespace veldwijzer::collector
