// sync_screen.cpp — "Tellingen delen": couple this tablet to the region's
// collector with a code, see what waits to be sent, send it now, and read
// what became of earlier reports. What is sent is counts only (outbox.h).
#include "veldwijzer/app.h"

#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "record_widgets.h"

#include "imgui.h"

#include <random>

namespace veldwijzer {
namespace {

// A line that says how sending goes or went: a status for screen readers
// (the words carry the meaning, the colour only repeats it).
void status_line(const ImVec4 &colour, const std::string &text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
  ui::text_item(ui::Role::status, text);
}

} // namespace

void App::start_sync_client() {
  sync_.reset();
  LocalStore *records = vault_ != nullptr ? vault_->store() : nullptr;
  if (records == nullptr || platform_.transport == nullptr) {
    return;
  }
  auto random = platform_.random_unit;
  if (!random) {
    random = [engine = std::make_shared<std::mt19937>(std::random_device{}())] {
      return std::uniform_real_distribution<double>(0.0, 1.0)(*engine);
    };
  }
  sync_ = std::make_unique<SyncClient>(
      *records, *platform_.transport, [this] { return now_seconds(); }, std::move(random));
  sync_->on_change = [this] { sync_changed(); };
  // Counts what has become countable since the last start and sends what is due.
  sync_->sync(false);
  sync_changed();
}

// After every step of a sync: save the database, re-read what the screen
// shows, and ask for a wake-up when a retry is due.
void App::sync_changed() {
  if (platform_.records_changed) {
    platform_.records_changed();
  }
  record_list_dirty_ = true;
  if (!sync_) {
    return;
  }
  if (auto log = sync_->outbox().log(10)) {
    sync_log_ = std::move(log).value();
  }
  if (auto waiting = sync_->outbox().records_waiting()) {
    records_waiting_ = waiting.value();
  }
  if (auto pending = sync_->outbox().pending()) {
    outbox_ = std::move(pending).value();
  }
  schedule_wakeup();
}

void App::show_sync(const std::string &enrollment_code) {
  navigate({Screen::sync, {}});
  if (!enrollment_code.empty()) {
    enrollment_code.copy(enroll_code_, sizeof enroll_code_ - 1);
  }
}

// Directory and checklist updates ride along with every sync (button, online
// event, retry timer): public data, fetched whether or not the tablet is coupled.
void App::sync_now(bool force) {
  if (sync_ && !sync_->busy()) {
    ++sync_runs_;
    sync_->sync(force);
    sync_changed();
  }
  request_content_check();
}

// One small block: where the data in use came from, and why the last update
// was not taken (the previous data then stay in use).
void App::draw_content_status() {
  if (!content_) {
    return;
  }
  const ContentStatus &status = content_->status();
  ImGui::Spacing();
  std::string line = t("sync.content.builtin");
  if (status.updated_at > 0) {
    const LocalTime at = amsterdam_time(status.updated_at);
    line =
        fill(t("sync.content.updated"), record_ui::display_day(record_ui::iso_day(at)) + " " + format_clock(at.minute));
  }
  ImGui::TextWrapped("%s", line.c_str());
  ui::text(line);
  if (!status.last_error.empty()) {
    record_ui::text_wrapped_coloured(theme::kWarningText, fill(t("sync.content.failed"), status.last_error));
  }
}

void App::enroll(const std::string &code) {
  if (!sync_ || enrolling_) {
    return;
  }
  enrolling_ = true;
  enroll_error_.clear();
  sync_->enroll(code, [this](const std::string &error) {
    enrolling_ = false;
    enroll_error_ = error;
    if (error.empty()) {
      enroll_code_[0] = '\0';
      sync_now(true); // send what was waiting for a coupling
    }
    sync_changed();
  });
}

void App::draw_sync() {
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextWrapped("%s", t("sync.title"));
  ui::heading(t("sync.title"));
  ImGui::PopFont();
  ImGui::TextWrapped("%s", t("sync.what_is_sent"));
  ui::text(t("sync.what_is_sent"));
  ImGui::Spacing();
  if (!sync_) {
    // Unsent reports and the token are in the records' vault: the PIN first.
    if (vault_ == nullptr || platform_.transport == nullptr || !draw_records_unavailable()) {
      record_ui::text_wrapped_coloured(theme::kWarningText, t("sync.unavailable"));
    }
    draw_content_status(); // public data: shown and updated while the records are locked too
    return;
  }
  // A code from an #enroll/<code> link fills the field once.
  if (!history_.back().id.empty()) {
    history_.back().id.copy(enroll_code_, sizeof enroll_code_ - 1);
    history_.back().id.clear();
  }

  const auto enrollment = sync_->enrollment();
  if (!enrollment) {
    ImGui::TextWrapped("%s", t("sync.not_enrolled"));
    ui::text(t("sync.not_enrolled"));
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 420.0f * appearance_.text_scale()));
    ImGui::InputTextWithHint("##enroll_code", t("sync.code_hint"), enroll_code_, sizeof enroll_code_,
                             ImGuiInputTextFlags_CharsUppercase);
    ui::describe_last(ui::Role::textbox, t("sync.code_label"), 0, enroll_code_);
    ImGui::BeginDisabled(enrolling_ || enroll_code_[0] == '\0');
    if (record_ui::wide_button("##enroll", enrolling_ ? t("sync.enrolling") : t("sync.enroll"))) {
      enroll(enroll_code_);
    }
    ImGui::EndDisabled();
    if (!enroll_error_.empty()) {
      const std::string failed = fill(t("sync.enroll_failed"), enroll_error_);
      record_ui::text_wrapped_coloured(theme::kWarningText, failed);
      ui::announce_change("sync.enroll_failed", failed, true);
    }
  } else {
    std::string areas;
    for (const std::string &code : enrollment->municipalities) {
      areas += (areas.empty() ? "" : ", ") + municipality_name(code);
    }
    const std::string enrolled = fill(fill(t("sync.enrolled"), enrollment->organisation), areas);
    ImGui::TextWrapped("%s", enrolled.c_str());
    ui::text(enrolled);
  }
  ImGui::Spacing();
  draw_sync_status();
  ImGui::BeginDisabled(sync_->busy() || !enrollment);
  if (record_ui::wide_button("##sync_now", sync_->busy() ? t("sync.busy") : t("sync.now"), &theme::kSelected,
                             &theme::kOnDark)) {
    sync_now(true);
  }
  ImGui::EndDisabled();
  draw_sync_log();
  draw_content_status();
  if (enrollment) {
    ImGui::Spacing();
    if (ImGui::Button(t("sync.forget"))) {
      sync_->forget_enrollment();
    }
  }
}

// The tablet's date decides a visit's month: when the last answer from the
// collector showed a clock more than kClockSkewLimit off, say so where visits
// are dated and counts are sent (sync_client.h).
void App::draw_clock_warning() {
  const auto check = sync_ ? sync_->clock_check() : std::nullopt;
  if (!check || !check->wrong()) {
    return;
  }
  // No amount: "ahead" or "behind" and what to do is what the nurse needs,
  // and the words stay the same from day to day (the a11y snapshots).
  const std::string warning = t(check->skew_s > 0 ? "sync.clock.ahead" : "sync.clock.behind");
  record_ui::text_wrapped_coloured(theme::kWarningText, warning);
  ui::announce_change("sync.clock", warning, false);
}

void App::draw_sync_status() {
  draw_clock_warning();
  const SyncStatus &status = sync_->status();
  std::int64_t cells = 0;
  for (const OutboxReport &report : outbox_) {
    cells += report.cell_total;
  }
  const std::string waiting = fill(t("sync.waiting_records"), std::to_string(records_waiting_));
  ImGui::TextWrapped("%s", waiting.c_str());
  ui::text(waiting);
  const std::string ready = fill(fill(t("sync.outbox"), std::to_string(outbox_.size())), std::to_string(cells));
  ImGui::TextWrapped("%s", ready.c_str());
  ui::text(ready);
  // The result of a run is spoken once (aria-live): polite when it worked,
  // assertive with its reason when not. The key names the run, so a second
  // run with the same outcome is announced again.
  const std::string run = "sync.result." + std::to_string(sync_runs_);
  const auto failed = [&](const std::string &line, const std::string &reason) {
    status_line(theme::kWarningText, line);
    ui::announce_change(run, fill(t("sync.announce_failed"), reason), true);
  };
  const ImGuiStyle &style = ImGui::GetStyle();
  switch (status.state) {
  case SyncStatus::State::idle:
    break;
  case SyncStatus::State::sending:
    status_line(style.Colors[ImGuiCol_Text],
                fill(fill(t("sync.progress"), std::to_string(status.sent)), std::to_string(status.to_send)));
    break;
  case SyncStatus::State::done:
    status_line(theme::kOpenText, fill(t("sync.done"), std::to_string(status.sent)));
    ui::announce_change(run, t("sync.announce_done"));
    break;
  case SyncStatus::State::offline:
    failed(t("sync.offline"), t("sync.offline"));
    break;
  case SyncStatus::State::needs_enrollment:
    if (!status.message.empty()) {
      failed(fill(t("sync.token_refused"), status.message), status.message);
    }
    break;
  case SyncStatus::State::failed:
    failed(fill(t("sync.failed"), status.message), status.message);
    break;
  }
  if (!outbox_.empty() && !sync_->busy()) {
    if (const auto next = sync_->next_attempt_at(); next && *next > now_seconds()) {
      const LocalTime at = amsterdam_time(*next);
      const std::string next_attempt = fill(t("sync.next_attempt"), format_clock(at.minute));
      ImGui::TextWrapped("%s", next_attempt.c_str());
      ui::text(next_attempt);
    }
  }
}

void App::draw_sync_log() {
  if (sync_log_.empty()) {
    return;
  }
  ImGui::Spacing();
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextWrapped("%s", t("sync.log_title"));
  ui::heading(t("sync.log_title"), 2);
  ImGui::PopFont();
  for (const SyncLogEntry &entry : sync_log_) {
    const LocalTime at = amsterdam_time(entry.at);
    const std::string when = record_ui::display_day(record_ui::iso_day(at)) + " " + format_clock(at.minute);
    const std::string key = "sync.outcome." + entry.outcome;
    std::string line = when + "  " + t(key);
    if (!entry.message.empty()) {
      line += ": " + entry.message;
    }
    const bool bad = entry.outcome == "rejected" || entry.outcome == "cells-rejected";
    record_ui::text_wrapped_coloured(bad ? theme::kWarningText : ImGui::GetStyle().Colors[ImGuiCol_Text], line);
  }
}

} // namespace veldwijzer
