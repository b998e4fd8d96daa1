// record_summary_screen.cpp — a record's outcome: the level of every domain
// (colour and word), the suggested routes for each domain with a level (the
// acute route first), and "Afronden" / "Terug naar invullen"; once completed,
// "Heropenen" while the record is not yet counted.
#include "veldwijzer/app.h"

#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "record_widgets.h"

#include "imgui.h"

#include <algorithm>

namespace veldwijzer {

void App::draw_record_summary() {
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
  draw_acute_banner();
  draw_problem();
  const RecordSummary &summary = open->record.summary;
  if (open->checklist == nullptr) {
    record_ui::text_wrapped_coloured(theme::kWarningText, t("record.version_missing"));
    ImGui::TextDisabled("%s v%d", summary.checklist_id.c_str(), summary.checklist_version);
    return;
  }
  const Checklist &checklist = *open->checklist;
  const ChecklistOutcome &outcome = open->outcome;
  const std::string id = summary.id;
  const std::string municipality = summary.municipality; // summary dangles once the record reloads

  std::string route_opened;
  bool complete = false;
  bool reopen = false;
  bool back_to_entry = false;
  bool to_list = false;

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
    draw_record_heading(*open, fill(t("summary.title"), checklist.title.in(language_)).c_str());
    if (summary.status == RecordStatus::draft && outcome.answered < outcome.total) {
      record_ui::text_wrapped_coloured(
          theme::kWarningText,
          fill(fill(t("summary.unanswered"), std::to_string(outcome.answered)), std::to_string(outcome.total)));
    }

    ImGui::SeparatorText(t("summary.levels"));
    ui::heading(t("summary.levels"), 2);
    if (ImGui::BeginTable("##levels", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
      ImGui::TableSetupColumn("##domain", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn("##level", ImGuiTableColumnFlags_WidthFixed);
      for (const DomainOutcome &domain : outcome.domains) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string row = domain.domain->id + " " + domain.domain->title.in(language_);
        ImGui::TextWrapped("%s", row.c_str());
        ui::text(row);
        ImGui::TableNextColumn();
        record_ui::level_badge(domain.level, t(record_ui::level_key(domain.level)));
      }
      ImGui::EndTable();
    }

    ImGui::SeparatorText(t("summary.routes"));
    ui::heading(t("summary.routes"), 2);
    if (outcome.highest == SignalLevel::none) {
      ImGui::TextWrapped("%s", t("summary.no_routes"));
      ui::text(t("summary.no_routes"));
    }
    // Highest level first; the acute route leads when any domain is acute.
    std::vector<const DomainOutcome *> ordered;
    for (const DomainOutcome &domain : outcome.domains) {
      if (domain.level != SignalLevel::none) {
        ordered.push_back(&domain);
      }
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const DomainOutcome *a, const DomainOutcome *b) { return a->level > b->level; });
    for (const DomainOutcome *domain : ordered) {
      ImGui::PushID(domain->domain->id.c_str());
      ImGui::Spacing();
      const std::string domain_title = domain->domain->id + " " + domain->domain->title.in(language_);
      ImGui::TextWrapped("%s", domain_title.c_str());
      ui::heading(domain_title, 3);
      const char *level = t(record_ui::level_key(domain->level));
      record_ui::flow(ImGui::CalcTextSize(level).x + ImGui::GetStyle().FramePadding.x * 2.0f);
      record_ui::level_badge(domain->level, level);
      for (const std::string &route_id : domain->domain->routes_for(domain->level)) {
        const ReferralRoute *route = data_ ? data_->routes.find(route_id) : nullptr;
        // A route retired since this version was made: named, not offered.
        const std::string title =
            route != nullptr ? "› " + route->title.in(language_) : fill(t("summary.route_missing"), route_id);
        const bool acute = route != nullptr && route->acute;
        const std::string button_id = "##route_" + route_id;
        ImGui::BeginDisabled(route == nullptr);
        if (record_ui::wide_button(button_id.c_str(), title, acute ? &theme::kAcute : nullptr,
                                   acute ? &theme::kOnDark : nullptr)) {
          route_opened = route_id;
        }
        ui::describe_last(ui::Role::link);
        ImGui::EndDisabled();
      }
      ImGui::PopID();
    }

    ImGui::Separator();
    switch (summary.status) {
    case RecordStatus::draft:
      ImGui::TextWrapped("%s", t("summary.finish_explain"));
      ui::text(t("summary.finish_explain"));
      complete = record_ui::wide_button("##complete", t("summary.complete"), &theme::kSelected, &theme::kOnDark);
      back_to_entry = record_ui::answer_button(t("summary.back_to_entry"), false);
      break;
    case RecordStatus::completed:
      record_ui::text_wrapped_coloured(theme::kOpenText, t("summary.completed"));
      reopen = record_ui::answer_button(t("record.reopen"), false);
      record_ui::flow(record_ui::button_width(t("summary.to_list")));
      to_list = record_ui::answer_button(t("summary.to_list"), false);
      break;
    case RecordStatus::counted:
      ImGui::TextWrapped("%s", t("record.counted_read_only"));
      ui::text(t("record.counted_read_only"));
      to_list = record_ui::answer_button(t("summary.to_list"), false);
      break;
    }
  }
  ImGui::EndChild();

  if (complete) {
    complete_record();
  }
  if (reopen) {
    reopen_record();
  }
  if (!route_opened.empty()) {
    // The route's local services are those of the client's municipality.
    if (municipality != municipality_) {
      set_municipality(municipality);
    }
    show_route(route_opened);
  }
  if (back_to_entry) {
    const bool came_from_entry = history_.size() >= 2 && history_[history_.size() - 2].screen == Screen::record &&
                                 history_[history_.size() - 2].id == id;
    if (came_from_entry) {
      platform_.back ? platform_.back() : go_back();
    } else {
      show_record(id);
    }
  }
  if (to_list) {
    show_records();
  }
}

} // namespace veldwijzer
