// collector_options.cpp — flag parsing with messages that name the flag.
#include "collector_options.h"

#include <charconv>

namespace veldwijzer::collector {
namespace {

Result<int> parse_int(const std::string &flag, const std::string &text, int min, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return fail(flag + ": expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                ", got '" + text + "'");
  }
  return value;
}

} // namespace

std::string collector_usage() {
  const CollectorOptions d;
  return "Usage: veldwijzer-collector [serve] [options]\n"
         "       veldwijzer-collector COMMAND [arguments]   (the commands are listed below)\n"
         "\n"
         "Serves the Veldwijzer app and its service directory, and receives anonymised\n"
         "aggregate counts.\n"
         "\n"
         "Options:\n"
         "  --host ADDR      address to listen on (default " +
         d.host +
         "; 0.0.0.0 for the network)\n"
         "  --port N         TCP port, 1-65535 (default " +
         std::to_string(d.port) +
         ")\n"
         "  --db PATH|URL    SQLite database file, created if missing (default " +
         d.db_path +
         "),\n"
         "                   or a PostgreSQL database: postgresql://USER@HOST/DB (also postgres://;\n"
         "                   the tables are created on first start)\n"
         "  --web-root DIR   folder with index.html, app.js and app.wasm (default " +
         d.web_root +
         ")\n"
         "  --assets DIR     folder with regions/twente.json and directory/{twente,synonyms}.json,\n"
         "                   the directory served at /services (default " +
         d.assets_dir +
         ")\n"
         "  --threads N      request worker threads, 1-64 (default " +
         std::to_string(d.threads) +
         "); an open keep-alive connection holds one\n"
         "\n"
         "HTTPS and proxies (docs/DEPLOY.md):\n"
         "  --tls-cert FILE  serve HTTPS with this PEM certificate (the chain may follow it in\n"
         "                   the file); needs --tls-key. Both are read again on SIGHUP\n"
         "  --tls-key FILE   the certificate's PEM private key\n"
         "  --redirect-http N  also listen for plain HTTP on port N and answer 308 to HTTPS\n"
         "  --trusted-proxies CIDR,...  proxies or load balancers (like 127.0.0.1/32,10.0.0.0/8)\n"
         "                   whose Forwarded / X-Forwarded-For / X-Forwarded-Proto headers name\n"
         "                   the client; from anyone else those headers are ignored\n"
         "  --metrics-listen ADDR:PORT  serve GET /metrics (Prometheus) on a separate plain listener,\n"
         "                   like 127.0.0.1:9464; without it /metrics on the main port needs a\n"
         "                   data team's read token (Authorization: Bearer ...)\n"
         "  --help           show this text\n"
         "\n"
         "Every flag also accepts the form --flag=value.\n";
}

Result<CollectorOptions> parse_collector_options(const std::vector<std::string> &args) {
  CollectorOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool has_value = false;
    if (const auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      has_value = true;
    }
    if (flag == "--help" || flag == "-h") {
      options.show_help = true;
      continue;
    }
    const bool takes_value = flag == "--host" || flag == "--port" || flag == "--db" || flag == "--web-root" ||
                             flag == "--assets" || flag == "--threads" || flag == "--tls-cert" || flag == "--tls-key" ||
                             flag == "--redirect-http" || flag == "--trusted-proxies" || flag == "--metrics-listen";
    if (!takes_value) {
      return fail("unknown option '" + args[i] + "' (see --help)");
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        return fail(flag + ": missing value");
      }
      value = args[++i];
    }
    if (value.empty()) {
      return fail(flag + ": empty value");
    }
    if (flag == "--host") {
      options.host = value;
    } else if (flag == "--port") {
      auto port = parse_int(flag, value, 1, 65535);
      if (!port) {
        return fail(port.error());
      }
      options.port = port.value();
    } else if (flag == "--db") {
      options.db_path = value;
    } else if (flag == "--web-root") {
      options.web_root = value;
    } else if (flag == "--assets") {
      options.assets_dir = value;
    } else if (flag == "--threads") {
      auto threads = parse_int(flag, value, 1, 64);
      if (!threads) {
        return fail(threads.error());
      }
      options.threads = threads.value();
    } else if (flag == "--tls-cert") {
      options.tls_cert = value;
    } else if (flag == "--tls-key") {
      options.tls_key = value;
    } else if (flag == "--redirect-http") {
      auto port = parse_int(flag, value, 1, 65535);
      if (!port) {
        return fail(port.error());
      }
      options.redirect_http_port = port.value();
    } else if (flag == "--trusted-proxies") {
      auto networks = parse_networks(value);
      if (!networks) {
        return fail(flag + ": " + networks.error());
      }
      options.trusted_proxies = std::move(networks).value();
    } else if (flag == "--metrics-listen") {
      auto listen = parse_listen_address(value);
      if (!listen) {
        return fail(flag + ": " + listen.error());
      }
      options.metrics_listen = listen.value();
    }
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return fail(options.tls_cert.empty() ? "--tls-key needs --tls-cert (the certificate it belongs to)"
                                         : "--tls-cert needs --tls-key (the certificate's private key)");
  }
  if (options.redirect_http_port && !options.tls()) {
    return fail("--redirect-http redirects to HTTPS, which needs --tls-cert and --tls-key");
  }
  if (options.redirect_http_port && *options.redirect_http_port == options.port) {
    return fail("--redirect-http " + std::to_string(*options.redirect_http_port) + " is also --port");
  }
  if (options.metrics_listen && options.metrics_listen->second == options.port &&
      options.metrics_listen->first == options.host) {
    return fail("--metrics-listen is the same address as --host/--port");
  }
  return options;
}

Result<std::pair<std::string, int>> parse_listen_address(std::string_view text) {
  std::string host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) {
      return fail("expected [IPv6]:PORT, got '" + std::string(text) + "'");
    }
    host = std::string(text.substr(1, close - 1));
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) {
      return fail("expected ADDRESS:PORT (like 127.0.0.1:9464 or [::1]:9464), got '" + std::string(text) + "'");
    }
    host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
  }
  if (host.empty()) {
    return fail("no address before the port in '" + std::string(text) + "'");
  }
  auto number = parse_int("port", std::string(port), 0, 65535);
  if (!number) {
    return fail(number.error());
  }
  return std::pair{host, number.value()};
}

} // namespace veldwijzer::collector
