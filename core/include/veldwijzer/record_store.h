// record_store.h — checklist records kept on the device, never uploaded.
//
// A record is one filled-in checklist: the checklist id + version it was made
// with, municipality, age band, visit day, answers, and — once completed — the
// level and primary route per domain. The optional note and own reference
// (e.g. the JGZ dossier number) live only here; nothing in the aggregation or
// upload path reads them.
//
// Every change is its own SQLite transaction, so a draft survives a closed tab
// or a crash up to the last committed answer. The definition a record was
// made with is stored beside it (checklist_definitions), so a newer installed
// version never changes how an old record reads or scores.
//
// Times are Unix seconds passed in by the caller (core reads no clock).
#pragma once

#include "veldwijzer/checklist.h"
#include "veldwijzer/checklist_library.h"
#include "veldwijzer/local_store.h"
#include "veldwijzer/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

enum class RecordStatus { draft, completed, counted };
// "concept", "afgerond", "verwerkt" — the words the professional sees, stored as such.
std::string_view record_status_code(RecordStatus status);

struct RetentionPolicy {
  int counted_days = 28; // completed and counted into aggregates: deleted this long after completion
  int draft_days = 28;   // a draft untouched this long is deleted too (no record lives forever)
};

struct RecordSummary {
  std::string id; // random 128-bit hex; never uploaded
  std::string checklist_id;
  int checklist_version = 0;
  std::string municipality; // CBS code
  std::string age_band;
  std::string visit_date; // YYYY-MM-DD
  RecordStatus status = RecordStatus::draft;
  std::int64_t updated_at = 0;
  std::int64_t completed_at = 0; // 0 while a draft
  std::int64_t counted_at = 0;   // 0 until aggregated
  int answered = 0;
  SignalLevel highest = SignalLevel::none; // completed records only
};

struct StoredLevel {
  std::string domain_id;
  SignalLevel level = SignalLevel::none;
  std::string route_id; // primary route; empty at level none
};

struct Record {
  RecordSummary summary;
  Answers answers;
  std::string note;                // local only
  std::string own_reference;       // local only
  std::vector<StoredLevel> levels; // set on completion
};

struct NewRecord {
  std::string municipality;
  std::string age_band;
  std::string visit_date; // YYYY-MM-DD, the local day of the visit
};

// When a record will be deleted under the policy; nullopt while that depends
// on something still to happen (a completed record waits to be counted).
std::optional<std::int64_t> record_removal_time(const RecordSummary &record, const RetentionPolicy &policy);

class RecordStore {
public:
  // The tables belong to LocalStore's schema; this is the code that uses them.
  explicit RecordStore(LocalStore &store) : db_(store.handle()) {}

  // Creates a draft on the given definition (whose source text is kept).
  Result<std::string> create(const Checklist &checklist, std::string_view source_json, const NewRecord &fields,
                             std::int64_t now);
  // Drafts only; the value must be one the item accepts (kUnknown allowed).
  Result<bool> set_answer(std::string_view record_id, const Checklist &checklist, std::string_view item_id, int value,
                          std::int64_t now);
  Result<bool> clear_answer(std::string_view record_id, std::string_view item_id, std::int64_t now);
  Result<bool> set_note(std::string_view record_id, std::string_view note, std::int64_t now);
  Result<bool> set_own_reference(std::string_view record_id, std::string_view reference, std::int64_t now);
  // Scores with the record's own definition and stores the levels.
  Result<bool> complete(std::string_view record_id, const Checklist &checklist, std::int64_t now);
  // Back to draft, while not yet counted (a correction before the month closes).
  Result<bool> reopen(std::string_view record_id, std::int64_t now);
  // Only drafts and completed-but-uncounted records can be discarded by hand.
  Result<bool> discard(std::string_view record_id);

  // Newest first.
  Result<std::vector<RecordSummary>> list() const;
  Result<Record> load(std::string_view record_id) const;

  // Definitions kept with records that the library lacks (an older version)
  // are added to it; returns how many. A kept definition that no longer
  // parses is reported, its records stay untouched.
  Result<int> restore_kept_definitions(ChecklistLibrary &library) const;

  // Deletes what the policy says has expired; returns how many records.
  Result<int> purge(std::int64_t now, const RetentionPolicy &policy);

private:
  Result<bool> touch_draft(std::string_view record_id, std::int64_t now);
  sqlite3 *db_ = nullptr;
};

} // namespace veldwijzer
