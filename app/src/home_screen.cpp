// home_screen.cpp — the start screen: what Veldwijzer does and its parts.
#include "veldwijzer/app.h"

#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "imgui.h"

#include <array>

namespace veldwijzer {

void App::draw_home() {
  ImGui::Spacing();
  ImGui::TextWrapped("%s", t("home.intro"));
  ui::text(t("home.intro"));
  ImGui::Spacing();

  struct Part {
    const char *title_key;
    const char *body_key;
    const char *action_key;
    Screen target;
  };
  constexpr std::array<Part, 4> kParts = {{
      {"home.part.directory.title", "home.part.directory.body", "home.part.directory.open", Screen::search},
      {"home.part.routes.title", "home.part.routes.body", "home.part.routes.open", Screen::routes},
      {"home.part.checklist.title", "home.part.checklist.body", "home.part.checklist.open", Screen::records},
      {"home.part.sync.title", "home.part.sync.body", "home.part.sync.open", Screen::sync},
  }};

  // Two columns on a tablet, one on a narrow window.
  const float available = ImGui::GetContentRegionAvail().x;
  const int columns = available >= 700.0f ? 2 : 1;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float card_width = (available - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);

  for (std::size_t i = 0; i < kParts.size(); ++i) {
    const Part &part = kParts[i];
    if (i % static_cast<std::size_t>(columns) != 0) {
      ImGui::SameLine();
    }
    ImGui::PushID(static_cast<int>(i));
    // Cards grow with their text (larger-text setting, English), never clip it.
    // NavFlattened: Tab goes straight to the card's button, not to the card.
    if (ImGui::BeginChild("##part", ImVec2(card_width, 0.0f), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY,
                          ImGuiWindowFlags_NavFlattened)) {
      ImGui::PushFont(ui_fonts().title);
      ImGui::TextWrapped("%s", t(part.title_key));
      ui::heading(t(part.title_key), 2);
      ImGui::PopFont();
      ImGui::TextWrapped("%s", t(part.body_key));
      ui::text(t(part.body_key));
      ImGui::Spacing();
      if (ImGui::Button(t(part.action_key))) {
        switch (part.target) {
        case Screen::search:
          show_search();
          break;
        case Screen::records:
          show_records();
          break;
        case Screen::sync:
          show_sync();
          break;
        default:
          show_routes();
          break;
        }
      }
    }
    ImGui::EndChild();
    ImGui::PopID();
  }
}

} // namespace veldwijzer
