// collector_options.h — veldwijzer-collector's command line.
//
// parse_collector_options(args) turns argv into options or an error message
// that says which flag was wrong; `--help` yields the usage text.
#pragma once

#include "veldwijzer/result.h"

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
  bool show_help = false;
};

std::string collector_usage();
Result<CollectorOptions> parse_collector_options(const std::vector<std::string> &args);

} // namespace veldwijzer::collector
