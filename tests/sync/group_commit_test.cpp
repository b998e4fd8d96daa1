// group_commit_test.cpp — the SQLite store's group commit under concurrent
// reports: an answer means the report is committed (another connection can
// read it at the moment the caller gets its answer), a failed COMMIT fails
// every report of its batch and the retries count each once. These are the
// collector's concurrency tests that the tsan preset runs under
// ThreadSanitizer (script/test), so a data race here fails the run.
#include "collector_store.h"

#include "temp_folder.h"
#include "upload_fixture.h"

#include <catch_amalgamated.hpp>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

ReportToCount one_cell_report(const std::string &report_id, const std::string &token_id) {
  ReportToCount r;
  r.report_id = report_id;
  r.token_id = token_id;
  r.body_sha256 = "digest-" + report_id;
  r.cells = {test_cell("GM0153", 1)};
  r.response_body = "{}";
  r.received_at = 1'700'000'000;
  return r;
}

// A connection of its own on the store's file: it sees only committed data.
// Used from the devices' threads, so it asserts nothing itself (Catch2's
// assertions belong to the test's thread): holds() is false when it failed.
class CommittedReader {
public:
  explicit CommittedReader(const std::string &path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_busy_timeout(db_, 5000);
      sqlite3_prepare_v2(db_, "SELECT 1 FROM reports WHERE report_id = ?1", -1, &find_, nullptr);
    }
  }
  ~CommittedReader() {
    sqlite3_finalize(find_);
    sqlite3_close_v2(db_);
  }
  CommittedReader(const CommittedReader &) = delete;
  CommittedReader &operator=(const CommittedReader &) = delete;

  bool holds(const std::string &report_id) {
    if (find_ == nullptr) {
      return false;
    }
    sqlite3_bind_text(find_, 1, report_id.data(), static_cast<int>(report_id.size()), SQLITE_TRANSIENT);
    const bool found = sqlite3_step(find_) == SQLITE_ROW;
    sqlite3_reset(find_);
    return found;
  }

private:
  sqlite3 *db_ = nullptr;
  sqlite3_stmt *find_ = nullptr;
};

std::int64_t counted_total(CollectorStore &store) {
  const auto cells = store.counts({});
  REQUIRE(cells.ok());
  std::int64_t sum = 0;
  for (const AggregateCell &cell : cells.value()) {
    sum += cell.count;
  }
  return sum;
}

} // namespace

TEST_CASE("a report answered by the group commit is already committed when its caller gets the answer") {
  TempFolder tmp;
  const std::string path = tmp.file("c.sqlite3");
  // A commit that takes a moment, so later reports queue up and batches form
  // while a transaction is open: the window in which an answer used to be
  // published before its COMMIT.
  std::atomic<int> commits{0};
  auto store = std::move(open_sqlite_collector_store(path, {}, [&] {
                 commits.fetch_add(1);
                 std::this_thread::sleep_for(std::chrono::microseconds(300));
                 return true;
               })).value();
  std::string token_id;
  enroll_directly(*store, {"GM0153"}, TokenKind::submit, &token_id);

  constexpr int kThreads = 12;
  constexpr int kReportsEach = 40;
  std::atomic<int> answered{0};
  std::atomic<int> answered_uncommitted{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> devices;
  for (int t = 0; t < kThreads; ++t) {
    devices.emplace_back([&, t] {
      CommittedReader reader(path);
      for (int i = 0; i < kReportsEach; ++i) {
        const std::string id = "t" + std::to_string(t) + "-r" + std::to_string(i);
        const auto recorded = store->record_report(one_cell_report(id, token_id));
        if (!recorded) {
          failed.fetch_add(1);
          continue;
        }
        answered.fetch_add(1);
        if (!reader.holds(id)) {
          answered_uncommitted.fetch_add(1);
        }
      }
    });
  }
  for (std::thread &d : devices) {
    d.join();
  }
  CHECK(failed.load() == 0);
  CHECK(answered.load() == kThreads * kReportsEach);
  CHECK(answered_uncommitted.load() == 0);
  CHECK(counted_total(*store) == kThreads * kReportsEach);
  // The reports shared commits (otherwise this test would not test batches).
  CHECK(commits.load() < kThreads * kReportsEach);
}

TEST_CASE("a failed group commit fails every report of its batch, and their retries count each report once") {
  TempFolder tmp;
  const std::string path = tmp.file("c.sqlite3");
  std::atomic<int> commits_to_fail{0};
  std::atomic<bool> hold{false};
  auto store = std::move(open_sqlite_collector_store(path, {}, [&] {
                 while (hold.load()) {
                   std::this_thread::sleep_for(std::chrono::milliseconds(1));
                 }
                 return commits_to_fail.fetch_sub(1) <= 0;
               })).value();
  std::string token_id;
  enroll_directly(*store, {"GM0153"}, TokenKind::submit, &token_id);

  // The first report holds its commit open while the others queue behind it,
  // so they form one batch; that batch's commit fails.
  commits_to_fail = 2;
  hold = true;
  std::atomic<int> failures{0};
  std::atomic<int> other_errors{0}; // Catch2's assertions belong to the test's thread
  std::thread first([&] {
    if (!store->record_report(one_cell_report("first", token_id))) {
      failures.fetch_add(1);
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  constexpr int kQueued = 8;
  std::vector<std::thread> queued;
  for (int i = 0; i < kQueued; ++i) {
    queued.emplace_back([&, i] {
      const std::string id = "queued-" + std::to_string(i);
      const auto recorded = store->record_report(one_cell_report(id, token_id));
      if (!recorded) {
        failures.fetch_add(1);
        if (recorded.error().find("injected fault before the commit") == std::string::npos) {
          other_errors.fetch_add(1);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  hold = false;
  first.join();
  for (std::thread &q : queued) {
    q.join();
  }
  // Two commits failed: the first report's and the batch behind it, which
  // may have been split in two by the time the first one ended; either way
  // no failed report was stored, and a commit that succeeded counted its own.
  CommittedReader reader(path);
  int stored = 0;
  for (int i = 0; i < kQueued; ++i) {
    stored += reader.holds("queued-" + std::to_string(i)) ? 1 : 0;
  }
  stored += reader.holds("first") ? 1 : 0;
  CHECK(failures.load() + stored == kQueued + 1);
  CHECK(failures.load() >= 2);
  CHECK(other_errors.load() == 0);
  CHECK(counted_total(*store) == stored);

  // The devices retry; each report is counted once in all.
  for (int i = 0; i < kQueued; ++i) {
    REQUIRE(store->record_report(one_cell_report("queued-" + std::to_string(i), token_id)).ok());
  }
  REQUIRE(store->record_report(one_cell_report("first", token_id)).ok());
  CHECK(counted_total(*store) == kQueued + 1);
}
