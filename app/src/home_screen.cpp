// home_screen.cpp — the start screen: what Veldwijzer does and its three parts.
#include "veldwijzer/app.h"

#include "veldwijzer/ui_font.h"

#include "imgui.h"

#include <array>

namespace veldwijzer {

void App::draw_home() {
  ImGui::Spacing();
  ImGui::TextWrapped("%s", t("home.intro"));
  ImGui::Spacing();

  struct Part {
    const char *title_key;
    const char *body_key;
  };
  constexpr std::array<Part, 3> kParts = {{
      {"home.part.directory.title", "home.part.directory.body"},
      {"home.part.checklist.title", "home.part.checklist.body"},
      {"home.part.sync.title", "home.part.sync.body"},
  }};

  // Side by side on a landscape tablet, stacked in portrait.
  const float available = ImGui::GetContentRegionAvail().x;
  const bool side_by_side = available >= 880.0f;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float card_width = side_by_side ? (available - 2.0f * spacing) / 3.0f : available;
  const float card_height = ImGui::GetTextLineHeightWithSpacing() * (side_by_side ? 8.0f : 5.5f);

  for (std::size_t i = 0; i < kParts.size(); ++i) {
    if (side_by_side && i > 0) {
      ImGui::SameLine();
    }
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::BeginChild("##part", ImVec2(card_width, card_height), ImGuiChildFlags_Border)) {
      ImGui::PushFont(ui_fonts().title);
      ImGui::TextWrapped("%s", t(kParts[i].title_key));
      ImGui::PopFont();
      ImGui::TextWrapped("%s", t(kParts[i].body_key));
      ImGui::Spacing();
      ImGui::TextDisabled("%s", t("home.part.not_yet"));
    }
    ImGui::EndChild();
    ImGui::PopID();
  }
}

} // namespace veldwijzer
