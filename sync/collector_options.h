// collector_options.h — veldwijzer-collector's command line.
//
// parse_collector_options(args) turns argv into options or an error message
// that says which flag was wrong; `--help` yields the usage text.
#pragma once

#include "client_address.h"

#include "veldwijzer/result.h"

#include <optional>
#include <string>
#include <vector>

namespace veldwijzer::collector {

struct CollectorOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  // A SQLite file, or a postgresql:// (postgres://) URL for the PostgreSQL store.
  std::string db_path = "var/collector.sqlite3";
  std::string web_root = "build/wasm/web";
  std::string assets_dir = "assets"; // regions/ and directory/: the dataset served at /services
  int threads = 8;
  // HTTPS: a PEM certificate (its chain may follow it) and its key; both or
  // neither. Read again on SIGHUP.
  std::string tls_cert;
  std::string tls_key;
  // A plain listener that answers 308 to HTTPS (port 0: any free one, for tests).
  std::optional<int> redirect_http_port;
  // Peers whose Forwarded / X-Forwarded-For / X-Forwarded-Proto are believed.
  std::vector<IpNetwork> trusted_proxies;
  // A separate plain listener for GET /metrics; without it /metrics on the
  // main port needs a read token.
  std::optional<std::pair<std::string, int>> metrics_listen;
  bool show_help = false;

  bool tls() const { return !tls_cert.empty(); }
};

// "127.0.0.1:9464", "[::1]:9464", "localhost:9464" -> host and port.
Result<std::pair<std::string, int>> parse_listen_address(std::string_view text);

std::string collector_usage();
Result<CollectorOptions> parse_collector_options(const std::vector<std::string> &args);

} // namespace veldwijzer::collector
