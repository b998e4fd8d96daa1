// collector_server.cpp — wiring cpp-httplib to the store and the web root.
//
// About httplib 0.11 (Debian's build), which this relies on: the pre-routing
// handler and the Expect: 100-continue handler run after the headers are read
// and before any body byte is read, so a refusal there never reads, inflates
// or de-chunks a body. httplib itself reads headers without a count limit
// (each line at most 8 KiB, within the read timeout), so the count is checked
// here, after the fact; and it adds REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR and
// LOCAL_PORT to the request's headers, which are not the client's.
#include "collector_server.h"

#include "api_answer.h"
#include "content_api.h"
#include "directory_api.h"

#include "veldwijzer/http_date.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <thread>

namespace veldwijzer::collector {
namespace {

using Clock = std::chrono::steady_clock;
thread_local Clock::time_point t_request_start; // one request per worker thread at a time

void json_error(httplib::Response &res, int status, std::string_view code, std::string_view message) {
  res.status = status;
  // The message may carry a request path that is not UTF-8: error_json()
  // replaces those bytes, since a throwing dump() would turn a 404 into a 500.
  res.set_content(error_json(code, message), "application/json");
}

void send_answer(httplib::Response &res, const ApiAnswer &answer) {
  res.status = answer.status;
  for (const auto &[name, value] : answer.headers) {
    res.set_header(name.c_str(), value);
  }
  res.set_content(answer.body, "application/json");
}

constexpr std::size_t kHeadersAddedByHttplib = 4; // REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR, LOCAL_PORT

struct Refusal {
  int status;
  const char *code;
  std::string message;
};

bool all_digits(const std::string &text) {
  return !text.empty() && text.size() <= 19 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The checks every request passes before its body is read.
std::optional<Refusal> refusal_before_body(const httplib::Request &req, const RequestLimits &limits,
                                           bool check_length) {
  const std::size_t sent =
      req.headers.size() > kHeadersAddedByHttplib ? req.headers.size() - kHeadersAddedByHttplib : 0;
  if (sent > limits.max_headers) {
    return Refusal{431, "too_many_headers",
                   "a request may carry at most " + std::to_string(limits.max_headers) +
                       " header fields, this one has " + std::to_string(sent)};
  }
  if (req.has_header("Transfer-Encoding")) {
    return Refusal{411, "length_required",
                   "request bodies must be sent with Content-Length; Transfer-Encoding (chunked) is not accepted"};
  }
  if (req.has_header("Content-Encoding") && req.get_header_value("Content-Encoding") != "identity") {
    return Refusal{415, "unsupported_encoding",
                   "compressed request bodies (Content-Encoding: " + req.get_header_value("Content-Encoding") +
                       ") are not accepted; send the body uncompressed"};
  }
  const std::size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 1) {
    return Refusal{400, "bad_request", "the request has more than one Content-Length header"};
  }
  if (lengths == 1 && !all_digits(req.get_header_value("Content-Length"))) {
    return Refusal{400, "bad_request", "Content-Length must be a whole number of bytes"};
  }
  const bool has_body_method =
      req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE";
  if (has_body_method && lengths == 0) {
    return Refusal{411, "length_required", req.method + " requests must carry a Content-Length header"};
  }
  if (check_length && lengths == 1 &&
      std::stoull(req.get_header_value("Content-Length")) > static_cast<unsigned long long>(limits.max_body_bytes)) {
    return Refusal{413, "payload_too_large",
                   "request body exceeds the limit of " + std::to_string(limits.max_body_bytes) + " bytes"};
  }
  return std::nullopt;
}

void refuse(const httplib::Request &req, httplib::Response &res, const Refusal &refusal) {
  json_error(res, refusal.status, refusal.code, refusal.message);
  // The body (if any) stays unread: the client must not send another request
  // on this connection, where those bytes would be read as one. (httplib
  // cannot be told to close it; it does when the client does, or after the
  // keep-alive timeout.)
  if (req.get_header_value("Connection") != "close") {
    res.set_header("Connection", "close");
  }
}

// The same limits on every listener.
void configure_listener(httplib::Server &http, const RequestLimits &limits, std::size_t threads) {
  // Without TCP_NODELAY, keep-alive request/response pairs stall on Nagle +
  // delayed ACK (~40 requests/s).
  http.set_tcp_nodelay(true);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(limits.max_body_bytes);
  http.set_read_timeout(limits.read_timeout_s, 0);
  http.set_write_timeout(limits.write_timeout_s, 0);
  http.set_keep_alive_max_count(limits.keep_alive_max);
}

// A Host header we may put in a Location: a DNS name or address, an optional port.
std::optional<std::string> host_name_of(const std::string &host) {
  if (host.empty() || host.size() > 255) {
    return std::nullopt;
  }
  std::string name = host;
  if (name.front() == '[') {
    const auto close = name.find(']');
    if (close == std::string::npos) {
      return std::nullopt;
    }
    name = name.substr(0, close + 1);
  } else if (const auto colon = name.find(':'); colon != std::string::npos) {
    name = name.substr(0, colon);
  }
  const bool fine = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == ':' || c == '[' || c == ']';
  });
  return fine ? std::optional(name) : std::nullopt;
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
                                 std::shared_ptr<const LoadedDirectory> directory, LogSink log, RequestLimits limits,
                                 CollectorHooks hooks, std::optional<AggregatesConfig> aggregates)
    : options_(std::move(options)), store_(std::move(store)), directory_(std::move(directory)), log_(std::move(log)),
      limits_(limits), clock_(hooks.clock), intake_(*store_, metrics_, hooks.clock, std::move(hooks.intake)),
      enrollment_(*store_, hooks.clock, limits_.wrong_enrollment_codes_per_minute), static_files_(options_.web_root) {
  if (options_.tls()) {
    auto tls = TlsCredentials::load(options_.tls_cert, options_.tls_key, clock_());
    if (tls) {
      tls_ = std::move(tls).value();
      http_ = std::make_unique<httplib::SSLServer>([this](SSL_CTX &ctx) { return tls_->configure(ctx); });
      if (!http_->is_valid()) {
        startup_problem_ = "OpenSSL refused the TLS settings (" + tls_description() + ")";
      }
    } else {
      startup_problem_ = tls.error();
    }
  }
  if (!http_) {
    http_ = std::make_unique<httplib::Server>();
  }
  configure_listener(*http_, limits_, static_cast<std::size_t>(options_.threads));
  if (options_.redirect_http_port) {
    install_redirect();
  }
  if (options_.metrics_listen) {
    install_metrics_listener();
  }
  if (!aggregates) {
    aggregates = AggregatesConfig{};
    aggregates->region = directory_->region;
  }
  install_routes(*aggregates);
}

CollectorServer::~CollectorServer() = default;

RequestOrigin CollectorServer::origin_of(const httplib::Request &req) const {
  return request_origin(options_.trusted_proxies, req.remote_addr, options_.tls() ? "https" : "http",
                        [&req](std::string_view name) {
                          std::vector<std::string> values;
                          const std::string key(name);
                          const auto count = req.get_header_value_count(key.c_str());
                          for (std::size_t i = 0; i < count; ++i) {
                            values.push_back(req.get_header_value(key.c_str(), i));
                          }
                          return values;
                        });
}

// Every plain-HTTP request, whatever its method, is sent to the same path over
// HTTPS; 308 keeps the method and body (a tablet's POST is not turned into GET).
void CollectorServer::install_redirect() {
  redirect_.http = std::make_unique<httplib::Server>();
  configure_listener(*redirect_.http, limits_, 2);
  redirect_.http->set_pre_routing_handler([this](const httplib::Request &req, httplib::Response &res) {
    const auto host = host_name_of(req.get_header_value("Host"));
    if (!host) {
      json_error(res, 400, "bad_request", "HTTPS only; the request has no usable Host header");
    } else {
      std::string target = req.target.empty() || req.target.front() != '/' ? "/" : req.target;
      const std::string port = port_ == 443 ? "" : ":" + std::to_string(port_);
      res.status = 308;
      res.set_header("Location", "https://" + *host + port + target);
      res.set_content(error_json("https_only", "this address is served over HTTPS: https://" + *host + port + "/"),
                      "application/json");
    }
    res.set_header("Connection", "close"); // a body that was sent stays unread
    return httplib::Server::HandlerResponse::Handled;
  });
  redirect_.http->set_post_routing_handler(
      [](const httplib::Request &, httplib::Response &res) { res.headers.erase("Keep-Alive"); });
}

// Prometheus scrapes here without a token: keep this listener on loopback
// or a monitoring network (docs/DEPLOY.md).
void CollectorServer::install_metrics_listener() {
  metrics_listener_.http = std::make_unique<httplib::Server>();
  configure_listener(*metrics_listener_.http, limits_, 2);
  metrics_listener_.http->Get("/metrics", [this](const httplib::Request &, httplib::Response &res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content(metrics_.prometheus_text(), "text/plain; version=0.0.4; charset=utf-8");
  });
  metrics_listener_.http->set_error_handler([](const httplib::Request &req, httplib::Response &res) {
    json_error(res, res.status == 404 ? 404 : res.status, res.status == 404 ? "not_found" : "error",
               "this listener serves GET /metrics only, not " + req.method + " " + req.path);
  });
}

Result<std::string> CollectorServer::reload_tls() {
  if (!tls_) {
    return fail("not serving HTTPS (no --tls-cert): nothing to reload");
  }
  return tls_->reload(clock_());
}

std::string CollectorServer::tls_description() const {
  return tls_ ? tls_->describe() : "";
}

void CollectorServer::install_routes(const AggregatesConfig &aggregates) {
  // Runs before the body is read (see the top of this file).
  http_->set_pre_routing_handler([this](const httplib::Request &req, httplib::Response &res) {
    t_request_start = Clock::now();
    if (const auto refusal = refusal_before_body(req, limits_, false)) {
      refuse(req, res, *refusal);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // A client that asks before sending its body hears a refusal before sending
  // it; without a refusal it is told to go on. (Over-long bodies without
  // Expect are read and discarded by httplib, then answered 413.)
  http_->set_expect_100_continue_handler([this](const httplib::Request &req, httplib::Response &res) {
    t_request_start = Clock::now();
    if (const auto refusal = refusal_before_body(req, limits_, true)) {
      refuse(req, res, *refusal);
      return refusal->status;
    }
    return 100;
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

  // What the collector counts is not for everyone who can reach the port.
  http_->Get("/metrics", [this](const httplib::Request &req, httplib::Response &res) {
    res.set_header("Cache-Control", "no-store");
    if (!read_token_authorised(*store_, req, res)) {
      return;
    }
    res.set_content(metrics_.prometheus_text(), "text/plain; version=0.0.4; charset=utf-8");
  });

  http_->Post("/api/v1/enroll", [this](const httplib::Request &req, httplib::Response &res) {
    // Per client, not per proxy: behind a load balancer one wrong code must not block the region.
    send_answer(res, enrollment_.redeem(origin_of(req).client, req.body));
  });

  http_->Post("/api/v1/reports", [this](const httplib::Request &req, httplib::Response &res) {
    const auto header = [&req](const char *name) -> std::optional<std::string> {
      return req.has_header(name) ? std::optional(req.get_header_value(name)) : std::nullopt;
    };
    const auto authorization = header("Authorization");
    const auto idempotency_key = header("Idempotency-Key");
    IntakeRequest request;
    request.authorization = authorization ? std::optional<std::string_view>(*authorization) : std::nullopt;
    request.idempotency_key = idempotency_key ? std::optional<std::string_view>(*idempotency_key) : std::nullopt;
    request.body = req.body;
    send_answer(res, intake_.receive(request));
  });

  // Before the app's catch-all below: httplib takes the first matching route.
  register_directory_api(*http_, *directory_->directory, directory_->index, directory_->region);
  install_aggregates_api(*http_, *store_, aggregates);
  register_content_api(*http_, options_.assets_dir);

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

  // httplib adds "Keep-Alive: ..." to every response the client did not ask to
  // close; next to our "Connection: close" it would contradict it.
  // Every answer carries our clock (RFC 9110 Date): a device compares it with
  // its own to notice a tablet whose date is wrong (sync_client.h).
  // HTTPS answers (ours, or a trusted proxy's) tell the browser never to use plain HTTP here again.
  http_->set_post_routing_handler([this](const httplib::Request &req, httplib::Response &res) {
    res.set_header("Date", http_date(clock_()));
    if (origin_of(req).scheme == "https") {
      res.set_header("Strict-Transport-Security", "max-age=31536000");
    }
    if (res.get_header_value("Connection") == "close") {
      res.headers.erase("Keep-Alive");
    }
  });

  http_->set_exception_handler([](const httplib::Request &, httplib::Response &res, std::exception_ptr) {
    json_error(res, 500, "internal_error", "the collector hit an unexpected error; see its log");
  });

  http_->set_logger([this](const httplib::Request &req, const httplib::Response &res) {
    metrics_.request(route_label(req.method, req.path), res.status);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t_request_start).count();
    char line[512];
    std::snprintf(line, sizeof line, "%s %s %s %.200s %d %zuB %.1fms", utc_now().c_str(), origin_of(req).client.c_str(),
                  req.method.c_str(), req.path.c_str(), res.status, res.body.size(), ms);
    log_(line);
  });
}

Result<int> CollectorServer::bind() {
  if (!startup_problem_.empty()) {
    return fail(startup_problem_);
  }
  const auto bind_extra = [](ExtraListener &listener, const std::string &host, int wanted,
                             const char *flag) -> Result<int> {
    const int port =
        wanted == 0 ? listener.http->bind_to_any_port(host) : (listener.http->bind_to_port(host, wanted) ? wanted : -1);
    if (port <= 0) {
      return fail(std::string(flag) + ": cannot listen on " + host + ":" + std::to_string(wanted) +
                  " (in use, or not an address of this machine)");
    }
    listener.port = port;
    return port;
  };
  if (redirect_.http) {
    if (auto bound = bind_extra(redirect_, options_.host, *options_.redirect_http_port, "--redirect-http"); !bound) {
      return fail(bound.error());
    }
  }
  if (metrics_listener_.http) {
    const auto &[host, wanted] = *options_.metrics_listen;
    if (auto bound = bind_extra(metrics_listener_, host, wanted, "--metrics-listen"); !bound) {
      return fail(bound.error());
    }
  }
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
  run_entered_ = true;
  std::vector<ExtraListener *> extras;
  for (ExtraListener *listener : {&redirect_, &metrics_listener_}) {
    if (listener->http && listener->port > 0 && !stop_requested_) {
      listener->thread = std::thread([listener] {
        listener->http->listen_after_bind();
        listener->returned = true;
      });
      extras.push_back(listener);
    }
  }
  if (!stop_requested_) {
    http_->listen_after_bind();
  }
  // The main listener is done: close the others, the same careful way as stop().
  for (ExtraListener *listener : extras) {
    while (!listener->http->is_running() && !listener->returned) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    listener->http->stop();
    listener->thread.join();
  }
  run_returned_ = true;
}

// httplib's stop() does nothing until its listen loop has started, so a stop
// right after run() began (a quick restart, an early Ctrl+C) would be lost and
// run() would never return. Wait for the loop to start, or for run() to end.
void CollectorServer::stop() {
  stop_requested_ = true;
  if (!run_entered_) {
    return; // run() will see stop_requested_ and not listen
  }
  while (!http_->is_running() && !run_returned_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  http_->stop();
}

} // namespace veldwijzer::collector
