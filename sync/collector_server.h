// collector_server.h — the collector's HTTP front: routes, limits, logging.
//
//   CollectorServer server(options, store, directory, log);
//   if (auto bound = server.bind(); !bound) { ...bound.error()... }
//   server.run();            // blocks until stop() from another thread (any time,
//                            // even before run() has started listening)
//
// bind() with port 0 picks a free port (tests); port() tells which.
//
// With options.tls() the main listener speaks HTTPS (tls_credentials.h) and
// every HTTPS answer carries Strict-Transport-Security; redirect_http_port adds
// a plain listener that answers 308 to the HTTPS URL, metrics_listen a plain
// one for GET /metrics alone. A request from a trusted proxy is attributed to
// the client it names (client_address.h): the enrolment limit and the log use
// that address.
//
// Routes: GET /healthz, GET /metrics (Prometheus text; a read token on the main
// listener), the directory API (Access-Control-Allow-Origin: *)
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
#include "client_address.h"
#include "collector_options.h"
#include "collector_store.h"
#include "directory_files.h"
#include "enrollment.h"
#include "metrics.h"
#include "report_intake.h"
#include "static_files.h"
#include "tls_credentials.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
struct Request;
} // namespace httplib

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

  Result<int> bind(); // the bound port (and the extra listeners'; a certificate problem stops here)
  int port() const { return port_; }
  int redirect_port() const { return redirect_.port; }
  int metrics_port() const { return metrics_listener_.port; }
  void run();
  void stop();
  // SIGHUP: read the certificate and key again (HTTPS only); the one in use
  // stays when the new pair fails its checks.
  Result<std::string> reload_tls();
  std::string tls_description() const;

  CollectorStore &store() { return *store_; }
  const CollectorMetrics &metrics() const { return metrics_; }

private:
  // A plain listener beside the main one, run on its own thread.
  struct ExtraListener {
    std::unique_ptr<httplib::Server> http;
    int port = 0;
    std::thread thread;
    std::atomic<bool> returned{false};
  };

  void install_routes(const AggregatesConfig &aggregates);
  void install_redirect();
  void install_metrics_listener();
  RequestOrigin origin_of(const httplib::Request &req) const;

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
  std::unique_ptr<TlsCredentials> tls_;
  std::string startup_problem_; // reported by bind()
  std::unique_ptr<httplib::Server> http_;
  ExtraListener redirect_;
  ExtraListener metrics_listener_;
  int port_ = 0;
  std::atomic<bool> run_entered_{false};
  std::atomic<bool> run_returned_{false};
  std::atomic<bool> stop_requested_{false};
};

} // namespace veldwijzer::collector
