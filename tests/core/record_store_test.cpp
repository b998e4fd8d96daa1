// record_store_test.cpp — records survive reopening the file, keep the
// version they were made with, and are purged by the retention policy.
#include "veldwijzer/local_store.h"
#include "veldwijzer/record_store.h"
#include "veldwijzer/sqlite_schema.h"

#include "checklist_fixture.h"
#include "temp_folder.h"

#include <catch_amalgamated.hpp>
#include <sqlite3.h>

#include <string>

using namespace veldwijzer;

namespace {

constexpr std::int64_t kNow = 1'790'000'000; // 2026-09-21
constexpr std::int64_t kDay = 86'400;

LocalStore open_store(const std::string &path) {
  auto store = LocalStore::open(path);
  INFO((store.ok() ? "" : store.error().detail));
  REQUIRE(store.ok());
  return std::move(store).value();
}

std::string new_record(RecordStore &records, const Checklist &c, std::int64_t now = kNow) {
  auto id = records.create(c, fixture_checklist_json(c.version), {"GM0153", "0-3", "2026-09-21"}, now);
  INFO((id.ok() ? "" : id.error()));
  REQUIRE(id.ok());
  return id.value();
}

} // namespace

TEST_CASE("a draft's answers are on disk as soon as set_answer returns") {
  TempFolder tmp;
  const std::string path = tmp.file("device.sqlite3");
  const Checklist c = fixture_checklist();
  std::string id;
  {
    LocalStore store = open_store(path);
    RecordStore records(store);
    id = new_record(records, c);
    CHECK(id.size() == 32);
    REQUIRE(records.set_answer(id, c, "T1.2", 1, kNow + 1).ok());
    REQUIRE(records.set_answer(id, c, "T2.1", 2, kNow + 2).ok());
    REQUIRE(records.set_answer(id, c, "T2.1", 1, kNow + 3).ok()); // changed mind
    REQUIRE(records.set_note(id, "buurvrouw belt vaker", kNow + 4).ok());
    REQUIRE(records.set_own_reference(id, "JGZ-12345", kNow + 4).ok());
  } // closed as a tab would close
  LocalStore store = open_store(path);
  RecordStore records(store);
  auto record = records.load(id);
  REQUIRE(record.ok());
  CHECK(record.value().answers == Answers{{"T1.2", 1}, {"T2.1", 1}});
  CHECK(record.value().note == "buurvrouw belt vaker");
  CHECK(record.value().own_reference == "JGZ-12345");
  CHECK(record.value().summary.status == RecordStatus::draft);
  CHECK(record.value().summary.updated_at == kNow + 4);
  CHECK(record.value().summary.answered == 2);
}

TEST_CASE("answers the definition does not allow are refused and nothing is stored") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  const Checklist c = fixture_checklist();
  const std::string id = new_record(records, c);
  CHECK_FALSE(records.set_answer(id, c, "T9.9", 1, kNow).ok());
  CHECK_FALSE(records.set_answer(id, c, "T1.1", 2, kNow).ok());
  CHECK_FALSE(records.set_answer(id, c, "T2.2", 16, kNow).ok());
  CHECK(records.set_answer(id, c, "T2.2", kUnknown, kNow).ok());
  CHECK_FALSE(records.set_answer("no-such-record", c, "T1.1", 1, kNow).ok());
  CHECK(records.load(id).value().answers.size() == 1);
}

TEST_CASE("a record cannot be made for an age band or date the checklist does not take") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  const Checklist c = fixture_checklist();
  CHECK_FALSE(records.create(c, "{}", {"GM0153", "85+", "2026-09-21"}, kNow).ok());
  CHECK_FALSE(records.create(c, "{}", {"GM0153", "0-3", "21-09-2026"}, kNow).ok());
  CHECK_FALSE(records.create(c, "{}", {"", "0-3", "2026-09-21"}, kNow).ok());
  CHECK(records.list().value().empty());
}

TEST_CASE("completing stores the level and primary route per domain and freezes the answers") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  const Checklist c = fixture_checklist();
  const std::string id = new_record(records, c);
  REQUIRE(records.set_answer(id, c, "T1.1", 1, kNow).ok());
  auto completed = records.complete(id, c, kNow + 60);
  INFO((completed.ok() ? "" : completed.error()));
  REQUIRE(completed.ok());

  const Record record = records.load(id).value();
  CHECK(record.summary.status == RecordStatus::completed);
  CHECK(record.summary.completed_at == kNow + 60);
  CHECK(record.summary.highest == SignalLevel::concern);
  REQUIRE(record.levels.size() == 2);
  CHECK(record.levels[0].domain_id == "T1");
  CHECK(record.levels[0].level == SignalLevel::concern);
  CHECK(record.levels[0].route_id == "route-veilig");
  CHECK(record.levels[1].level == SignalLevel::none);
  CHECK(record.levels[1].route_id.empty());

  CHECK_FALSE(records.set_answer(id, c, "T1.2", 1, kNow + 70).ok());
  CHECK_FALSE(records.complete(id, c, kNow + 70).ok());
  REQUIRE(records.reopen(id, kNow + 80).ok());
  CHECK(records.load(id).value().levels.empty());
  CHECK(records.set_answer(id, c, "T1.2", 1, kNow + 90).ok());
}

TEST_CASE("a record made with version 1 keeps reading and scoring with version 1 after version 2 is installed") {
  TempFolder tmp;
  const std::string path = tmp.file("device.sqlite3");
  std::string id;
  {
    LocalStore store = open_store(path);
    RecordStore records(store);
    const Checklist v1 = fixture_checklist(1);
    id = new_record(records, v1);
    REQUIRE(records.set_answer(id, v1, "T1.2", 1, kNow).ok());
  }
  // The app now ships version 2, with an extra item; version 1 is no longer installed.
  ChecklistLibrary library;
  const std::string v2_item = R"(, {"id": "T1.4", "answer": "yes_no", "text": {"nl": "Nieuw", "en": "New"}})";
  REQUIRE(library.add(fixture_checklist(2, v2_item), fixture_checklist_json(2, v2_item)));
  LocalStore store = open_store(path);
  RecordStore records(store);
  REQUIRE(records.restore_kept_definitions(library).value() == 1);
  CHECK(library.latest("test-lijst")->version == 2);
  const Checklist *v1 = library.find("test-lijst", 1);
  REQUIRE(v1 != nullptr);
  CHECK(v1->find_item("T1.4") == nullptr);
  CHECK(library.installed().size() == 1);

  const Record record = records.load(id).value();
  CHECK(record.summary.checklist_version == 1);
  // Answering with the wrong version is refused instead of silently mixing versions.
  CHECK_FALSE(records.set_answer(id, *library.latest("test-lijst"), "T1.4", 1, kNow).ok());
  REQUIRE(records.complete(id, *v1, kNow + 10).ok());
  CHECK(records.load(id).value().levels[0].level == SignalLevel::attention);
}

TEST_CASE("retention deletes counted records and stale drafts, never an uncounted completed record") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  const Checklist c = fixture_checklist();
  const RetentionPolicy policy; // 28 / 28 days
  const std::string draft = new_record(records, c, kNow);
  const std::string completed = new_record(records, c, kNow);
  const std::string counted = new_record(records, c, kNow);
  REQUIRE(records.complete(completed, c, kNow).ok());
  REQUIRE(records.complete(counted, c, kNow).ok());
  sqlite3_exec(store.handle(),
               ("UPDATE records SET status = 'verwerkt', counted_at = 1 WHERE id = '" + counted + "'").c_str(), nullptr,
               nullptr, nullptr);

  const auto list = records.list().value();
  REQUIRE(list.size() == 3);
  for (const RecordSummary &r : list) {
    const auto removal = record_removal_time(r, policy);
    if (r.id == completed) {
      CHECK_FALSE(removal.has_value());
    } else {
      CHECK(removal == kNow + 28 * kDay);
    }
  }
  CHECK(records.purge(kNow + 28 * kDay - 1, policy).value() == 0);
  CHECK(records.purge(kNow + 28 * kDay, policy).value() == 2);
  const auto left = records.list().value();
  REQUIRE(left.size() == 1);
  CHECK(left[0].id == completed);
  CHECK(records.purge(kNow + 400 * kDay, policy).value() == 0);

  // The purged rows' answers went with them, and nothing is left in free pages.
  sqlite3_stmt *stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(store.handle(), "SELECT count(*) FROM answers WHERE record_id != ?1", -1, &stmt,
                             nullptr) == SQLITE_OK);
  sqlite3_bind_text(stmt, 1, completed.c_str(), -1, SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int(stmt, 0) == 0);
  sqlite3_finalize(stmt);
}

TEST_CASE("a touched draft lives 28 days from its last change") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  const Checklist c = fixture_checklist();
  const std::string id = new_record(records, c, kNow);
  REQUIRE(records.set_answer(id, c, "T1.1", 0, kNow + 20 * kDay).ok());
  CHECK(records.purge(kNow + 30 * kDay, RetentionPolicy{}).value() == 0);
  CHECK(records.purge(kNow + 48 * kDay, RetentionPolicy{}).value() == 1);
}

TEST_CASE("discard removes drafts and uncounted records only") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  const Checklist c = fixture_checklist();
  const std::string id = new_record(records, c);
  REQUIRE(records.set_answer(id, c, "T1.1", 1, kNow).ok());
  REQUIRE(records.discard(id).ok());
  CHECK(records.list().value().empty());
  CHECK_FALSE(records.discard(id).ok());
}

TEST_CASE("the list shows newest first with answered counts") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  RecordStore records(store);
  const Checklist c = fixture_checklist();
  const std::string older = new_record(records, c, kNow);
  const std::string newer = new_record(records, c, kNow + 100);
  REQUIRE(records.set_answer(older, c, "T1.1", 1, kNow + 10).ok());
  const auto list = records.list().value();
  REQUIRE(list.size() == 2);
  CHECK(list[0].id == newer);
  CHECK(list[1].answered == 1);
  CHECK(list[1].municipality == "GM0153");
  CHECK(list[1].age_band == "0-3");
  CHECK(list[1].visit_date == "2026-09-21");
}

TEST_CASE("a database from every earlier schema version opens and migrates with its data") {
  const auto migrations = LocalStore::migrations();
  for (std::size_t version = 1; version < migrations.size(); ++version) {
    DYNAMIC_SECTION("from schema " << version) {
      TempFolder tmp;
      const std::string path = tmp.file("old.sqlite3");
      sqlite3 *db = nullptr;
      REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
      auto identity = read_database_identity(db);
      REQUIRE(identity.ok());
      REQUIRE(migrate_forward(db, LocalStore::kApplicationId, migrations.first(version), identity.value()).ok());
      REQUIRE(sqlite3_exec(db, "INSERT INTO meta (key, value) VALUES ('setting.municipality', 'GM0164')", nullptr,
                           nullptr, nullptr) == SQLITE_OK);
      sqlite3_close(db);

      LocalStore store = open_store(path);
      CHECK(store.schema_version() == LocalStore::kSchemaVersion);
      CHECK(store.setting("municipality") == "GM0164");
      RecordStore records(store);
      const Checklist c = fixture_checklist();
      const std::string id = new_record(records, c);
      CHECK(records.set_answer(id, c, "T1.1", 1, kNow).ok());
    }
  }
}
