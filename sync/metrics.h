// metrics.h — what the collector counts about itself, for GET /metrics.
//
//   CollectorMetrics metrics;
//   metrics.request("/api/v1/reports", 200);        // from the request log hook
//   metrics.report(ReportOutcome::accepted, cells);  // from the intake
//   std::string text = metrics.prometheus_text();   // text format 0.0.4
//
// Labels have a fixed, small set of values: routes are the registered
// patterns (route_label() maps a path to one), never raw paths.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace veldwijzer::collector {

enum class ReportOutcome { accepted, duplicate, rejected };

// "/services/svc-jgz" -> "/services/{id}"; unknown API paths -> "/api/other";
// everything else under GET is the app -> "app".
std::string_view route_label(std::string_view method, std::string_view path);

class CollectorMetrics {
public:
  void request(std::string_view route, int status);
  void report(ReportOutcome outcome, std::int64_t cells_counted);
  void store_error() { store_errors_.fetch_add(1, std::memory_order_relaxed); }

  std::string prometheus_text() const;

private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::atomic<std::uint64_t> accepted_{0}, duplicate_{0}, rejected_{0};
  std::atomic<std::uint64_t> cells_counted_{0};
  std::atomic<std::uint64_t> store_errors_{0};
};

} // namespace veldwijzer::collector
