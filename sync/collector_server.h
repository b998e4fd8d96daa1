// collector_server.h — the collector's HTTP front: routes, limits, logging.
//
//   CollectorServer server(options, store, directory, log);
//   if (auto bound = server.bind(); !bound) { ...bound.error()... }
//   server.run();            // blocks until stop() from another thread
//
// bind() with port 0 picks a free port (tests); port() tells which.
#pragma once

#include "collector_options.h"
#include "collector_store.h"
#include "directory_files.h"
#include "static_files.h"

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
};

class CollectorServer {
public:
  using LogSink = std::function<void(const std::string &line)>;

  CollectorServer(CollectorOptions options, std::unique_ptr<CollectorStore> store,
                  std::shared_ptr<const LoadedDirectory> directory, LogSink log, RequestLimits limits = {});
  ~CollectorServer();

  Result<int> bind(); // the bound port
  int port() const { return port_; }
  void run();
  void stop();

private:
  void install_routes();

  CollectorOptions options_;
  std::unique_ptr<CollectorStore> store_;
  std::shared_ptr<const LoadedDirectory> directory_;
  LogSink log_;
  RequestLimits limits_;
  StaticFiles static_files_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
};

} // namespace veldwijzer::collector
