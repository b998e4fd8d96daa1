// metrics.cpp — counters and their Prometheus text exposition.
#include "metrics.h"

#include <array>

namespace veldwijzer::collector {

std::string_view route_label(std::string_view method, std::string_view path) {
  static constexpr std::array<std::string_view, 7> kExact = {"/api/v1/reports", "/api/v1/enroll", "/api/v1/aggregates",
                                                             "/healthz",        "/metrics",       "/services",
                                                             "/taxonomy_terms"};
  for (const std::string_view route : kExact) {
    if (path == route) {
      return route;
    }
  }
  if (path.starts_with("/services/")) {
    return "/services/{id}";
  }
  if (path == "/dashboard" || path.starts_with("/dashboard/")) {
    return "/dashboard/";
  }
  if (path.starts_with("/api/")) {
    return "/api/other";
  }
  if (method == "GET" || method == "HEAD") {
    return "app";
  }
  return "other";
}

void CollectorMetrics::request(std::string_view route, int status) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
}

void CollectorMetrics::report(ReportOutcome outcome, std::int64_t cells_counted) {
  switch (outcome) {
  case ReportOutcome::accepted:
    accepted_.fetch_add(1, std::memory_order_relaxed);
    break;
  case ReportOutcome::duplicate:
    duplicate_.fetch_add(1, std::memory_order_relaxed);
    break;
  case ReportOutcome::rejected:
    rejected_.fetch_add(1, std::memory_order_relaxed);
    break;
  }
  if (cells_counted > 0) {
    cells_counted_.fetch_add(static_cast<std::uint64_t>(cells_counted), std::memory_order_relaxed);
  }
}

std::string CollectorMetrics::prometheus_text() const {
  std::string out;
  out += "# HELP veldwijzer_http_requests_total HTTP requests answered, by route and status.\n"
         "# TYPE veldwijzer_http_requests_total counter\n";
  {
    std::lock_guard lock(mutex_);
    for (const auto &[key, count] : requests_) {
      out += "veldwijzer_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) +
             "\"} " + std::to_string(count) + "\n";
    }
  }
  out += "# HELP veldwijzer_reports_total Reports received, by outcome (duplicate: a retry of a counted report).\n"
         "# TYPE veldwijzer_reports_total counter\n";
  out += "veldwijzer_reports_total{outcome=\"accepted\"} " + std::to_string(accepted_.load()) + "\n";
  out += "veldwijzer_reports_total{outcome=\"duplicate\"} " + std::to_string(duplicate_.load()) + "\n";
  out += "veldwijzer_reports_total{outcome=\"rejected\"} " + std::to_string(rejected_.load()) + "\n";
  out += "# HELP veldwijzer_cells_counted_total Aggregate cells added to the counts.\n"
         "# TYPE veldwijzer_cells_counted_total counter\n"
         "veldwijzer_cells_counted_total " +
         std::to_string(cells_counted_.load()) + "\n";
  out += "# HELP veldwijzer_store_errors_total Database operations that failed.\n"
         "# TYPE veldwijzer_store_errors_total counter\n"
         "veldwijzer_store_errors_total " +
         std::to_string(store_errors_.load()) + "\n";
  return out;
}

} // namespace veldwijzer::collector
