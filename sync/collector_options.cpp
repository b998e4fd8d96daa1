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
                             flag == "--assets" || flag == "--threads";
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
    }
  }
  return options;
}

} // namespace veldwijzer::collector
