// lock_screen.cpp — the PIN in front of the records (record_vault.h): set a
// PIN, unlock, "PIN vergeten", change it, lock by hand, and the auto-lock.
// The record and sync screens show this in their place while locked.
#include "veldwijzer/app.h"

#include "veldwijzer/opening_hours.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "record_widgets.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <algorithm>
#include <cstring>

namespace veldwijzer {
namespace {

// Volatile writes: the compiler may not drop a clear of memory it sees
// unused afterwards, and a PIN should not outlive its use.
void wipe(void *memory, std::size_t size) {
  auto *bytes = static_cast<volatile unsigned char *>(memory);
  for (std::size_t i = 0; i < size; ++i) {
    bytes[i] = 0;
  }
}

template <class T> void wipe_vector(ImVector<T> &vector) {
  if (vector.Data != nullptr) {
    wipe(vector.Data, static_cast<std::size_t>(vector.Capacity) * sizeof(T));
  }
}

// ImGui keeps its own copy of the text being edited; once a PIN field has
// done its job that copy goes too.
void forget_edited_pin() {
  ImGuiContext *context = ImGui::GetCurrentContext();
  if (context == nullptr) {
    return;
  }
  ImGuiInputTextState &edited = context->InputTextState;
  if ((edited.Flags & ImGuiInputTextFlags_Password) != 0) {
    wipe_vector(edited.TextW);
    wipe_vector(edited.TextA);
    wipe_vector(edited.InitialTextA);
    edited.CurLenA = edited.CurLenW = 0;
    edited.ID = 0;
  }
  if (context->ActiveId != 0 && context->ActiveId == edited.ID) {
    ImGui::ClearActiveID();
  }
}

bool user_input_this_frame() {
  const ImGuiIO &io = ImGui::GetIO();
  if (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f || io.MouseWheel != 0.0f || io.MouseWheelH != 0.0f ||
      !io.InputQueueCharacters.empty()) {
    return true;
  }
  for (const bool down : io.MouseDown) {
    if (down) {
      return true;
    }
  }
  for (int key = ImGuiKey_NamedKey_BEGIN; key < ImGuiKey_NamedKey_END; ++key) {
    if (ImGui::IsKeyDown(static_cast<ImGuiKey>(key))) {
      return true;
    }
  }
  return false;
}

} // namespace

void App::note_activity() {
  last_input_at_ = now_seconds();
}

void App::check_auto_lock() {
  if (!records_) {
    return;
  }
  if (user_input_this_frame()) {
    last_input_at_ = now_seconds();
  } else if (now_seconds() - last_input_at_ >= kAutoLockSeconds) {
    lock_records();
  }
}

void App::on_wakeup() {
  wakeup_at_ = 0;
  if (records_ && now_seconds() - last_input_at_ >= kAutoLockSeconds) {
    lock_records();
  }
  sync_due();
  schedule_wakeup();
}

// One timer serves the sync's retries, the auto-lock and the end of a
// wrong-PIN wait: it is set for the earliest. An earlier timer already set
// is kept; when it fires, on_wakeup() plans the next.
void App::schedule_wakeup() {
  if (!platform_.wake_after) {
    return;
  }
  const std::int64_t now = now_seconds();
  std::optional<std::int64_t> at;
  const auto earliest = [&at](std::int64_t when) { at = at ? std::min(*at, when) : when; };
  if (sync_ && !sync_->busy()) {
    // A report due now is the one the running sync just counted and is about
    // to send; waking for it would replace the retry's timer with a
    // 1-second one whose sync_due() turns "offline" into "done".
    if (const auto next = sync_->next_attempt_at(); next && *next > now) {
      earliest(*next);
    }
  }
  if (records_) {
    earliest(last_input_at_ + kAutoLockSeconds);
  } else if (vault_ != nullptr && vault_->state() == VaultState::locked && vault_->retry_at() > now) {
    earliest(vault_->retry_at());
  }
  if (!at || (wakeup_at_ > now && wakeup_at_ <= *at)) {
    return;
  }
  wakeup_at_ = std::max(*at, now + 1);
  platform_.wake_after(static_cast<double>(wakeup_at_ - now));
}

void App::records_unlocked() {
  records_ = std::make_unique<RecordStore>(*vault_->store());
  record_list_dirty_ = true;
  open_record_id_.clear(); // read again from the vault
  last_input_at_ = now_seconds();
  // The versions older records were made with, then the retention rule.
  if (auto restored = records_->restore_kept_definitions(checklists_); !restored) {
    report("records.problem.kept_versions", restored.error());
  }
  if (auto purged = records_->purge(now_seconds(), retention_); !purged) {
    report("records.problem.purge", purged.error());
  }
  if (platform_.records_changed) {
    platform_.records_changed();
  }
  start_sync_client(); // sends what waited while locked
  schedule_wakeup();
}

void App::clear_pin_fields() {
  forget_edited_pin();
  wipe(pin_, sizeof pin_);
  wipe(pin_repeat_, sizeof pin_repeat_);
  wipe(pin_current_, sizeof pin_current_);
}

void App::lock_records() {
  clear_pin_fields();
  passkey_pending_ = false; // its answer, when it comes, is ignored
  ++passkey_request_;
  pin_change_open_ = false;
  confirm_forget_ = false;
  if (!records_ && (vault_ == nullptr || vault_->state() != VaultState::unlocked)) {
    return;
  }
  // Nothing read from the records stays in memory either.
  sync_.reset();
  records_.reset();
  open_record_.reset();
  open_record_id_.clear();
  record_list_.clear();
  record_list_dirty_ = true;
  outbox_.clear();
  sync_log_.clear();
  records_waiting_ = 0;
  enrolling_ = false;
  enroll_error_.clear();
  confirm_discard_ = false;
  wipe(note_, sizeof note_);
  wipe(reference_, sizeof reference_);
  wipe(enroll_code_, sizeof enroll_code_);
  if (vault_ != nullptr) {
    vault_->lock();
  }
  lock_message_.clear();
  ui::announce(t("lock.locked.title"));
}

void App::vault_refused(const VaultError &error) {
  const auto at_clock = [](std::int64_t when) { return format_clock(amsterdam_time(when).minute); };
  switch (error.kind) {
  case VaultError::Kind::wrong_pin:
    lock_message_ = t("lock.wrong_pin");
    if (error.retry_at > 0) {
      lock_message_ += " " + fill(t("lock.wait"), at_clock(error.retry_at));
    }
    break;
  case VaultError::Kind::must_wait:
    lock_message_ = fill(t("lock.wait"), at_clock(error.retry_at));
    break;
  case VaultError::Kind::bad_new_pin:
    lock_message_ = t(error.detail);
    break;
  case VaultError::Kind::store:
    lock_message_ = fill(t("lock.problem.store"), error.detail);
    break;
  case VaultError::Kind::needs_passkey:
    lock_message_ = t("lock.passkey.needed");
    break;
  }
  ui::announce(lock_message_, true);
}

bool App::set_pin(std::string_view pin, std::string_view repeated, const Passkey *passkey) {
  if (vault_ == nullptr) {
    return false;
  }
  auto created = vault_->create(pin, repeated, passkey);
  clear_pin_fields();
  if (!created) {
    vault_refused(created.error());
    return false;
  }
  if (platform_.settings_changed) {
    platform_.settings_changed(); // records moved out of the public file: write both back now
  }
  records_unlocked();
  ui::announce(t("lock.unlocked"));
  return true;
}

bool App::unlock_records(std::string_view pin, const Passkey *passkey, const Passkey *enrol) {
  if (vault_ == nullptr) {
    return false;
  }
  auto opened = vault_->unlock(pin, now_seconds(), passkey, enrol);
  clear_pin_fields();
  if (!opened) {
    if (platform_.settings_changed) {
      platform_.settings_changed(); // the wrong-PIN counter survives a reload
    }
    vault_refused(opened.error());
    schedule_wakeup(); // re-enable the button when the wait is over
    return false;
  }
  lock_message_.clear();
  records_unlocked();
  ui::announce(t("lock.unlocked"));
  return true;
}

// The platform answers later (the device shows its own prompt); the PIN
// fields keep their text, hidden, until then. An answer to a request dropped
// by a lock in between is ignored.
void App::request_set_pin() {
  if (vault_ == nullptr || passkey_pending_) {
    return;
  }
  if (!passkeys_offered() || !passkey_wanted_) {
    set_pin(pin_, pin_repeat_);
    return;
  }
  // A PIN that breaks a rule gets no passkey made for it.
  if (const auto problem = new_pin_problem(pin_, pin_repeat_)) {
    clear_pin_fields();
    vault_refused(VaultError{VaultError::Kind::bad_new_pin, std::string(*problem)});
    return;
  }
  const std::uint64_t request = ++passkey_request_;
  passkey_pending_ = true;
  lock_message_ = t("lock.passkey.waiting");
  ui::announce(lock_message_);
  platform_.passkey_create([this, request](std::optional<Passkey> passkey, std::string problem) {
    if (request != passkey_request_ || !passkey_pending_) {
      return;
    }
    passkey_pending_ = false;
    if (!passkey) {
      clear_pin_fields();
      lock_message_ = fill(t("lock.passkey.failed"), problem);
      ui::announce(lock_message_, true);
      return;
    }
    set_pin(pin_, pin_repeat_, &*passkey);
  });
}

void App::request_unlock(UnlockWith with) {
  if (vault_ == nullptr || passkey_pending_) {
    return;
  }
  const std::optional<std::string> id = vault_->passkey_id();
  // Without an authenticator the vault itself says it needs its passkey.
  const bool enrol = with == UnlockWith::enrol_passkey && passkeys_offered();
  const bool get = (with == UnlockWith::found_passkey || id) && passkeys_offered();
  if (!enrol && !get) {
    unlock_records(pin_);
    return;
  }
  const std::uint64_t request = ++passkey_request_;
  passkey_pending_ = true;
  lock_message_ = t("lock.passkey.waiting");
  ui::announce(lock_message_);
  auto answer = [this, request, enrol](std::optional<Passkey> passkey, std::string problem) {
    if (request != passkey_request_ || !passkey_pending_) {
      return;
    }
    passkey_pending_ = false;
    if (!passkey) {
      clear_pin_fields();
      lock_message_ = fill(t("lock.passkey.failed"), problem);
      ui::announce(lock_message_, true);
      return;
    }
    if (enrol) {
      unlock_records(pin_, nullptr, &*passkey);
    } else {
      unlock_records(pin_, &*passkey);
    }
  };
  if (enrol) {
    platform_.passkey_create(std::move(answer));
  } else {
    platform_.passkey_get(id.value_or(std::string()), std::move(answer));
  }
}

bool App::change_pin(std::string_view current, std::string_view pin, std::string_view repeated) {
  if (vault_ == nullptr) {
    return false;
  }
  auto changed = vault_->change_pin(current, pin, repeated);
  clear_pin_fields();
  if (!changed) {
    vault_refused(changed.error());
    return false;
  }
  pin_change_open_ = false;
  lock_message_ = t("lock.changed");
  ui::announce(lock_message_);
  if (platform_.records_changed) {
    platform_.records_changed(); // the re-keyed file
  }
  return true;
}

bool App::forget_pin() {
  if (vault_ == nullptr) {
    return false;
  }
  lock_records();
  auto forgotten = vault_->forget();
  if (!forgotten) {
    vault_refused(forgotten.error());
    return false;
  }
  lock_message_ = t("lock.forgotten");
  ui::announce(lock_message_, true);
  if (platform_.settings_changed) {
    platform_.settings_changed();
  }
  return true;
}

bool App::draw_pin_field(const char *id, const char *label, char *buffer, std::size_t size, bool submit_on_enter) {
  ImGui::TextUnformatted(label); // the textbox below carries the name for screen readers
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 420.0f * appearance_.text_scale()));
  const ImGuiInputTextFlags flags = ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue;
  const bool entered = ImGui::InputText(id, buffer, size, flags);
  // Never the value: the mirror must not hold it. Whether it holds text is
  // told, so the mirror clears its own field when the app clears this one.
  ui::describe_last(ui::Role::textbox, label, ui::kSecret | (buffer[0] != '\0' ? ui::kFilled : 0));
  return entered && submit_on_enter;
}

void App::draw_lock_screen() {
  const auto message = [this] {
    if (!lock_message_.empty()) {
      record_ui::text_wrapped_coloured(theme::kWarningText, lock_message_);
    }
  };
  ImGui::PushFont(ui_fonts().title);
  if (vault_->state() == VaultState::no_pin) {
    ImGui::TextWrapped("%s", t("lock.set.title"));
    ui::heading(t("lock.set.title"), 2);
    ImGui::PopFont();
    ImGui::TextWrapped("%s", t("lock.set.intro"));
    ui::text(t("lock.set.intro"));
    if (vault_->has_unprotected_records()) {
      record_ui::text_wrapped_coloured(theme::kWarningText, t("lock.set.unprotected"));
    }
    ImGui::Spacing();
    ImGui::BeginDisabled(passkey_pending_);
    bool submit = draw_pin_field("##new_pin", t("lock.new_pin"), pin_, sizeof pin_, false);
    submit = draw_pin_field("##repeat_pin", t("lock.repeat_pin"), pin_repeat_, sizeof pin_repeat_, true) || submit;
    if (passkeys_offered()) {
      // What a passkey means, and what losing it costs, before choosing.
      ImGui::Checkbox(t("lock.passkey.offer"), &passkey_wanted_);
      ImGui::TextWrapped("%s", t("lock.passkey.explain"));
      ui::text(t("lock.passkey.explain"));
    }
    message();
    if (record_ui::wide_button("##set_pin", t("lock.set.button"), &theme::kSelected, &theme::kOnDark) || submit) {
      request_set_pin();
    }
    ImGui::EndDisabled();
    return;
  }

  if (confirm_forget_) {
    ImGui::TextWrapped("%s", t("lock.forgot"));
    ui::heading(t("lock.forgot"), 2);
    ImGui::PopFont();
    record_ui::text_wrapped_coloured(theme::kWarningText, t("lock.forget.warning"));
    if (record_ui::wide_button("##forget_confirm", t("lock.forget.confirm"), &theme::kAcute, &theme::kOnDark)) {
      forget_pin();
    }
    if (record_ui::wide_button("##forget_cancel", t("lock.forget.cancel"))) {
      confirm_forget_ = false;
    }
    return;
  }

  ImGui::TextWrapped("%s", t("lock.locked.title"));
  ui::heading(t("lock.locked.title"), 2);
  ImGui::PopFont();
  ImGui::TextWrapped("%s", t("lock.locked.intro"));
  ui::text(t("lock.locked.intro"));
  ImGui::Spacing();
  const std::optional<std::string> passkey = vault_->passkey_id();
  if (passkey) {
    ImGui::TextWrapped("%s", t("lock.passkey.on"));
    ui::text(t("lock.passkey.on"));
  }
  const bool waiting = now_seconds() < vault_->retry_at();
  ImGui::BeginDisabled(waiting || passkey_pending_);
  const bool submit = draw_pin_field("##pin", t("lock.pin"), pin_, sizeof pin_, true);
  if (record_ui::wide_button("##unlock", t("lock.unlock"), &theme::kSelected, &theme::kOnDark) || submit) {
    request_unlock(UnlockWith::pin);
  }
  if (!passkey && passkeys_offered() && !vault_->key_scheme_known() &&
      record_ui::wide_button("##unlock_found", t("lock.passkey.unlock_found"))) {
    request_unlock(UnlockWith::found_passkey); // the file that names the passkey is lost
  }
  if (!passkey && passkeys_offered() && record_ui::wide_button("##unlock_enrol", t("lock.passkey.unlock_enrol"))) {
    request_unlock(UnlockWith::enrol_passkey);
  }
  ImGui::EndDisabled();
  message();
  ImGui::Spacing();
  if (record_ui::wide_button("##forgot", t("lock.forgot"))) {
    confirm_forget_ = true;
    lock_message_.clear();
  }
}

// On the records list: lock now, or change the PIN.
void App::draw_pin_change() {
  if (!pin_change_open_) {
    const char *lock_label = t("lock.lock");
    const char *change_label = t("lock.change.open");
    if (ImGui::Button(lock_label, ImVec2(0.0f, record_ui::touch_height()))) {
      lock_records();
      return;
    }
    record_ui::flow(record_ui::button_width(change_label));
    if (ImGui::Button(change_label, ImVec2(0.0f, record_ui::touch_height()))) {
      pin_change_open_ = true;
      lock_message_.clear();
    }
    if (!lock_message_.empty()) {
      ImGui::TextWrapped("%s", lock_message_.c_str()); // "Pincode gewijzigd."
      ui::text_item(ui::Role::status, lock_message_);
    }
    return;
  }
  ImGui::SeparatorText(t("lock.change.open"));
  ui::heading(t("lock.change.open"), 2);
  draw_pin_field("##current_pin", t("lock.change.current"), pin_current_, sizeof pin_current_, false);
  draw_pin_field("##new_pin", t("lock.new_pin"), pin_, sizeof pin_, false);
  const bool submit = draw_pin_field("##repeat_pin", t("lock.repeat_pin"), pin_repeat_, sizeof pin_repeat_, true);
  if (!lock_message_.empty()) {
    record_ui::text_wrapped_coloured(theme::kWarningText, lock_message_);
  }
  if (record_ui::wide_button("##change_pin", t("lock.change.button"), &theme::kSelected, &theme::kOnDark) || submit) {
    change_pin(pin_current_, pin_, pin_repeat_);
  }
  if (record_ui::wide_button("##change_cancel", t("lock.forget.cancel"))) {
    pin_change_open_ = false;
    lock_message_.clear();
    clear_pin_fields();
  }
  ImGui::Separator();
}

} // namespace veldwijzer
