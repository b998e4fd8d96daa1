// intake_load_test.cpp — POST /api/v1/reports from many devices at once, over
// real HTTP into a collector with several worker threads: every report is
// acknowledged and counted once, and a report sent twice at the same moment
// (a device's retry racing its first attempt) is counted once. Part of the
// concurrency tests that run under ThreadSanitizer (tsan preset).
#include "running_collector.h"
#include "upload_fixture.h"

#include <catch_amalgamated.hpp>

#include <atomic>
#include <thread>

using namespace veldwijzer;
using namespace veldwijzer::collector;

TEST_CASE("reports from eight devices at once into four worker threads are each acknowledged and counted once") {
  CollectorSetup setup;
  setup.threads = 4;
  RunningCollector collector(std::move(setup));
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164"});

  constexpr int kDevices = 8;
  constexpr int kReportsEach = 25;
  std::atomic<int> not_acknowledged{0};
  std::vector<CountsByKey> sent(kDevices);
  std::vector<std::thread> devices;
  for (int d = 0; d < kDevices; ++d) {
    devices.emplace_back([&, d] {
      std::mt19937_64 rng(static_cast<std::uint64_t>(d) + 1);
      httplib::Client client = collector.client();
      for (int i = 0; i < kReportsEach; ++i) {
        const Report report = random_report(rng, {"GM0153", "GM0164"}, 3);
        auto res = post_report(client, token, report);
        if (!res || res->status != 200) {
          not_acknowledged.fetch_add(1);
          continue;
        }
        const auto ack = decode_ack(res->body);
        if (!ack || ack.value().status != AckStatus::accepted) {
          not_acknowledged.fetch_add(1);
          continue;
        }
        add_counts(sent[static_cast<std::size_t>(d)], report.cells);
      }
    });
  }
  for (std::thread &d : devices) {
    d.join();
  }
  CHECK(not_acknowledged.load() == 0);
  CountsByKey all;
  for (const CountsByKey &s : sent) {
    for (const auto &[key, count] : s) {
      all[key] += count;
    }
  }
  CHECK(stored_counts(collector.store()) == all);
}

TEST_CASE("the same report sent by two connections at the same moment is counted once") {
  CollectorSetup setup;
  setup.threads = 4;
  RunningCollector collector(std::move(setup));
  const std::string token = enroll_directly(collector.store(), {"GM0153"});
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20; ++round) {
    const Report report = random_report(rng, {"GM0153"}, 2);
    const std::string body = encode_report(report);
    std::atomic<int> answered{0};
    std::vector<std::thread> twins;
    for (int i = 0; i < 2; ++i) {
      twins.emplace_back([&] {
        httplib::Client client = collector.client();
        // 409 (the twin is being counted) is retried, as the device does.
        for (int attempt = 0; attempt < 100; ++attempt) {
          auto res = post_report(client, token, body, report.report_id);
          if (res && res->status == 200) {
            answered.fetch_add(1);
            return;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
      });
    }
    for (std::thread &t : twins) {
      t.join();
    }
    CHECK(answered.load() == 2);
  }
  // 20 reports of 2 cells each, counted once: the sum of their counts.
  std::mt19937_64 replay(7);
  CountsByKey expected;
  for (int round = 0; round < 20; ++round) {
    add_counts(expected, random_report(replay, {"GM0153"}, 2).cells);
  }
  CHECK(stored_counts(collector.store()) == expected);
}
