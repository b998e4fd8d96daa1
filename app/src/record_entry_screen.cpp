// record_entry_screen.cpp — filling in a checklist during the visit, domain by
// domain, with big answer buttons. Every tap is saved at once; the domain's
// level is scored live with the record's own checklist version. A completed
// record is shown read-only, with "Heropenen" while it is not yet counted.
#include "veldwijzer/app.h"

#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "record_widgets.h"

#include "imgui.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace veldwijzer {

void App::draw_record() {
  const OpenRecord *open = open_record();
  if (open == nullptr) {
    if (!draw_records_unavailable()) {
      draw_problem();
      record_ui::text_wrapped_coloured(theme::kWarningText, t("record.not_found"));
      ImGui::TextDisabled("%s", open_record_error_.c_str());
      ui::text(open_record_error_);
    }
    return;
  }
  // Acute unsafety first, above the scrolling part: it stays in view.
  draw_acute_banner();
  draw_problem();
  const RecordSummary &summary = open->record.summary;
  if (open->checklist == nullptr) {
    record_ui::text_wrapped_coloured(theme::kWarningText, t("record.version_missing"));
    ImGui::TextDisabled("%s v%d", summary.checklist_id.c_str(), summary.checklist_version);
    return;
  }
  const Checklist &checklist = *open->checklist;
  const bool editable = summary.status == RecordStatus::draft;
  const std::string id = summary.id;
  domain_ = std::min(domain_, checklist.domains.size() - 1);

  // What was tapped, applied after drawing (it reloads the record).
  std::optional<AnswerChange> change;
  std::optional<std::size_t> go_to_domain;
  bool reopen = false;
  bool to_summary = false;
  bool discard = false;

  // The body scrolls under the banner; it has the screen's background.
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.0f, 0.0f, 0.0f, 0.0f));
  const bool body_open =
      ImGui::BeginChild("##record_body", ImVec2(0.0f, 0.0f), ImGuiChildFlags_None,
                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NavFlattened); // Tab walks into it
  ImGui::PopStyleColor();
  if (body_open) {
    if (body_to_top_) {
      ImGui::SetScrollY(0.0f);
      body_to_top_ = false;
    }
    draw_record_heading(*open, checklist.title.in(language_).c_str());
    if (summary.status == RecordStatus::completed) {
      record_ui::text_wrapped_coloured(theme::kOpenText, t("record.completed_read_only"));
      reopen = record_ui::answer_button(t("record.reopen"), false);
    } else if (summary.status == RecordStatus::counted) {
      ImGui::TextWrapped("%s", t("record.counted_read_only"));
      ui::text(t("record.counted_read_only"));
    }

    // The domains as a row of buttons: code, and the level once there is one.
    ui::begin_group(ui::Role::tablist, checklist.title.in(language_));
    for (std::size_t d = 0; d < checklist.domains.size(); ++d) {
      const DomainOutcome &outcome = open->outcome.domains[d];
      std::string label = checklist.domains[d].id;
      if (outcome.level != SignalLevel::none) {
        label += std::string(" · ") + t(record_ui::level_key(outcome.level));
      }
      label += "###domain" + std::to_string(d);
      if (d > 0) {
        record_ui::flow(std::max(record_ui::button_width(label.c_str()), 6.0f * ImGui::GetFontSize()));
      }
      const bool complete = outcome.answered == static_cast<int>(checklist.domains[d].items.size());
      if (record_ui::touch_button(label.c_str(), d == domain_, complete)) {
        go_to_domain = d;
      }
      // Spoken with its title: "J4 Veiligheid thuis · zorg".
      std::string tab = checklist.domains[d].id + " " + checklist.domains[d].title.in(language_);
      if (outcome.level != SignalLevel::none) {
        tab += std::string(" · ") + t(record_ui::level_key(outcome.level));
      }
      ui::describe_last(ui::Role::tab, tab, d == domain_ ? ui::kSelected : 0);
    }
    ui::end_group();

    const ChecklistDomain &domain = checklist.domains[domain_];
    const DomainOutcome &outcome = open->outcome.domains[domain_];
    ImGui::Separator();
    ImGui::PushFont(ui_fonts().title);
    const std::string domain_title = domain.id + " " + domain.title.in(language_);
    ImGui::TextWrapped("%s", domain_title.c_str());
    ui::heading(domain_title, 2);
    ImGui::PopFont();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(t("record.level_now"));
    ui::text(t("record.level_now"));
    ImGui::SameLine();
    record_ui::level_badge(outcome.level, t(record_ui::level_key(outcome.level)));
    const std::string answered =
        fill(fill(t("record.domain_answered"), std::to_string(outcome.answered)), std::to_string(domain.items.size()));
    record_ui::flow(ImGui::CalcTextSize(answered.c_str()).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", answered.c_str());
    ui::text_item(ui::Role::status, answered);

    ImGui::BeginDisabled(!editable);
    for (const ChecklistItem &item : domain.items) {
      if (auto tapped = draw_record_item(item, open->record.answers)) {
        change = std::move(tapped);
      }
    }
    ImGui::EndDisabled();

    ImGui::Separator();
    if (domain_ > 0 && record_ui::answer_button(t("record.previous_domain"), false)) {
      go_to_domain = domain_ - 1;
    }
    if (domain_ + 1 < checklist.domains.size()) {
      if (domain_ > 0) {
        record_ui::flow(record_ui::button_width(t("record.next_domain")));
      }
      if (record_ui::answer_button(t("record.next_domain"), false)) {
        go_to_domain = domain_ + 1;
      }
    }
    const char *finish = t(editable ? "record.finish" : "record.to_summary");
    if (record_ui::wide_button("##to_summary", finish, &theme::kSelected, &theme::kOnDark)) {
      to_summary = true;
    }

    draw_local_fields(summary.status != RecordStatus::counted);
    discard = draw_discard(summary);
  }
  ImGui::EndChild();

  if (change) {
    answer_item(change->item_id, change->value);
  }
  if (reopen) {
    reopen_record();
  }
  if (go_to_domain) {
    domain_ = *go_to_domain;
    body_to_top_ = true; // the next domain starts at its first item
  }
  if (to_summary) {
    show_record_summary(id);
  }
  if (discard) {
    discard_record();
  }
}

// One item: its text, then the answer buttons for its kind. Returns the tap.
std::optional<App::AnswerChange> App::draw_record_item(const ChecklistItem &item, const Answers &answers) {
  const auto found = answers.find(item.id);
  const std::optional<int> answer = found != answers.end() ? std::optional<int>(found->second) : std::nullopt;
  std::optional<AnswerChange> change;
  const auto set = [&](std::optional<int> value) { change = AnswerChange{item.id, value}; };

  ImGui::PushID(item.id.c_str());
  ImGui::Spacing();
  ImGui::TextDisabled("%s", item.id.c_str());
  ImGui::SameLine();
  ImGui::TextWrapped("%s", item.text.in(language_).c_str());
  // The question names its answers: "J4.4 Kind vertelt ..., radio Ja".
  ui::begin_group(ui::Role::radiogroup, item.id + " " + item.text.in(language_));
  if (item.acute) {
    record_ui::text_wrapped_coloured(theme::kAcute, t("record.item.acute_hint"));
  }

  const auto unknown_button = [&](const char *key) {
    const std::string label = std::string(t(key)) + "###unknown";
    record_ui::flow(std::max(record_ui::button_width(label.c_str()), 6.0f * ImGui::GetFontSize()));
    if (record_ui::answer_button(label.c_str(), answer == kUnknown)) {
      set(kUnknown);
    }
    ui::describe_last(ui::Role::radio, {}, answer == kUnknown ? ui::kChecked : 0);
  };
  switch (item.kind) {
  case AnswerKind::yes_no: {
    const std::string yes = std::string(t("record.answer.yes")) + "###yes";
    const std::string no = std::string(t("record.answer.no")) + "###no";
    if (record_ui::answer_button(yes.c_str(), answer == 1)) {
      set(1);
    }
    ui::describe_last(ui::Role::radio, {}, answer == 1 ? ui::kChecked : 0);
    record_ui::flow(std::max(record_ui::button_width(no.c_str()), 6.0f * ImGui::GetFontSize()));
    if (record_ui::answer_button(no.c_str(), answer == 0)) {
      set(0);
    }
    ui::describe_last(ui::Role::radio, {}, answer == 0 ? ui::kChecked : 0);
    unknown_button("record.answer.unknown");
    break;
  }
  case AnswerKind::scale:
    for (const ScaleOption &option : item.options) {
      const std::string label = option.text.in(language_) + "###option" + std::to_string(option.value);
      if (option.value > 0) {
        record_ui::flow(std::max(record_ui::button_width(label.c_str()), 6.0f * ImGui::GetFontSize()));
      }
      if (record_ui::answer_button(label.c_str(), answer == option.value)) {
        set(option.value);
      }
      ui::describe_last(ui::Role::radio, {}, answer == option.value ? ui::kChecked : 0);
    }
    unknown_button("record.answer.unknown");
    break;
  case AnswerKind::score: {
    if (item.instrument) {
      const std::string about =
          item.instrument->name + " · " + fill(t("record.score.range"), std::to_string(item.min)) + "–" +
          std::to_string(item.max) + " · " + fill(t("record.score.cutoff"), std::to_string(item.instrument->cutoff));
      ImGui::TextWrapped("%s", about.c_str());
      ui::text(about);
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
      ImGui::TextWrapped("%s", item.instrument->citation.c_str());
      ui::text(item.instrument->citation);
      ImGui::PopStyleColor();
    }
    const bool known = answer && *answer != kUnknown;
    if (record_ui::step_button("–###minus")) {
      set(known ? std::max(item.min, *answer - 1) : item.min);
    }
    ui::describe_last(ui::Role::button, item.id + " −1");
    ImGui::SameLine();
    char text[8] = {};
    if (known) {
      std::snprintf(text, sizeof text, "%d", *answer);
    }
    ImGui::SetNextItemWidth(4.0f * ImGui::GetFontSize());
    const float pad = (record_ui::touch_height() - ImGui::GetFrameHeight()) * 0.5f;
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(ImGui::GetStyle().FramePadding.x, ImGui::GetStyle().FramePadding.y + pad));
    const bool typed = ImGui::InputTextWithHint("##score", "–", text, sizeof text, ImGuiInputTextFlags_CharsDecimal);
    ui::describe_last(ui::Role::textbox, item.id + " " + item.text.in(language_), ui::kNumeric, text);
    if (typed && text[0] != '\0') {
      const int value = std::atoi(text);
      if (value >= item.min && value <= item.max) { // out of range: not saved, the range is shown above
        set(value);
      }
    }
    ImGui::PopStyleVar();
    ImGui::SameLine();
    if (record_ui::step_button("+###plus")) {
      set(known ? std::min(item.max, *answer + 1) : item.min);
    }
    ui::describe_last(ui::Role::button, item.id + " +1");
    unknown_button("record.answer.not_done");
    break;
  }
  }
  if (answer) {
    const char *clear = t("record.answer.clear");
    record_ui::flow(std::max(record_ui::button_width(clear), 6.0f * ImGui::GetFontSize()));
    if (record_ui::answer_button(clear, false)) {
      set(std::nullopt);
    }
  }
  ui::end_group();
  ImGui::PopID();
  return change;
}

// The note and own reference: kept on this device only, never uploaded.
void App::draw_local_fields(bool editable) {
  ImGui::SeparatorText(t("record.local.title"));
  ui::heading(t("record.local.title"), 2);
  record_ui::text_wrapped_coloured(theme::kOpenText, t("record.local.stays"));
  ImGui::BeginDisabled(!editable);
  const float pad = (record_ui::touch_height() - ImGui::GetFrameHeight()) * 0.5f;
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                      ImVec2(ImGui::GetStyle().FramePadding.x, ImGui::GetStyle().FramePadding.y + pad));
  ImGui::TextWrapped("%s", t("record.local.reference"));
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 360.0f * appearance_.text_scale()));
  const bool reference_typed = ImGui::InputText("##reference", reference_, sizeof reference_);
  ui::describe_last(ui::Role::textbox, t("record.local.reference"), 0, reference_);
  if (reference_typed && records_) {
    records_written(records_->set_own_reference(open_record_id_, reference_, now_seconds()),
                    "records.problem.local_field");
  }
  ImGui::TextWrapped("%s", t("record.local.note"));
  const bool note_typed = ImGui::InputTextMultiline("##note", note_, sizeof note_,
                                                    ImVec2(-FLT_MIN, ImGui::GetTextLineHeightWithSpacing() * 4.0f));
  ui::describe_last(ui::Role::textbox, t("record.local.note"), ui::kMultiline, note_);
  if (note_typed && records_) {
    records_written(records_->set_note(open_record_id_, note_, now_seconds()), "records.problem.local_field");
  }
  ImGui::PopStyleVar();
  ImGui::EndDisabled();
}

// "Registratie verwijderen", confirmed once more. True: delete now.
bool App::draw_discard(const RecordSummary &record) {
  if (record.status == RecordStatus::counted) {
    return false;
  }
  ImGui::Separator();
  if (!confirm_discard_) {
    if (record_ui::answer_button(t("record.discard"), false)) {
      confirm_discard_ = true;
    }
    return false;
  }
  record_ui::text_wrapped_coloured(theme::kAcute, t("record.discard_confirm"));
  ImGui::PushStyleColor(ImGuiCol_Button, theme::kAcute);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kAcuteHovered);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, theme::kAcuteHovered);
  ImGui::PushStyleColor(ImGuiCol_Text, theme::kOnDark);
  const bool discard = record_ui::answer_button(t("record.discard_yes"), false);
  ImGui::PopStyleColor(4);
  record_ui::flow(record_ui::button_width(t("record.discard_cancel")));
  if (record_ui::answer_button(t("record.discard_cancel"), false)) {
    confirm_discard_ = false;
  }
  return discard;
}

} // namespace veldwijzer
