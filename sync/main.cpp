// main.cpp — veldwijzer-collector: parse flags, load the directory, open the store, serve;
// or run one admin command (collector_cli.h) and exit.
//
// Stops cleanly on SIGINT/SIGTERM (Ctrl+C): the listener closes, in-flight
// requests finish, the database is closed. SIGHUP (systemctl reload) reads the
// TLS certificate and key again; open connections stay.
#include "collector_cli.h"
#include "collector_options.h"
#include "collector_server.h"
#include "collector_store.h"
#include "directory_files.h"
#include "postgres_collector_store.h"

#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <thread>

using namespace veldwijzer::collector;

int main(int argc, char **argv) {
  auto parsed = parse_collector_command(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed) {
    std::cerr << "veldwijzer-collector: " << parsed.error() << "\n";
    return 2;
  }
  if (parsed.value().kind != CollectorCommandKind::serve) {
    return run_admin_command(parsed.value(), std::cout, std::cerr, std::time(nullptr));
  }
  const CollectorOptions options = parsed.value().serve;
  // Signals are taken by a dedicated thread (sigwait), never in a handler, so
  // stopping the server runs as ordinary code. Blocked before any thread
  // starts (the store starts some): a thread that does not block them would
  // take a SIGHUP (systemctl reload) as "terminate".
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::error_code ec;
  if (!std::filesystem::is_regular_file(std::filesystem::path(options.web_root) / "index.html", ec)) {
    std::cerr << "veldwijzer-collector: --web-root " << options.web_root
              << " has no index.html (build the app first: script/server does both)\n";
    return 2;
  }

  // A dataset that fails its checks is never served, not even partly.
  auto loaded = load_directory_files(options.assets_dir);
  if (!loaded) {
    std::cerr << "veldwijzer-collector: " << loaded.error() << "\n";
    return 1;
  }
  auto directory = std::make_shared<const LoadedDirectory>(std::move(loaded).value());
  // The data team's figures: the same region and checklists as `export`.
  auto aggregates = load_aggregates_config(options.assets_dir, directory->region);
  if (!aggregates) {
    std::cerr << "veldwijzer-collector: " << aggregates.error() << "\n";
    return 1;
  }

  auto store = open_collector_store(options.db_path);
  if (!store) {
    std::cerr << "veldwijzer-collector: " << store.error() << "\n";
    return 1;
  }

  std::mutex log_mutex;
  CollectorServer server(
      options, std::move(store).value(), directory,
      [&log_mutex](const std::string &line) {
        std::lock_guard lock(log_mutex);
        std::fprintf(stdout, "%s\n", line.c_str());
        std::fflush(stdout);
      },
      RequestLimits{}, CollectorHooks{}, std::move(aggregates).value());
  auto bound = server.bind();
  if (!bound) {
    std::cerr << "veldwijzer-collector: " << bound.error() << "\n";
    return 1;
  }
  std::printf("Veldwijzer collector listening on %s://%s:%d\n", options.tls() ? "https" : "http", options.host.c_str(),
              bound.value());
  if (options.tls()) {
    std::printf("  certificate: %s\n", server.tls_description().c_str());
  }
  if (server.redirect_port() > 0) {
    std::printf("  plain HTTP on port %d answers 308 to HTTPS\n", server.redirect_port());
  }
  if (server.metrics_port() > 0) {
    std::printf("  metrics: http://%s:%d/metrics\n", options.metrics_listen->first.c_str(), server.metrics_port());
  }
  // A PostgreSQL URL may carry a password: never print it.
  const std::string database =
      is_postgres_url(options.db_path) ? redact_postgres_url(options.db_path) : options.db_path;
  std::printf("  app: %s   database: %s   stop: Ctrl+C\n", options.web_root.c_str(), database.c_str());
  std::printf("  directory: %s %s, %zu services (%s)\n", directory->directory->info.id.c_str(),
              directory->directory->info.version.c_str(), directory->directory->services.size(),
              options.assets_dir.c_str());
  std::fflush(stdout);

  std::thread signal_waiter([&server, &signals, &log_mutex] {
    for (;;) {
      int signal = 0;
      sigwait(&signals, &signal);
      if (signal == SIGHUP) {
        const auto reloaded = server.reload_tls();
        std::lock_guard lock(log_mutex);
        std::fprintf(stdout, "SIGHUP: %s\n",
                     reloaded ? ("certificate reloaded: " + reloaded.value()).c_str()
                              : ("certificate not reloaded: " + reloaded.error()).c_str());
        std::fflush(stdout);
        continue;
      }
      std::fprintf(stdout, "stopping (signal %d)\n", signal);
      std::fflush(stdout);
      server.stop();
      return;
    }
  });
  server.run();
  // run() also returns if the listener fails; wake the waiter so we can exit.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  return 0;
}
