// record_store.cpp — records, answers and levels in the device database.
#include "veldwijzer/record_store.h"

#include "sqlite_statement.h"

#include <sqlite3.h>

namespace veldwijzer {
namespace {

using detail::Statement;
using detail::Transaction;

constexpr std::int64_t kDay = 24 * 60 * 60;

std::optional<RecordStatus> status_from_code(std::string_view code) {
  for (RecordStatus status : {RecordStatus::draft, RecordStatus::completed, RecordStatus::counted}) {
    if (record_status_code(status) == code) {
      return status;
    }
  }
  return std::nullopt;
}

// Fills a summary from the columns of kSummaryColumns.
constexpr std::string_view kSummarySelect =
    "SELECT r.id, r.checklist_id, r.checklist_version, r.municipality, r.age_band, r.visit_date, r.status,"
    " r.updated_at, coalesce(r.completed_at, 0), coalesce(r.counted_at, 0),"
    " (SELECT count(*) FROM answers a WHERE a.record_id = r.id),"
    " (SELECT coalesce(max(l.level), 0) FROM record_levels l WHERE l.record_id = r.id)"
    " FROM records r";

RecordSummary read_summary(const Statement &row) {
  RecordSummary s;
  s.id = row.text(0);
  s.checklist_id = row.text(1);
  s.checklist_version = row.integer(2);
  s.municipality = row.text(3);
  s.age_band = row.text(4);
  s.visit_date = row.text(5);
  s.status = status_from_code(row.text(6)).value_or(RecordStatus::draft);
  s.updated_at = row.int64(7);
  s.completed_at = row.int64(8);
  s.counted_at = row.int64(9);
  s.answered = row.integer(10);
  const int level = row.integer(11);
  s.highest = level >= 0 && level <= 3 ? static_cast<SignalLevel>(level) : SignalLevel::none;
  return s;
}

bool valid_day(std::string_view day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') {
    return false;
  }
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (day[i] < '0' || day[i] > '9') {
      return false;
    }
  }
  const int month = (day[5] - '0') * 10 + (day[6] - '0');
  const int dom = (day[8] - '0') * 10 + (day[9] - '0');
  return month >= 1 && month <= 12 && dom >= 1 && dom <= 31;
}

} // namespace

std::string_view record_status_code(RecordStatus status) {
  switch (status) {
  case RecordStatus::draft:
    return "concept";
  case RecordStatus::completed:
    return "afgerond";
  case RecordStatus::counted:
    return "verwerkt";
  }
  return "concept";
}

std::optional<std::int64_t> record_removal_time(const RecordSummary &record, const RetentionPolicy &policy) {
  switch (record.status) {
  case RecordStatus::draft:
    return record.updated_at + policy.draft_days * kDay;
  case RecordStatus::completed:
    return std::nullopt; // waits until counted into the aggregates
  case RecordStatus::counted:
    return record.completed_at + policy.counted_days * kDay;
  }
  return std::nullopt;
}

Result<std::string> RecordStore::create(const Checklist &checklist, std::string_view source_json,
                                        const NewRecord &fields, std::int64_t now) {
  if (fields.municipality.empty()) {
    return fail(std::string("choose a municipality first"));
  }
  if (!checklist.allows_age_band(fields.age_band)) {
    return fail("age band '" + fields.age_band + "' is not one this checklist is for");
  }
  if (!valid_day(fields.visit_date)) {
    return fail("visit date '" + fields.visit_date + "' is not YYYY-MM-DD");
  }
  Transaction tx(db_);
  Statement keep(db_, "INSERT OR IGNORE INTO checklist_definitions (checklist_id, version, definition)"
                      " VALUES (?1, ?2, ?3)");
  keep.bind(1, checklist.id).bind(2, checklist.version).bind(3, source_json);
  // SQLite's randomness comes from the OS (crypto.getRandomValues in the browser).
  Statement id(db_, "SELECT lower(hex(randomblob(16)))");
  if (!tx.begun() || !keep.run() || !id.next()) {
    return fail("cannot start a record: " + std::string(sqlite3_errmsg(db_)));
  }
  const std::string record_id = id.text(0);
  Statement insert(db_,
                   "INSERT INTO records (id, checklist_id, checklist_version, municipality, age_band,"
                   " visit_date, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'concept', ?7, ?7)");
  insert.bind(1, record_id)
      .bind(2, checklist.id)
      .bind(3, checklist.version)
      .bind(4, fields.municipality)
      .bind(5, fields.age_band)
      .bind(6, fields.visit_date)
      .bind(7, now);
  if (!insert.run() || !tx.commit()) {
    return fail("cannot save the new record: " + std::string(sqlite3_errmsg(db_)));
  }
  return record_id;
}

Result<bool> RecordStore::touch_draft(std::string_view record_id, std::int64_t now) {
  Statement touch(db_, "UPDATE records SET updated_at = ?2 WHERE id = ?1 AND status = 'concept'");
  touch.bind(1, record_id).bind(2, now);
  if (!touch.run()) {
    return fail("cannot save: " + touch.error());
  }
  if (sqlite3_changes(db_) != 1) {
    return fail(std::string("this record is completed or no longer exists; reopen it to change answers"));
  }
  return true;
}

Result<bool> RecordStore::set_answer(std::string_view record_id, const Checklist &checklist, std::string_view item_id,
                                     int value, std::int64_t now) {
  const ChecklistItem *item = checklist.find_item(item_id);
  if (item == nullptr) {
    return fail("checklist " + checklist.id + " v" + std::to_string(checklist.version) + " has no item '" +
                std::string(item_id) + "'");
  }
  if (!item->accepts(value)) {
    return fail("value " + std::to_string(value) + " does not fit item " + item->id);
  }
  Transaction tx(db_);
  // The record must be made with this very definition.
  Statement same(db_, "SELECT 1 FROM records WHERE id = ?1 AND checklist_id = ?2 AND checklist_version = ?3");
  same.bind(1, record_id).bind(2, checklist.id).bind(3, checklist.version);
  if (!tx.begun() || !same.next()) {
    return fail(std::string("this record was not made with ") + checklist.id + " v" +
                std::to_string(checklist.version) + " or no longer exists");
  }
  if (auto touched = touch_draft(record_id, now); !touched) {
    return touched;
  }
  Statement upsert(db_, "INSERT INTO answers (record_id, item_id, value) VALUES (?1, ?2, ?3)"
                        " ON CONFLICT (record_id, item_id) DO UPDATE SET value = ?3");
  upsert.bind(1, record_id).bind(2, item_id).bind(3, value);
  if (!upsert.run() || !tx.commit()) {
    return fail("cannot save the answer: " + std::string(sqlite3_errmsg(db_)));
  }
  return true;
}

Result<bool> RecordStore::clear_answer(std::string_view record_id, std::string_view item_id, std::int64_t now) {
  Transaction tx(db_);
  if (auto touched = touch_draft(record_id, now); !touched) {
    return touched;
  }
  Statement remove(db_, "DELETE FROM answers WHERE record_id = ?1 AND item_id = ?2");
  remove.bind(1, record_id).bind(2, item_id);
  if (!remove.run() || !tx.commit()) {
    return fail("cannot clear the answer: " + std::string(sqlite3_errmsg(db_)));
  }
  return true;
}

Result<bool> RecordStore::set_note(std::string_view record_id, std::string_view note, std::int64_t now) {
  Statement update(db_, "UPDATE records SET note = ?2, updated_at = ?3 WHERE id = ?1 AND status != 'verwerkt'");
  update.bind(1, record_id).bind(2, note).bind(3, now);
  if (!update.run() || sqlite3_changes(db_) != 1) {
    return fail("cannot save the note: " + std::string(update.ok() ? "record not found" : update.error()));
  }
  return true;
}

Result<bool> RecordStore::set_own_reference(std::string_view record_id, std::string_view reference, std::int64_t now) {
  Statement update(db_,
                   "UPDATE records SET own_reference = ?2, updated_at = ?3 WHERE id = ?1 AND status != 'verwerkt'");
  update.bind(1, record_id).bind(2, reference).bind(3, now);
  if (!update.run() || sqlite3_changes(db_) != 1) {
    return fail("cannot save the reference: " + std::string(update.ok() ? "record not found" : update.error()));
  }
  return true;
}

Result<bool> RecordStore::complete(std::string_view record_id, const Checklist &checklist, std::int64_t now) {
  auto record = load(record_id);
  if (!record) {
    return fail(record.error());
  }
  const RecordSummary &summary = record.value().summary;
  if (summary.checklist_id != checklist.id || summary.checklist_version != checklist.version) {
    return fail("record was made with " + summary.checklist_id + " v" + std::to_string(summary.checklist_version));
  }
  if (summary.status != RecordStatus::draft) {
    return fail(std::string("record is already completed"));
  }
  const ChecklistOutcome outcome = score_checklist(checklist, record.value().answers);
  Transaction tx(db_);
  Statement clear(db_, "DELETE FROM record_levels WHERE record_id = ?1");
  clear.bind(1, record_id);
  if (!tx.begun() || !clear.run()) {
    return fail("cannot complete: " + std::string(sqlite3_errmsg(db_)));
  }
  Statement level(db_, "INSERT INTO record_levels (record_id, domain_id, level, route_id) VALUES (?1, ?2, ?3, ?4)");
  for (const DomainOutcome &domain : outcome.domains) {
    level.reset();
    level.bind(1, record_id)
        .bind(2, domain.domain->id)
        .bind(3, static_cast<int>(domain.level))
        .bind(4, domain.primary_route());
    if (!level.run()) {
      return fail("cannot store levels: " + level.error());
    }
  }
  Statement done(db_, "UPDATE records SET status = 'afgerond', completed_at = ?2, updated_at = ?2"
                      " WHERE id = ?1 AND status = 'concept'");
  done.bind(1, record_id).bind(2, now);
  if (!done.run() || sqlite3_changes(db_) != 1 || !tx.commit()) {
    return fail("cannot complete: " + std::string(sqlite3_errmsg(db_)));
  }
  return true;
}

Result<bool> RecordStore::reopen(std::string_view record_id, std::int64_t now) {
  Transaction tx(db_);
  Statement back(db_, "UPDATE records SET status = 'concept', completed_at = NULL, updated_at = ?2"
                      " WHERE id = ?1 AND status = 'afgerond'");
  back.bind(1, record_id).bind(2, now);
  if (!tx.begun() || !back.run()) {
    return fail("cannot reopen: " + std::string(sqlite3_errmsg(db_)));
  }
  if (sqlite3_changes(db_) != 1) {
    return fail(std::string("only a completed record that is not yet counted can be reopened"));
  }
  Statement clear(db_, "DELETE FROM record_levels WHERE record_id = ?1");
  clear.bind(1, record_id);
  if (!clear.run() || !tx.commit()) {
    return fail("cannot reopen: " + std::string(sqlite3_errmsg(db_)));
  }
  return true;
}

Result<bool> RecordStore::discard(std::string_view record_id) {
  Statement remove(db_, "DELETE FROM records WHERE id = ?1 AND status != 'verwerkt'");
  remove.bind(1, record_id);
  if (!remove.run()) {
    return fail("cannot delete: " + remove.error());
  }
  if (sqlite3_changes(db_) != 1) {
    return fail(std::string("record not found, or already counted (it is removed automatically)"));
  }
  return true;
}

Result<std::vector<RecordSummary>> RecordStore::list() const {
  Statement rows(db_, std::string(kSummarySelect) + " ORDER BY r.updated_at DESC, r.id");
  std::vector<RecordSummary> out;
  while (rows.next()) {
    out.push_back(read_summary(rows));
  }
  if (!rows.ok()) {
    return fail("cannot read the records: " + rows.error());
  }
  return out;
}

Result<Record> RecordStore::load(std::string_view record_id) const {
  Statement row(db_, std::string(kSummarySelect) + " WHERE r.id = ?1");
  row.bind(1, record_id);
  if (!row.next()) {
    return fail(row.ok() ? std::string("record not found") : "cannot read the record: " + row.error());
  }
  Record record;
  record.summary = read_summary(row);
  Statement extra(db_, "SELECT note, own_reference FROM records WHERE id = ?1");
  extra.bind(1, record_id);
  if (extra.next()) {
    record.note = extra.text(0);
    record.own_reference = extra.text(1);
  }
  Statement answers(db_, "SELECT item_id, value FROM answers WHERE record_id = ?1");
  answers.bind(1, record_id);
  while (answers.next()) {
    record.answers[answers.text(0)] = answers.integer(1);
  }
  Statement ordered(db_, "SELECT domain_id, level, route_id FROM record_levels WHERE record_id = ?1");
  ordered.bind(1, record_id);
  while (ordered.next()) {
    const int level = ordered.integer(1);
    record.levels.push_back({ordered.text(0),
                             level >= 0 && level <= 3 ? static_cast<SignalLevel>(level) : SignalLevel::none,
                             ordered.text(2)});
  }
  if (!extra.ok() || !answers.ok() || !ordered.ok()) {
    return fail("cannot read the record: " + std::string(sqlite3_errmsg(db_)));
  }
  return record;
}

Result<int> RecordStore::restore_kept_definitions(ChecklistLibrary &library) const {
  Statement rows(db_, "SELECT checklist_id, version, definition FROM checklist_definitions");
  int added = 0;
  std::string problems;
  while (rows.next()) {
    if (library.find(rows.text(0), rows.integer(1)) != nullptr) {
      continue;
    }
    const std::string source = rows.text(2);
    auto checklist = load_checklist(source, rows.text(0) + " v" + std::to_string(rows.integer(1)), nullptr);
    if (!checklist) {
      problems += (problems.empty() ? "" : "; ") + checklist.error().message();
      continue;
    }
    added += library.add(std::move(checklist).value(), source, false) ? 1 : 0;
  }
  if (!rows.ok()) {
    return fail("cannot read kept checklist versions: " + rows.error());
  }
  if (!problems.empty()) {
    return fail("kept checklist versions unreadable: " + problems);
  }
  return added;
}

Result<int> RecordStore::purge(std::int64_t now, const RetentionPolicy &policy) {
  Transaction tx(db_);
  Statement remove(db_, "DELETE FROM records WHERE"
                        " (status = 'verwerkt' AND completed_at + ?2 <= ?1) OR"
                        " (status = 'concept' AND updated_at + ?3 <= ?1)");
  remove.bind(1, now).bind(2, policy.counted_days * kDay).bind(3, policy.draft_days * kDay);
  if (!tx.begun() || !remove.run()) {
    return fail("cannot remove expired records: " + std::string(sqlite3_errmsg(db_)));
  }
  const int removed = sqlite3_changes(db_);
  // Definitions no record refers to any more need not be kept.
  Statement unused(db_, "DELETE FROM checklist_definitions WHERE NOT EXISTS (SELECT 1 FROM records r"
                        " WHERE r.checklist_id = checklist_definitions.checklist_id"
                        " AND r.checklist_version = checklist_definitions.version)");
  if (!unused.run() || !tx.commit()) {
    return fail("cannot remove expired records: " + std::string(sqlite3_errmsg(db_)));
  }
  return removed;
}

} // namespace veldwijzer
