// municipality_picker.cpp — the header's "Gemeente" choice, remembered on the device.
#include "veldwijzer/app.h"

#include "veldwijzer/ui_snapshot.h"

#include "imgui.h"

namespace veldwijzer {

bool App::draw_municipality_picker() {
  if (!data_) {
    return false;
  }
  const std::string current =
      municipality_.empty() ? std::string(t("municipality.choose")) : municipality_name(municipality_);
  bool changed = false;
  const std::string label = std::string("##") + t("municipality.label");
  ui::describe_next(ui::Role::combobox, std::string(t("municipality.label")) + ": " + current);
  if (ImGui::BeginCombo(label.c_str(), current.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (const Municipality &m : data_->region.municipalities) {
      const bool selected = m.code == municipality_;
      // Rows as tall as a fingertip.
      if (ImGui::Selectable(m.name.c_str(), selected, 0, ImVec2(0.0f, ImGui::GetFrameHeight()))) {
        set_municipality(m.code);
        changed = true;
      }
      ui::describe_last(ui::Role::option, {}, selected ? ui::kSelected : 0);
      if (selected) {
        ImGui::SetItemDefaultFocus();
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

} // namespace veldwijzer
