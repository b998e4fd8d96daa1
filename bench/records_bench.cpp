// records_bench.cpp — how fast the device database saves an answer and lists records.
//
// commit_p95_ms: one answer saved durably (its own transaction, synchronous
// FULL, a real file on disk — not tmpfs) on the real JGZ checklist.
// records_list_ms: listing 5000 records (half completed, ~15 answers each).
// Usage: records_bench ASSETS_DIR WORK_DIR. Prints name=value lines.
#include "veldwijzer/checklist.h"
#include "veldwijzer/directory_data.h"
#include "veldwijzer/local_store.h"
#include "veldwijzer/record_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace veldwijzer;
using Clock = std::chrono::steady_clock;

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char *kSuffix = "wasm";
#else
constexpr const char *kSuffix = "native";
#endif

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "records_bench: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

template <class T> T must(Result<T> result, const char *what) {
  if (!result) {
    std::fprintf(stderr, "records_bench: %s: %s\n", what, result.error().c_str());
    std::exit(1);
  }
  return std::move(result).value();
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: records_bench ASSETS_DIR WORK_DIR\n");
    return 2;
  }
  const std::string assets = argv[1];
  auto data =
      load_directory_data({read_file(assets + "/regions/twente.json"), read_file(assets + "/directory/twente.json"),
                           read_file(assets + "/directory/synonyms.json"), read_file(assets + "/routes/routes.json")});
  if (!data) {
    std::fprintf(stderr, "records_bench: %s\n", data.error().message().c_str());
    return 1;
  }
  const std::string source = read_file(assets + "/checklists/jgz-vroegsignalering.json");
  auto loaded = load_checklist(source, "jgz-vroegsignalering.json", &data.value()->routes);
  if (!loaded) {
    std::fprintf(stderr, "records_bench: %s\n", loaded.error().message().c_str());
    return 1;
  }
  const Checklist &checklist = loaded.value();
  std::vector<const ChecklistItem *> items;
  for (const auto &domain : checklist.domains) {
    for (const auto &item : domain.items) {
      if (item.kind == AnswerKind::yes_no) {
        items.push_back(&item);
      }
    }
  }

  const std::filesystem::path work = argv[2];
  std::filesystem::create_directories(work);
  const std::string path = (work / "records_bench.sqlite3").string();
  std::filesystem::remove(path);
  auto opened = LocalStore::open(path);
  if (!opened) {
    std::fprintf(stderr, "records_bench: %s\n", opened.error().detail.c_str());
    return 1;
  }
  LocalStore store = std::move(opened).value();
  RecordStore records(store);
  const std::int64_t now = 1'790'000'000;

  // One answer at a time, each durable, as a nurse taps through a checklist.
  const std::string draft = must(records.create(checklist, source, {"GM0153", "0-3", "2026-09-21"}, now), "create");
  std::vector<double> commits;
  for (int i = 0; i < 400; ++i) {
    const ChecklistItem &item = *items[static_cast<std::size_t>(i) % items.size()];
    const auto start = Clock::now();
    must(records.set_answer(draft, checklist, item.id, i % 2, now + i), "set_answer");
    commits.push_back(ms_since(start));
  }
  std::printf("commit_p50_ms_%s=%.3f\n", kSuffix, percentile(commits, 0.5));
  std::printf("commit_p95_ms_%s=%.3f\n", kSuffix, percentile(commits, 0.95));

  // Fill to 5000 records quickly (durability is not what is measured here).
  sqlite3_exec(store.handle(), "PRAGMA synchronous = OFF", nullptr, nullptr, nullptr);
  for (int r = 1; r < 5000; ++r) {
    const std::string id = must(records.create(checklist, source, {"GM0153", "4-11", "2026-09-21"}, now + r), "create");
    for (std::size_t k = 0; k < 15; ++k) {
      must(records.set_answer(id, checklist, items[(k * 7 + static_cast<std::size_t>(r)) % items.size()]->id,
                              (r + static_cast<int>(k)) % 2, now + r),
           "answer");
    }
    if (r % 2 == 0) {
      must(records.complete(id, checklist, now + r), "complete");
    }
  }
  sqlite3_exec(store.handle(), "PRAGMA synchronous = FULL", nullptr, nullptr, nullptr);

  std::vector<double> lists;
  std::size_t listed = 0;
  for (int i = 0; i < 7; ++i) {
    const auto start = Clock::now();
    listed = must(records.list(), "list").size();
    lists.push_back(ms_since(start));
  }
  std::printf("records_listed=%zu\n", listed);
  std::printf("records_list_ms_%s=%.2f\n", kSuffix, percentile(lists, 0.5));
  std::filesystem::remove(path);
  return 0;
}
