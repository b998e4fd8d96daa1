// record_banners.cpp — what the record screens show above their content: the
// acute-safety banner (first, above everything), a problem the store
// reported, why records are unavailable, and a record's heading. Also the
// notice every screen shows after the public file was rebuilt.
#include "veldwijzer/app.h"

#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "record_widgets.h"

#include "imgui.h"

namespace veldwijzer {
namespace {
constexpr const char *kAcuteRoute = "route-acuut-gevaar";
} // namespace

void App::draw_acute_banner() {
  const OpenRecord *open = open_record();
  if (open == nullptr || !open->outcome.acute) {
    return;
  }
  const ReferralRoute *route = data_ ? data_->routes.find(kAcuteRoute) : nullptr;
  const std::string text =
      std::string(t("record.acute.title")) + "\n" +
      fill(t("record.acute.open_route"), route != nullptr ? route->title.in(language_) : kAcuteRoute);
  ImGui::PushFont(ui_fonts().title);
  const bool pressed = record_ui::wide_button("##acute_route", text, &theme::kAcute, &theme::kOnDark);
  ImGui::PopFont();
  ui::announce_change("record.acute", t("record.acute.title"), true); // said at once, interrupting
  if (pressed) {
    // The route's local services are those of the client's municipality.
    if (const std::string &code = open->record.summary.municipality; code != municipality_) {
      set_municipality(code);
    }
    show_route(kAcuteRoute);
  }
}

void App::draw_problem() {
  if (!problem_) {
    return;
  }
  if (ImGui::BeginChild("##problem_box", ImVec2(0.0f, 0.0f), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY,
                        ImGuiWindowFlags_NavFlattened)) { // Tab reaches its button directly
    record_ui::text_wrapped_coloured(theme::kWarningText, t(problem_->key));
    if (!problem_->detail.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
      const std::string detail = fill(t("problem.detail"), problem_->detail);
      ImGui::TextWrapped("%s", detail.c_str());
      ui::text(detail);
      ImGui::PopStyleColor();
    }
    if (ImGui::Button(t("problem.dismiss"), ImVec2(0.0f, record_ui::touch_height()))) {
      problem_.reset();
    }
  }
  ImGui::EndChild();
}

// Said in Dutch and then in English: the language chosen was one of the
// settings the damaged file took with it. Shown until closed.
void App::draw_rebuilt_notice() {
  if (!rebuilt_notice_) {
    return;
  }
  constexpr std::string_view kKey = "store.rebuilt";
  (void)t(kKey); // a missing key is noted for the tests like any other
  if (ImGui::BeginChild("##rebuilt_box", ImVec2(0.0f, 0.0f), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY,
                        ImGuiWindowFlags_NavFlattened)) {
    for (const Language language : kLanguages) {
      record_ui::text_wrapped_coloured(theme::kWarningText, translations_.text(kKey, language));
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    const std::string detail = fill(t("problem.detail"), store_status_.detail);
    ImGui::TextWrapped("%s", detail.c_str());
    ui::text(detail);
    ImGui::PopStyleColor();
    if (ImGui::Button(t("problem.dismiss"), ImVec2(0.0f, record_ui::touch_height()))) {
      rebuilt_notice_ = false;
    }
  }
  ImGui::EndChild();
}

bool App::draw_records_unavailable() {
  if (records_) {
    return false;
  }
  if (vault_ != nullptr && store_status_.state != StoreStatus::State::failed) {
    draw_lock_screen();
  } else if (store_status_.state == StoreStatus::State::failed) {
    record_ui::text_wrapped_coloured(theme::kWarningText, t("records.store_failed"));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    const std::string detail =
        fill(t("problem.detail"), std::string(t(store_status_.problem_key)) + " (" + store_status_.detail + ")");
    ImGui::TextWrapped("%s", detail.c_str());
    ui::text(detail);
    ImGui::PopStyleColor();
  } else {
    ImGui::TextWrapped("%s", t("records.store_loading"));
    ui::text_item(ui::Role::status, t("records.store_loading"));
  }
  return true;
}

void App::draw_record_heading(const OpenRecord &open, const char *title) {
  const RecordSummary &s = open.record.summary;
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextWrapped("%s", title);
  ui::heading(title);
  ImGui::PopFont();
  const std::string meta = municipality_name(s.municipality) + " · " + age_band_text(s.age_band) + " · " +
                           fill(t("record.visit_day"), record_ui::display_day(s.visit_date));
  ImGui::TextWrapped("%s", meta.c_str());
  ui::text(meta);
  const std::string status_key = "record.status." + std::string(record_status_code(s.status));
  const std::string status = fill(t("record.status"), t(status_key));
  ImGui::TextDisabled("%s", status.c_str());
  ui::text_item(ui::Role::status, status);
}

} // namespace veldwijzer
