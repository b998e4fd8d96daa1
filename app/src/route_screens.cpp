// route_screens.cpp — referral routes: the list (acute first) and one route
// as numbered steps with the services of the chosen municipality.
#include "veldwijzer/app.h"

#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "record_widgets.h"

#include "imgui.h"

namespace veldwijzer {
namespace {
const ImVec4 kWhite(1.0f, 1.0f, 1.0f, 1.0f);
} // namespace

void App::draw_routes() {
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextUnformatted(t("routes.title"));
  ui::heading(t("routes.title"));
  ImGui::PopFont();
  if (!data_) {
    ImGui::TextWrapped("%s", t("data.error"));
    ui::text(t("data.error"));
    return;
  }
  if (municipality_.empty()) {
    record_ui::text_wrapped_coloured(theme::kWarningText, t("routes.choose_municipality"));
  }
  // Acute routes above everything else, in red.
  for (const bool acute : {true, false}) {
    for (const ReferralRoute &route : data_->routes.routes) {
      if (route.acute != acute) {
        continue;
      }
      if (acute) {
        ImGui::PushStyleColor(ImGuiCol_Button, theme::kAcute);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kAcuteHovered);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, theme::kAcuteHovered);
        ImGui::PushStyleColor(ImGuiCol_Text, kWhite);
      }
      const std::string label = (acute ? std::string(t("routes.acute")) + " · " : std::string()) +
                                route.title.in(language_) + "##" + route.id;
      const bool open = ImGui::Button(label.c_str(), ImVec2(-FLT_MIN, 0.0f));
      ui::describe_last(ui::Role::link);
      if (open) {
        show_route(route.id);
      }
      if (acute) {
        ImGui::PopStyleColor(4);
      }
    }
  }
}

void App::draw_route() {
  const ReferralRoute *route = data_ ? data_->routes.find(history_.back().id) : nullptr;
  if (route == nullptr) {
    ImGui::TextWrapped("%s", t("service.not_found"));
    ui::text(t("service.not_found"));
    return;
  }
  ImGui::PushFont(ui_fonts().title);
  if (route->acute) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kAcute);
  }
  ImGui::TextWrapped("%s", route->title.in(language_).c_str());
  ui::heading(route->title.in(language_));
  ui::announce_change("route", route->title.in(language_)); // a route opened
  if (route->acute) {
    ImGui::PopStyleColor();
  }
  ImGui::PopFont();
  if (!route->summary.nl.empty()) {
    ImGui::TextWrapped("%s", route->summary.in(language_).c_str());
    ui::text(route->summary.in(language_));
  }
  if (municipality_.empty()) {
    record_ui::text_wrapped_coloured(theme::kWarningText, t("routes.choose_municipality"));
  }
  const std::string place = municipality_name(municipality_);
  const auto steps = resolve_route(*route, data_->directory, municipality_);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const ResolvedStep &step = steps[i];
    ImGui::PushID(static_cast<int>(i));
    const std::string step_title = fill(t("routes.step"), std::to_string(i + 1));
    ImGui::SeparatorText(step_title.c_str());
    ui::heading(step_title, 2);
    ImGui::TextWrapped("%s", step.step->text.in(language_).c_str());
    ui::text(step.step->text.in(language_));
    for (const Service *s : step.services) {
      std::string label = "› " + s->name;
      if (!s->phones.empty()) {
        label += "  (" + s->phones.front().number + ")";
      }
      if (step.outside_municipality && !municipality_.empty()) {
        label += "  " + fill(t("routes.outside"), place);
      }
      // One line when it fits; a long name with large text wraps in a wide button.
      const bool fits = record_ui::button_width(label.c_str()) <= ImGui::GetContentRegionAvail().x;
      const std::string id = "##" + s->id;
      const bool open = fits ? ImGui::Button((label + id).c_str()) : record_ui::wide_button(id.c_str(), label);
      ui::describe_last(ui::Role::link);
      if (open) {
        show_service(s->id);
      }
    }
    if (!municipality_.empty()) {
      for (const std::string &role : step.unresolved_roles) {
        const char *what = t(role == "@wijkteam" ? "routes.role.wijkteam" : "routes.role.welzijn");
        std::string message = fill(t("routes.no_local"), what);
        message = fill(message, place);
        record_ui::text_wrapped_coloured(theme::kWarningText, message);
      }
    }
    ImGui::PopID();
  }
}

} // namespace veldwijzer
