// new_record_screen.cpp — "Nieuwe checklist": which checklist, which
// municipality, the client's age (years and months with +/- steppers, or
// pregnant) and the age band it gives; the visit day is today in Dutch time.
// A band the checklist is not meant for is refused here, with the reason.
#include "veldwijzer/app.h"

#include "veldwijzer/age_band.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "record_widgets.h"

#include "imgui.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace veldwijzer {
namespace {

// "–  [ 7 ]  +" for a whole number in 0..max; true when it changed. name:
// what the field is ("Jaren"), for a screen reader.
bool stepper(const char *id, const char *name, int &value, int max) {
  ImGui::PushID(id);
  bool changed = false;
  ImGui::BeginDisabled(value <= 0);
  if (record_ui::step_button("–###minus")) {
    value = std::max(0, value - 1);
    changed = true;
  }
  ui::describe_last(ui::Role::button, std::string(name) + " −1");
  ImGui::EndDisabled();
  ImGui::SameLine();
  char text[8];
  std::snprintf(text, sizeof text, "%d", value);
  ImGui::SetNextItemWidth(4.0f * ImGui::GetFontSize());
  // As tall as the buttons beside it: one finger target.
  const float pad = (record_ui::touch_height() - ImGui::GetFrameHeight()) * 0.5f;
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                      ImVec2(ImGui::GetStyle().FramePadding.x, ImGui::GetStyle().FramePadding.y + pad));
  if (ImGui::InputText("##value", text, sizeof text, ImGuiInputTextFlags_CharsDecimal)) {
    value = std::clamp(std::atoi(text), 0, max);
    changed = true;
  }
  ui::describe_last(ui::Role::textbox, name, ui::kNumeric, text);
  ImGui::PopStyleVar();
  ImGui::SameLine();
  ImGui::BeginDisabled(value >= max);
  if (record_ui::step_button("+###plus")) {
    value = std::min(max, value + 1);
    changed = true;
  }
  ui::describe_last(ui::Role::button, std::string(name) + " +1");
  ImGui::EndDisabled();
  ImGui::PopID();
  return changed;
}

} // namespace

void App::draw_new_record() {
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextWrapped("%s", t("new_record.title"));
  ui::heading(t("new_record.title"));
  ImGui::PopFont();
  if (draw_records_unavailable()) {
    return;
  }
  const std::vector<const Checklist *> installed = checklists_.installed();
  if (installed.empty()) {
    record_ui::text_wrapped_coloured(theme::kWarningText, t("new_record.no_checklists"));
    return;
  }
  const Checklist *chosen =
      new_record_.checklist_id.empty() ? installed.front() : checklists_.latest(new_record_.checklist_id);
  if (chosen == nullptr) {
    chosen = installed.front();
  }

  ImGui::SeparatorText(t("new_record.checklist"));
  ui::heading(t("new_record.checklist"), 2);
  ui::begin_group(ui::Role::radiogroup, t("new_record.checklist"));
  for (const Checklist *checklist : installed) {
    const bool selected = checklist == chosen;
    std::string bands;
    for (const std::string &band : checklist->age_bands) {
      bands += (bands.empty() ? "" : ", ") + age_band_text(band);
    }
    const std::string text = checklist->title.in(language_) + "\n" + checklist->description.in(language_) + "\n" +
                             fill(t("new_record.for_bands"), bands);
    const std::string id = "##checklist_" + checklist->id;
    if (record_ui::wide_button(id.c_str(), text, selected ? &theme::kSelected : nullptr,
                               selected ? &theme::kOnDark : nullptr, selected)) {
      new_record_.checklist_id = checklist->id;
    }
    ui::describe_last(ui::Role::radio, {}, selected ? ui::kChecked : 0);
  }
  ui::end_group();

  ImGui::SeparatorText(t("new_record.municipality"));
  ui::heading(t("new_record.municipality"), 2);
  const std::string municipality = new_record_.municipality.empty() ? municipality_ : new_record_.municipality;
  if (data_) {
    const std::string current =
        municipality.empty() ? std::string(t("municipality.choose")) : municipality_name(municipality);
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 320.0f * appearance_.text_scale()));
    const float pad = (record_ui::touch_height() - ImGui::GetFrameHeight()) * 0.5f;
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(ImGui::GetStyle().FramePadding.x, ImGui::GetStyle().FramePadding.y + pad));
    ui::describe_next(ui::Role::combobox, std::string(t("new_record.municipality")) + ": " + current);
    const bool open = ImGui::BeginCombo("##record_municipality", current.c_str(), ImGuiComboFlags_HeightLarge);
    ImGui::PopStyleVar();
    if (open) {
      for (const Municipality &m : data_->region.municipalities) {
        if (ImGui::Selectable(m.name.c_str(), m.code == municipality, 0, ImVec2(0.0f, record_ui::touch_height()))) {
          new_record_.municipality = m.code;
        }
        ui::describe_last(ui::Role::option, {}, m.code == municipality ? ui::kSelected : 0);
      }
      ImGui::EndCombo();
    }
  }

  ImGui::SeparatorText(t("new_record.age"));
  ui::heading(t("new_record.age"), 2);
  draw_age_fields();
  const auto band = age_band({new_record_.prenatal, new_record_.years, new_record_.months});
  bool can_create = !municipality.empty();
  if (!band) {
    record_ui::text_wrapped_coloured(theme::kWarningText, t("new_record.age_impossible"));
    can_create = false;
  } else {
    const std::string band_text = fill(t("new_record.band"), age_band_text(*band));
    ImGui::TextWrapped("%s", band_text.c_str());
    ui::text_item(ui::Role::status, band_text);
    if (!chosen->allows_age_band(*band)) {
      can_create = false;
      std::string message = fill(fill(t("new_record.band_refused"), chosen->title.in(language_)), age_band_text(*band));
      for (const Checklist *other : installed) {
        if (other != chosen && other->allows_age_band(*band)) {
          message += " " + fill(t("new_record.band_other"), other->title.in(language_));
          break;
        }
      }
      record_ui::text_wrapped_coloured(theme::kWarningText, message);
    }
  }
  if (municipality.empty()) {
    record_ui::text_wrapped_coloured(theme::kWarningText, t("new_record.choose_municipality"));
  }
  const std::string visit_day =
      fill(t("new_record.visit_day"), record_ui::display_day(record_ui::iso_day(local_now())));
  ImGui::TextWrapped("%s", visit_day.c_str());
  ui::text(visit_day);
  draw_clock_warning();
  ImGui::Spacing();
  ImGui::BeginDisabled(!can_create);
  if (record_ui::wide_button("##create", t("new_record.create"), &theme::kSelected, &theme::kOnDark)) {
    create_record();
  }
  ImGui::EndDisabled();
}

// Pregnant, or years and months: a nurse may enter "7 maanden" or "2 jaar".
void App::draw_age_fields() {
  if (record_ui::answer_button(t("new_record.prenatal"), new_record_.prenatal)) {
    new_record_.prenatal = !new_record_.prenatal;
  }
  ui::describe_last(ui::Role::checkbox, {}, new_record_.prenatal ? ui::kChecked : 0);
  if (new_record_.prenatal) {
    return;
  }
  const char *years = t("new_record.years");
  const char *months = t("new_record.months");
  const float stepper_width = ImGui::CalcTextSize(months).x + record_ui::touch_height() * 1.3f * 2.0f +
                              4.0f * ImGui::GetFontSize() + 3.0f * ImGui::GetStyle().ItemSpacing.x;
  record_ui::touch_label(years);
  ImGui::SameLine();
  stepper("years", years, new_record_.years, 120);
  record_ui::flow(stepper_width);
  record_ui::touch_label(months);
  ImGui::SameLine();
  stepper("months", months, new_record_.months, 120 * 12);
}

} // namespace veldwijzer
