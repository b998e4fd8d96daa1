// upload_fault_test.cpp — the proof: whatever goes wrong between a
// device and the collector, every report is counted exactly once.
//
// A client uploads small reports the way the device does (same report id and
// byte-identical body until acknowledged) through a proxy and a collector
// that, per attempt and at random, lose the request, lose or cut the response
// after the commit, deliver the request twice, answer too slowly for the
// client's timeout, fail the transaction half-way, answer 503 after
// committing, or restart on the same database file. Acknowledged reports are
// sometimes sent again. After each run the counts in the database must equal
// the counts sent, key by key, exactly.
//
// The runs are seeded: a failure prints its seed; VELDWIJZER_FAULT_SEED=<n>
// replays that run first. VELDWIJZER_FAULT_RUNS sets the number of runs.
//
// A second test kills a real veldwijzer-collector process with SIGKILL while
// it counts, restarts it on the same file, and checks the same equality.
#include "collector_process.h"
#include "fault_proxy.h"
#include "running_collector.h"
#include "upload_fixture.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <cstdlib>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

enum class ServerFault { none, slow, fail_mid_transaction, error_after_commit };

// What the next attempt meets; set by the client before each attempt and read
// by the proxy and the collector's hooks.
struct FaultPlan {
  std::atomic<ProxyFault> proxy{ProxyFault::pass};
  std::atomic<ServerFault> server{ServerFault::none};
};

constexpr int kClientTimeoutMs = 25;
constexpr int kSlowHandlerMs = 50; // longer than the client waits

// An in-process collector on a fixed database file that can be restarted.
class RestartableCollector {
public:
  RestartableCollector(std::string db_path, std::shared_ptr<const LoadedDirectory> directory, std::string web_root,
                       FaultPlan &plan)
      : db_path_(std::move(db_path)), directory_(std::move(directory)), web_root_(std::move(web_root)), plan_(plan) {
    start();
  }
  ~RestartableCollector() { stop(); }

  void start() {
    CollectorOptions options;
    options.port = 0;
    options.db_path = db_path_;
    options.web_root = web_root_;
    options.threads = 4;
    auto store = open_test_collector_store(db_path_, [this](std::size_t done, std::size_t total) {
      return plan_.server.load() == ServerFault::fail_mid_transaction && done == std::max<std::size_t>(1, total / 2);
    });
    REQUIRE(store.ok());
    CollectorHooks hooks;
    hooks.intake.before_store = [this](const std::string &) {
      if (plan_.server.load() == ServerFault::slow) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kSlowHandlerMs));
      }
    };
    hooks.intake.after_commit = [this](const std::string &) {
      return plan_.server.load() == ServerFault::error_after_commit ? 503 : 0;
    };
    server_ = std::make_unique<CollectorServer>(
        options, std::move(store).value(), directory_, [](const std::string &) {}, RequestLimits{}, std::move(hooks));
    REQUIRE(server_->bind().ok());
    port_ = server_->port();
    thread_ = std::thread([this] { server_->run(); });
  }
  void stop() {
    if (server_) {
      port_ = 0;
      server_->stop();
      thread_.join();
      server_.reset(); // waits for handlers, closes the database
    }
  }
  void restart() {
    stop();
    start();
  }
  int port() const { return port_.load(); }
  CollectorStore &store() { return server_->store(); }

private:
  std::string db_path_;
  std::shared_ptr<const LoadedDirectory> directory_;
  std::string web_root_;
  FaultPlan &plan_;
  std::unique_ptr<CollectorServer> server_;
  std::thread thread_;
  std::atomic<int> port_{0};
};

template <class T> T pick(std::mt19937_64 &rng, const std::vector<std::pair<T, int>> &weighted) {
  int sum = 0;
  for (const auto &[value, weight] : weighted) {
    sum += weight;
  }
  int r = static_cast<int>(rng() % static_cast<std::uint64_t>(sum));
  for (const auto &[value, weight] : weighted) {
    if (r < weight) {
      return value;
    }
    r -= weight;
  }
  return weighted.front().first;
}

struct RunStats {
  int attempts = 0;
  int restarts = 0;
  int replays = 0;
};

// Sends one report until the collector acknowledges it; the acknowledged status.
AckStatus send_until_acknowledged(const Report &report, const std::string &token, int proxy_port, FaultPlan &plan,
                                  RestartableCollector &collector, std::mt19937_64 &rng, RunStats &stats) {
  const std::string body = encode_report(report);
  for (int attempt = 1;; ++attempt) {
    REQUIRE(attempt < 100);
    ++stats.attempts;
    if (rng() % 100 < 5) {
      collector.restart();
      ++stats.restarts;
    }
    plan.proxy = pick<ProxyFault>(rng, {{ProxyFault::pass, 60},
                                        {ProxyFault::drop_request, 8},
                                        {ProxyFault::drop_response, 12},
                                        {ProxyFault::cut_response, 6},
                                        {ProxyFault::duplicate, 10}});
    plan.server = pick<ServerFault>(rng, {{ServerFault::none, 78},
                                          {ServerFault::slow, 4},
                                          {ServerFault::fail_mid_transaction, 9},
                                          {ServerFault::error_after_commit, 9}});
    httplib::Client client("127.0.0.1", proxy_port);
    client.set_keep_alive(false);
    client.set_connection_timeout(1, 0);
    client.set_read_timeout(0, kClientTimeoutMs * 1000);
    auto res =
        client.Post("/api/v1/reports", {{"Authorization", "Bearer " + token}, {"Idempotency-Key", report.report_id}},
                    body, "application/json");
    if (res && res->status == 200) {
      auto ack = decode_ack(res->body);
      REQUIRE(ack.ok());
      REQUIRE(ack.value().report_id == report.report_id);
      REQUIRE((ack.value().status == AckStatus::accepted || ack.value().status == AckStatus::duplicate));
      return ack.value().status;
    }
    // What the device retries: no answer, 409 (in flight) and 5xx.
    if (res) {
      INFO("status " << res->status << ": " << res->body);
      REQUIRE((res->status == 409 || res->status >= 500));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200 + rng() % 800));
  }
}

void run_once(std::uint64_t seed, const std::shared_ptr<const LoadedDirectory> &directory, const std::string &web_root,
              RunStats &stats) {
  TempFolder tmp;
  std::mt19937_64 rng(seed);
  FaultPlan plan;
  CountsByKey sent;
  const std::vector<std::string> municipalities = {"GM0153", "GM0164"};
  {
    RestartableCollector collector(tmp.file("collector.sqlite3"), directory, web_root, plan);
    const std::string token = enroll_directly(collector.store(), municipalities);
    FaultProxy proxy([&] { return collector.port(); }, [&] { return plan.proxy.load(); });

    std::vector<Report> acknowledged;
    const int reports = 5 + static_cast<int>(rng() % 6);
    for (int i = 0; i < reports; ++i) {
      const Report report = random_report(rng, municipalities, 1 + static_cast<int>(rng() % 4));
      send_until_acknowledged(report, token, proxy.port(), plan, collector, rng, stats);
      add_counts(sent, report.cells);
      acknowledged.push_back(report);
      if (rng() % 100 < 20) { // the device sends an acknowledged report again
        const Report &again = acknowledged[rng() % acknowledged.size()];
        CHECK(send_until_acknowledged(again, token, proxy.port(), plan, collector, rng, stats) == AckStatus::duplicate);
        ++stats.replays;
      }
    }
    plan.server = ServerFault::none;
  } // the proxy, then the collector stop: every handler has finished
  auto store = open_test_collector_store(tmp.file("collector.sqlite3"));
  REQUIRE(store.ok());
  const CountsByKey counted = stored_counts(*store.value());
  CHECK(total(counted) == total(sent));
  CHECK(counted == sent);
}

std::uint64_t env_number(const char *name, std::uint64_t fallback) {
  const char *text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::strtoull(text, nullptr, 10) : fallback;
}

} // namespace

TEST_CASE("reports retried through lost, cut, repeated and slow exchanges and restarts are counted exactly once") {
  TempFolder shared;
  const auto directory = load_fixture_directory(shared.path / "assets");
  std::filesystem::create_directories(shared.path / "web");
  write_bytes(shared.file("web/index.html"), "<!doctype html>");

  const std::uint64_t base = env_number("VELDWIJZER_FAULT_SEED", std::random_device{}());
  const int runs = static_cast<int>(env_number("VELDWIJZER_FAULT_RUNS", 200));
  RunStats stats;
  const auto start = std::chrono::steady_clock::now();
  for (int run = 0; run < runs; ++run) {
    const std::uint64_t seed = base + static_cast<std::uint64_t>(run);
    INFO("run " << run << ", seed " << seed << " (replay: VELDWIJZER_FAULT_SEED=" << seed
                << " VELDWIJZER_FAULT_RUNS=1)");
    run_once(seed, directory, shared.file("web"), stats);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WARN(runs << " runs from seed " << base << ": " << stats.attempts << " attempts, " << stats.restarts << " restarts, "
            << stats.replays << " replays of acknowledged reports, " << seconds << " s");
}

constexpr int kKillRuns = 4;

TEST_CASE("a collector process killed with SIGKILL while counting, then restarted, still counts every report once") {
  const CollectorFiles files;
  const TempFolder &tmp = files.tmp;
  const std::uint64_t seed = env_number("VELDWIJZER_FAULT_SEED", std::random_device{}());
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  int kills = 0;
  int kills_in_flight = 0; // while the uploader waited for an answer
  for (int run = 0; run < kKillRuns; ++run) {
    const std::string db = test_database(tmp.file("run" + std::to_string(run) + ".sqlite3"));
    std::string token;
    {
      auto store = open_collector_store(db);
      REQUIRE(store.ok());
      token = enroll_directly(*store.value(), {"GM0153", "GM0164"});
    }
    const std::vector<std::string> args = files.args({"--db", db, "--threads", "4"});
    auto process = std::make_unique<CollectorProcess>(args);
    REQUIRE(process->port() > 0);
    std::atomic<int> port{process->port()};
    std::atomic<bool> done{false};
    CountsByKey sent;
    std::vector<Report> reports;
    for (int i = 0; i < 30; ++i) {
      reports.push_back(random_report(rng, {"GM0153", "GM0164"}, 300)); // big enough to be killed half-way
    }
    std::atomic<bool> gave_up{false};
    std::atomic<bool> in_flight{false};
    std::thread uploader([&] {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      for (const Report &report : reports) {
        const std::string body = encode_report(report);
        while (!gave_up) {
          if (std::chrono::steady_clock::now() > deadline) {
            gave_up = true;
            break;
          }
          httplib::Client client("127.0.0.1", port.load());
          client.set_connection_timeout(0, 200000);
          client.set_read_timeout(1, 0);
          in_flight = true;
          auto res = client.Post("/api/v1/reports",
                                 {{"Authorization", "Bearer " + token}, {"Idempotency-Key", report.report_id}}, body,
                                 "application/json");
          in_flight = false;
          if (res && res->status == 200) {
            break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
      }
      done = true;
    });
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10 + rng() % 50));
      if (done) {
        break;
      }
      kills_in_flight += in_flight.load() ? 1 : 0;
      process->kill(SIGKILL);
      ++kills;
      process = std::make_unique<CollectorProcess>(args);
      port = process->port(); // 0 if it did not start: the uploader keeps failing, the next round restarts it
    }
    uploader.join();
    REQUIRE_FALSE(gave_up.load());
    process.reset();
    for (const Report &report : reports) {
      add_counts(sent, report.cells);
    }
    auto store = open_collector_store(db);
    REQUIRE(store.ok());
    CHECK(stored_counts(*store.value()) == sent);
  }
  WARN(kills << " SIGKILLs across " << kKillRuns << " runs of 30 reports of 300 cells, " << kills_in_flight
             << " of them while a report was being sent");
}

namespace {

// The data team's view of the total: every count of every month of `year`,
// summed over the region and the domains (level "assessed"), as the API
// gives it. Each report in the crash test adds 5, so the API's rounding to
// multiples of 5 keeps the total exact.
std::int64_t api_total(int port, const std::string &read_token, const std::string &year) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  auto res = client.Get("/api/v1/aggregates?period=year&geo=twente&domain=all&level=assessed&from=" + year +
                            "-01&to=" + year + "-12",
                        {{"Authorization", "Bearer " + read_token}});
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  const auto doc = nlohmann::json::parse(res->body);
  std::int64_t sum = 0;
  for (const auto &row : doc["rows"]) {
    REQUIRE(row["counts"]["assessed"].is_number_integer());
    sum += row["counts"]["assessed"].get<std::int64_t>();
  }
  return sum;
}

} // namespace

// The scenario, from outside: several devices post one-cell reports,
// each retrying with the same Idempotency-Key until it hears accepted or
// duplicate, while the collector is killed with SIGKILL at random moments
// and restarted on the same database. Every acknowledged report must be
// counted exactly once, read from the database file and through the API.
TEST_CASE("devices posting at once to a collector killed again and again lose and double no acknowledged report") {
  const CollectorFiles files;
  const TempFolder &tmp = files.tmp;
  const std::uint64_t seed = env_number("VELDWIJZER_FAULT_SEED", std::random_device{}());
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  const int rounds = static_cast<int>(env_number("VELDWIJZER_CRASH_ROUNDS", 3));
  const int seconds_per_round = static_cast<int>(env_number("VELDWIJZER_CRASH_SECONDS", 8));
  constexpr int kDevices = 8;
  std::int64_t kills = 0;
  std::int64_t acknowledged_total = 0;
  for (int round = 0; round < rounds; ++round) {
    const std::string db = test_database(tmp.file("crash" + std::to_string(round) + ".sqlite3"));
    std::string submit_token;
    std::string read_token;
    {
      auto store = open_collector_store(db);
      REQUIRE(store.ok());
      submit_token = enroll_directly(*store.value(), {"GM0153", "GM0164"});
      read_token = enroll_directly(*store.value(), {}, TokenKind::read);
    }
    const std::vector<std::string> args = files.args({"--db", db, "--threads", "8"});
    auto process = std::make_unique<CollectorProcess>(args);
    REQUIRE(process->port() > 0);
    std::atomic<int> port{process->port()};
    std::atomic<bool> stop_sending{false};
    std::atomic<bool> gave_up{false};
    std::atomic<int> wrong_acks{0}; // Catch2's assertions are for the test's own thread
    std::vector<std::int64_t> acknowledged(kDevices, 0);
    std::vector<std::thread> devices;
    for (int d = 0; d < kDevices; ++d) {
      devices.emplace_back([&, d, device_seed = rng()] {
        std::mt19937_64 device_rng(device_seed);
        while (!stop_sending) {
          const Report report = one_cell_report(device_rng);
          const std::string body = encode_report(report);
          // Once sent, a report is retried until acknowledged, as the outbox does.
          const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
          while (true) {
            if (std::chrono::steady_clock::now() > deadline) {
              gave_up = true;
              return;
            }
            httplib::Client client("127.0.0.1", port.load());
            client.set_connection_timeout(0, 200000);
            client.set_read_timeout(2, 0);
            auto res = post_report(client, submit_token, body, report.report_id);
            if (res && res->status == 200) {
              const auto ack = decode_ack(res->body);
              if (!ack || ack.value().status == AckStatus::rejected) {
                wrong_acks.fetch_add(1);
              }
              acknowledged[static_cast<std::size_t>(d)] += 5;
              break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(res ? 2 : 5));
          }
        }
      });
    }
    const auto round_end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds_per_round);
    while (std::chrono::steady_clock::now() < round_end && !gave_up) {
      // Mostly short lives (many kills mid-commit), now and then a longer one.
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 8 == 0 ? 300 + rng() % 700 : 20 + rng() % 120));
      process->kill(SIGKILL);
      ++kills;
      process = std::make_unique<CollectorProcess>(args);
      port = process->port(); // 0 if it did not start: the devices keep failing, the next kill restarts it
    }
    // A last life that is not killed, so every report in flight is acknowledged.
    if (process->port() == 0) {
      process = std::make_unique<CollectorProcess>(args);
      port = process->port();
    }
    stop_sending = true;
    for (std::thread &d : devices) {
      d.join();
    }
    REQUIRE_FALSE(gave_up.load());
    CHECK(wrong_acks.load() == 0);
    std::int64_t sent = 0;
    for (const std::int64_t a : acknowledged) {
      sent += a;
    }
    acknowledged_total += sent / 5;
    CHECK(sent > 0);
    CHECK(api_total(process->port(), read_token, "2026") == sent);
    process.reset();
    auto store = open_collector_store(db);
    REQUIRE(store.ok());
    CHECK(total(stored_counts(*store.value())) == sent);
  }
  WARN("crash test: " << rounds << " rounds, " << kDevices << " devices, " << kills << " SIGKILLs, "
                      << acknowledged_total << " acknowledged reports, each counted once");
}
