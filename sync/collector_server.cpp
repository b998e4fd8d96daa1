// collector_server.cpp — wiring cpp-httplib to the store and the web root.
#include "collector_server.h"

#include "directory_api.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace veldwijzer::collector {
namespace {

using Clock = std::chrono::steady_clock;
thread_local Clock::time_point t_request_start; // one request per worker thread at a time

void json_error(httplib::Response &res, int status, std::string_view code, std::string_view message) {
  res.status = status;
  const nlohmann::json body = {{"error", code}, {"message", message}};
  // The message may carry a request path that is not UTF-8: replace those
  // bytes, since a throwing dump() would turn a 404 into a 500.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

} // namespace

CollectorServer::CollectorServer(CollectorOptions options, std::unique_ptr<CollectorStore> store,
                                 std::shared_ptr<const LoadedDirectory> directory, LogSink log, RequestLimits limits)
    : options_(std::move(options)), store_(std::move(store)), directory_(std::move(directory)), log_(std::move(log)),
      limits_(limits), static_files_(options_.web_root), http_(std::make_unique<httplib::Server>()) {
  // Without TCP_NODELAY, keep-alive request/response pairs stall on Nagle +
  // delayed ACK (~40 requests/s).
  http_->set_tcp_nodelay(true);
  const std::size_t threads = static_cast<std::size_t>(options_.threads);
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_payload_max_length(limits_.max_body_bytes);
  http_->set_read_timeout(limits_.read_timeout_s, 0);
  http_->set_write_timeout(limits_.write_timeout_s, 0);
  http_->set_keep_alive_max_count(limits_.keep_alive_max);
  install_routes();
}

CollectorServer::~CollectorServer() = default;

void CollectorServer::install_routes() {
  http_->set_pre_routing_handler([](const httplib::Request &, httplib::Response &) {
    t_request_start = Clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });

  http_->Get("/healthz", [this](const httplib::Request &, httplib::Response &res) {
    const StoreHealth health = store_->health();
    nlohmann::json body = {{"status", health.ok ? "ok" : "unavailable"},
                           {"version", VELDWIJZER_VERSION},
                           {"database", {{"engine", health.engine}, {"schema_version", health.schema_version}}}};
    if (!health.ok) {
      body["database"]["problem"] = health.problem;
    }
    res.status = health.ok ? 200 : 503;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(), "application/json");
  });

  // Before the app's catch-all below: httplib takes the first matching route.
  register_directory_api(*http_, *directory_->directory, directory_->index, directory_->region);

  // Everything else under GET is the app; /api/ is never a file.
  http_->Get(R"(/(?!api/).*)", [this](const httplib::Request &req, httplib::Response &res) {
    if (!static_files_.serve(req, res)) {
      json_error(res, 404, "not_found", "no such file: " + req.path);
    }
  });

  // Errors that no handler produced (unknown route, oversized body) get a JSON
  // body too, so clients always have a reason to show.
  http_->set_error_handler([](const httplib::Request &req, httplib::Response &res) {
    if (!res.body.empty()) {
      return;
    }
    switch (res.status) {
    case 404:
      json_error(res, 404, "not_found", "no such resource: " + req.method + " " + req.path);
      break;
    case 413:
      json_error(res, 413, "payload_too_large", "request body exceeds the limit");
      break;
    case 400:
      json_error(res, 400, "bad_request", "the request could not be read");
      break;
    default:
      json_error(res, res.status, "error", "request failed with status " + std::to_string(res.status));
    }
  });

  http_->set_exception_handler([](const httplib::Request &, httplib::Response &res, std::exception_ptr) {
    json_error(res, 500, "internal_error", "the collector hit an unexpected error; see its log");
  });

  http_->set_logger([this](const httplib::Request &req, const httplib::Response &res) {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t_request_start).count();
    char line[512];
    std::snprintf(line, sizeof line, "%s %s %s %.200s %d %zuB %.1fms", utc_now().c_str(), req.remote_addr.c_str(),
                  req.method.c_str(), req.path.c_str(), res.status, res.body.size(), ms);
    log_(line);
  });
}

Result<int> CollectorServer::bind() {
  int port = 0;
  if (options_.port == 0) {
    port = http_->bind_to_any_port(options_.host);
  } else {
    port = http_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port <= 0) {
    return fail("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                " (in use, or not an address of this machine)");
  }
  port_ = port;
  return port;
}

void CollectorServer::run() {
  http_->listen_after_bind();
}

void CollectorServer::stop() {
  http_->stop();
}

} // namespace veldwijzer::collector
