// record_list_screen.cpp — "Mijn registraties": the records on this device,
// newest first, with their status and when they will be removed, and the
// prominent "Nieuwe checklist" button. A tap on a row opens the record.
#include "veldwijzer/app.h"

#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "record_widgets.h"

#include "imgui.h"

namespace veldwijzer {
namespace {
constexpr std::int64_t kDay = 24 * 60 * 60;
} // namespace

void App::draw_records() {
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextWrapped("%s", t("records.title"));
  ui::heading(t("records.title"));
  ImGui::PopFont();
  if (storage_persisted_ == false) {
    // The browser may clear this site's data when the tablet runs short of space.
    if (ImGui::BeginChild("##persistence_notice", ImVec2(0.0f, 0.0f),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY)) {
      record_ui::text_wrapped_coloured(theme::kWarningText, t("records.not_persistent"));
    }
    ImGui::EndChild();
  }
  if (draw_records_unavailable()) {
    return;
  }
  if (record_ui::wide_button("##new_record", t("records.new"), &theme::kSelected, &theme::kOnDark)) {
    show_new_record();
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  const std::string retention = fill(fill(t("records.retention"), std::to_string(retention_.draft_days)),
                                     std::to_string(retention_.counted_days));
  ImGui::TextWrapped("%s", retention.c_str());
  ui::text(retention);
  ImGui::PopStyleColor();
  draw_pin_change();

  refresh_record_list();
  if (record_list_.empty()) {
    ImGui::Spacing();
    ImGui::TextWrapped("%s", t("records.empty"));
    ui::text(t("records.empty"));
    return;
  }
  std::string opened;
  for (const RecordSummary &record : record_list_) {
    if (draw_record_row(record)) {
      opened = record.id;
    }
  }
  if (!opened.empty()) {
    show_record(opened);
  }
}

// One record as a tappable row of up to four wrapped lines; true when tapped.
bool App::draw_record_row(const RecordSummary &record) {
  const ImGuiStyle &style = ImGui::GetStyle();
  ImGui::PushID(record.id.c_str());
  ImDrawList *draw = ImGui::GetWindowDrawList();
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  // Text above (channel 1), the row's button beneath it (channel 0): the
  // row's height follows its wrapped text, so nothing is clipped.
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(top.x + style.FramePadding.x, top.y + style.FramePadding.y));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - style.FramePadding.x * 2.0f);
  const std::string title = checklist_title(record.checklist_id, record.checklist_version);
  ImGui::TextUnformatted(title.c_str());
  const std::string meta = record_ui::display_day(record.visit_date) + " · " + municipality_name(record.municipality) +
                           " · " + age_band_text(record.age_band);
  ImGui::TextUnformatted(meta.c_str());
  const std::string status_key = "record.status." + std::string(record_status_code(record.status));
  std::string status = t(status_key);
  if (record.status == RecordStatus::draft) {
    const Checklist *checklist = checklists_.find(record.checklist_id, record.checklist_version);
    const std::string total = checklist != nullptr ? std::to_string(checklist->item_count()) : "?";
    status += " · " + fill(fill(t("records.answered"), std::to_string(record.answered)), total);
    ImGui::TextUnformatted(status.c_str());
  } else {
    status += " · " + std::string(t("records.highest"));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(status.c_str());
    record_ui::flow(ImGui::CalcTextSize(t(record_ui::level_key(record.highest))).x + style.FramePadding.x * 2.0f);
    record_ui::level_badge(record.highest, t(record_ui::level_key(record.highest)));
  }
  std::string removal;
  if (const auto when = record_removal_time(record, retention_); !when) {
    removal = t("records.removed_when_counted");
  } else {
    const std::int64_t left = *when - now_seconds();
    const std::int64_t days = left <= 0 ? 0 : (left + kDay - 1) / kDay;
    removal = days <= 0   ? std::string(t("records.removed_today"))
              : days == 1 ? std::string(t("records.removed_in_one_day"))
                          : fill(t("records.removed_in_days"), std::to_string(days));
  }
  ImGui::PushStyleColor(ImGuiCol_Text, style.Colors[ImGuiCol_TextDisabled]);
  ImGui::TextUnformatted(removal.c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  const float height = std::max(ImGui::GetItemRectMax().y - top.y + style.FramePadding.y, record_ui::touch_height());

  draw->ChannelsSetCurrent(0);
  ImGui::SetCursorScreenPos(top);
  const bool tapped = ImGui::Selectable("##row", false, 0, ImVec2(width, height));
  // The row as one link, read in the order it is shown.
  std::string level;
  if (record.status != RecordStatus::draft) {
    level = std::string(" ") + t(record_ui::level_key(record.highest));
  }
  ui::describe_last(ui::Role::link, title + " · " + meta + " · " + status + level + " · " + removal);
  draw->AddRect(top, ImVec2(top.x + width, top.y + height), ImGui::GetColorU32(ImGuiCol_Border), style.FrameRounding);
  draw->ChannelsMerge();
  ImGui::PopID();
  return tapped;
}

} // namespace veldwijzer
