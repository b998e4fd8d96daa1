// record_actions.cpp — what the record screens' buttons do: every write goes
// through RecordStore as its own transaction, a refusal is shown to the user
// (their words + the store's detail), a success tells the platform to write
// the database back (AppPlatform::records_changed).
#include "veldwijzer/app.h"

#include "veldwijzer/age_band.h"

#include "record_widgets.h"

namespace veldwijzer {

void App::report(std::string key, std::string detail) {
  problem_ = ScreenProblem{std::move(key), std::move(detail)};
}

bool App::records_written(const Result<bool> &written, const char *problem_key) {
  if (!written) {
    report(problem_key, written.error());
    return false;
  }
  if (problem_ && problem_->key == problem_key) {
    problem_.reset(); // the retry worked: the old warning no longer holds
  }
  record_list_dirty_ = true;
  if (platform_.records_changed) {
    platform_.records_changed();
  }
  return true;
}

void App::refresh_record_list() {
  if (!record_list_dirty_ || !records_) {
    return;
  }
  record_list_dirty_ = false;
  auto listed = records_->list();
  if (!listed) {
    record_list_.clear();
    report("records.problem.list", listed.error());
    return;
  }
  record_list_ = std::move(listed).value();
}

std::string App::checklist_title(std::string_view id, int version) const {
  const Checklist *checklist = checklists_.find(id, version);
  return checklist != nullptr ? checklist->title.in(language_) : std::string(id) + " v" + std::to_string(version);
}

std::string App::age_band_text(std::string_view band) {
  return band == "prenataal" ? std::string(t("age_band.prenatal")) : fill(t("age_band.years"), band);
}

const App::OpenRecord *App::open_record() {
  const Place &place = history_.back();
  if (place.screen != Screen::record && place.screen != Screen::record_summary) {
    return nullptr;
  }
  if (place.id != open_record_id_) {
    open_record_id_ = place.id;
    domain_ = 0;
    confirm_discard_ = false;
    if (reload_open_record()) {
      // The local-only fields are edited in these buffers from now on.
      const Record &record = open_record_->record;
      note_[record.note.copy(note_, sizeof note_ - 1)] = '\0';
      reference_[record.own_reference.copy(reference_, sizeof reference_ - 1)] = '\0';
    }
  }
  return open_record_ ? &*open_record_ : nullptr;
}

bool App::reload_open_record() {
  open_record_.reset();
  open_record_error_.clear();
  if (!records_) {
    return false;
  }
  auto loaded = records_->load(open_record_id_);
  if (!loaded) {
    open_record_error_ = loaded.error();
    return false;
  }
  OpenRecord open;
  open.record = std::move(loaded).value();
  // The version the record was made with, never simply the newest.
  open.checklist = checklists_.find(open.record.summary.checklist_id, open.record.summary.checklist_version);
  if (open.checklist != nullptr) {
    open.outcome = score_checklist(*open.checklist, open.record.answers);
  }
  open_record_ = std::move(open);
  return true;
}

bool App::create_record() {
  if (!records_) {
    report("records.problem.no_store", store_status_.detail);
    return false;
  }
  const auto installed = checklists_.installed();
  const Checklist *checklist = new_record_.checklist_id.empty() ? (installed.empty() ? nullptr : installed.front())
                                                                : checklists_.latest(new_record_.checklist_id);
  if (checklist == nullptr) {
    report("records.problem.no_checklist", new_record_.checklist_id);
    return false;
  }
  const std::string municipality = new_record_.municipality.empty() ? municipality_ : new_record_.municipality;
  if (municipality.empty()) {
    report("records.problem.no_municipality", "");
    return false;
  }
  const auto band = age_band({new_record_.prenatal, new_record_.years, new_record_.months});
  if (!band) {
    report("records.problem.age", std::to_string(new_record_.years) + " / " + std::to_string(new_record_.months));
    return false;
  }
  if (!checklist->allows_age_band(*band)) {
    report("records.problem.band", *band + " / " + checklist->id);
    return false;
  }
  const std::string *source = checklists_.source(checklist->id, checklist->version);
  const NewRecord fields{municipality, *band, record_ui::iso_day(local_now())};
  auto created = records_->create(*checklist, source != nullptr ? *source : std::string(), fields, now_seconds());
  if (!created) {
    report("records.problem.create", created.error());
    return false;
  }
  record_list_dirty_ = true;
  if (platform_.records_changed) {
    platform_.records_changed();
  }
  new_record_ = {}; // going back must not offer the same record again
  show_record(created.value());
  return true;
}

bool App::answer_item(std::string_view item_id, std::optional<int> value) {
  const OpenRecord *open = open_record();
  if (open == nullptr || open->checklist == nullptr || !records_) {
    report("records.problem.not_open", open_record_error_);
    return false;
  }
  const std::string id = open_record_id_;
  const Result<bool> written = value ? records_->set_answer(id, *open->checklist, item_id, *value, now_seconds())
                                     : records_->clear_answer(id, item_id, now_seconds());
  const bool ok = records_written(written, "records.problem.answer");
  reload_open_record(); // show what the store holds, also after a refusal
  return ok;
}

bool App::complete_record() {
  const OpenRecord *open = open_record();
  if (open == nullptr || open->checklist == nullptr || !records_) {
    report("records.problem.not_open", open_record_error_);
    return false;
  }
  const bool ok =
      records_written(records_->complete(open_record_id_, *open->checklist, now_seconds()), "records.problem.complete");
  reload_open_record();
  return ok;
}

bool App::reopen_record() {
  if (open_record() == nullptr || !records_) {
    report("records.problem.not_open", open_record_error_);
    return false;
  }
  const bool ok = records_written(records_->reopen(open_record_id_, now_seconds()), "records.problem.reopen");
  reload_open_record();
  return ok;
}

bool App::discard_record() {
  if (open_record() == nullptr || !records_) {
    report("records.problem.not_open", open_record_error_);
    return false;
  }
  if (!records_written(records_->discard(open_record_id_), "records.problem.discard")) {
    return false;
  }
  open_record_id_.clear();
  open_record_.reset();
  show_records();
  return true;
}

} // namespace veldwijzer
