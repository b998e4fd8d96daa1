// about_window.cpp — "Over Veldwijzer": versions, local database state, font test.
#include "veldwijzer/app.h"

#include "veldwijzer/local_store.h"
#include "veldwijzer/ui_snapshot.h"

#include "imgui.h"

namespace veldwijzer {

void App::draw_about() {
  if (!about_open_) {
    return;
  }
  const ImGuiViewport *viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  // Fixed width, height fitted to the content (wrapped text needs the width first).
  const float width = viewport->WorkSize.x < 640.0f ? viewport->WorkSize.x - 24.0f : 600.0f;
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0.0f), ImVec2(width, viewport->WorkSize.y - 24.0f));
  // "###about" keeps one window identity while the title changes language.
  const std::string title = std::string(t("about.title")) + "###about";
  if (ImGui::Begin(title.c_str(), &about_open_,
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                       ImGuiWindowFlags_AlwaysAutoResize)) {
    if (ImGui::BeginTable("##facts", 2)) {
      // Labels keep their width; values take the rest and wrap.
      ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("##value", ImGuiTableColumnFlags_WidthStretch);
      const auto row = [](const char *label, const std::string &value) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(label);
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", value.c_str());
        ui::text(std::string(label) + ": " + value);
      };
      row(t("about.version"), VELDWIJZER_VERSION);
      row(t("about.sqlite"), std::string(LocalStore::sqlite_version()));
      std::string database;
      switch (store_status_.state) {
      case StoreStatus::State::loading:
        database = t("store.loading");
        break;
      case StoreStatus::State::open:
        database = t("store.ok");
        break;
      case StoreStatus::State::failed:
        database = std::string(t(store_status_.problem_key)) + " (" + store_status_.detail + ")";
        break;
      }
      row(t("about.database"), database);
      if (store_status_.state == StoreStatus::State::open) {
        row(t("about.schema"), std::to_string(store_status_.schema_version));
      }
      row(t("about.font_sample"), t("about.font_sample_text"));
      ImGui::EndTable();
    }
    ImGui::SeparatorText(t("display.title"));
    ui::heading(t("display.title"), 2);
    Appearance appearance = appearance_;
    bool changed = ImGui::Checkbox(t("display.larger_text"), &appearance.larger_text);
    changed |= ImGui::Checkbox(t("display.high_contrast"), &appearance.high_contrast);
    if (changed) {
      set_appearance(appearance);
    }
    ImGui::Spacing();
    ImGui::TextWrapped("%s", t("about.privacy"));
    ui::text(t("about.privacy"));
    ImGui::Spacing();
    if (ImGui::Button(t("about.close"))) {
      about_open_ = false;
    }
  }
  ImGui::End();
}

} // namespace veldwijzer
