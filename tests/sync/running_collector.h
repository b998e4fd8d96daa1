// running_collector.h — a whole collector on a free loopback port for tests:
// a small web root, a fresh database and the fixture dataset
// (directory_fixture_files.h), stopped at scope end. The database is a SQLite
// file, or a fresh PostgreSQL schema when VELDWIJZER_TEST_POSTGRES is set
// (postgres_test_database.h); `db` is what --db would be.
#pragma once

#include "collector_server.h"
#include "collector_store.h"
#include "directory_files.h"

#include "directory_fixture_files.h"
#include "postgres_test_database.h"
#include "temp_folder.h"

#include <catch_amalgamated.hpp>
#include <httplib.h>
#include <zlib.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

inline std::string gzip(const std::string &data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(compressBound(static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef *>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline std::shared_ptr<const veldwijzer::collector::LoadedDirectory>
load_fixture_directory(const std::filesystem::path &assets) {
  auto loaded = veldwijzer::collector::load_directory_files(write_fixture_assets(assets));
  INFO((loaded ? std::string() : loaded.error()));
  REQUIRE(loaded.ok());
  return std::make_shared<const veldwijzer::collector::LoadedDirectory>(std::move(loaded).value());
}

// What a test may change about the collector it runs.
struct CollectorSetup {
  veldwijzer::collector::CollectorHooks hooks;
  veldwijzer::collector::RequestLimits limits;
  int threads = 2;
  veldwijzer::collector::UpsertFault fault; // the store's test hook
  std::string db;                           // --db to share (another collector's `db`); empty: a fresh database
  std::function<void(veldwijzer::collector::CollectorOptions &)> options; // flags beyond the defaults
};

struct RunningCollector {
  TempFolder tmp;
  std::string wasm_bytes = std::string("\0asm\1\0\0\0", 8) + std::string(5000, 'w');
  std::string js_bytes = "var Module = {};\n" + std::string(4000, '/');
  std::vector<std::string> log_lines;
  std::mutex log_mutex;
  std::unique_ptr<veldwijzer::collector::CollectorServer> server;
  std::thread thread;
  std::string db; // the SQLite file or the PostgreSQL URL

  explicit RunningCollector(CollectorSetup setup = {}) {
    using namespace veldwijzer::collector;
    std::filesystem::create_directories(tmp.path / "web");
    write_bytes(tmp.file("web/index.html"), "<!doctype html><title>Veldwijzer</title>");
    write_bytes(tmp.file("web/app.js"), js_bytes);
    write_bytes(tmp.file("web/app.wasm"), wasm_bytes);
    write_bytes(tmp.file("web/app.wasm.gz"), gzip(wasm_bytes));
    write_bytes(tmp.file("secret.txt"), "outside the web root");

    CollectorOptions options;
    options.port = 0;
    db = setup.db.empty() ? test_database(tmp.file("var/collector.sqlite3")) : setup.db;
    options.db_path = db;
    options.web_root = tmp.file("web");
    options.assets_dir = tmp.file("assets");
    options.threads = setup.threads;
    if (setup.options) {
      setup.options(options);
    }
    auto store = veldwijzer::collector::open_collector_store(options.db_path, std::move(setup.fault));
    INFO((store ? std::string() : store.error()));
    REQUIRE(store.ok());
    server = std::make_unique<CollectorServer>(
        options, std::move(store).value(), load_fixture_directory(options.assets_dir),
        [this](const std::string &line) {
          std::lock_guard lock(log_mutex);
          log_lines.push_back(line);
        },
        setup.limits, std::move(setup.hooks));
    REQUIRE(server->bind().ok());
    thread = std::thread([this] { server->run(); });
  }
  ~RunningCollector() {
    server->stop();
    thread.join();
  }
  // The log line is written after the response is sent, so a client can
  // finish first: wait briefly for it rather than racing.
  std::vector<std::string> wait_for_log_lines(std::size_t count) {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard lock(log_mutex);
        if (log_lines.size() >= count) {
          return log_lines;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard lock(log_mutex);
    return log_lines;
  }
  veldwijzer::collector::CollectorStore &store() { return server->store(); }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server->port());
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(5, 0);
    return c;
  }
};
