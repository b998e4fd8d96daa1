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
  // Centred every frame: it grows with a larger text size and must stay on
  // screen (its content scrolls inside it).
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  // Fixed width, height fitted to the content (wrapped text needs the width first).
  const float width = viewport->WorkSize.x < 640.0f ? viewport->WorkSize.x - 24.0f : 600.0f;
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0.0f), ImVec2(width, viewport->WorkSize.y - 24.0f));
  // "###about" keeps one window identity while the title changes language.
  const std::string title = std::string(t("about.title")) + "###about";
  if (ImGui::Begin(title.c_str(), &about_open_,
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
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
        database = store_status_.rebuilt ? fill(t("store.rebuilt.about"), store_status_.detail) : t("store.ok");
        break;
      case StoreStatus::State::failed:
        database = std::string(t(store_status_.problem_key)) + " (" + store_status_.detail + ")";
        break;
      }
      row(t("about.database"), database);
      if (store_status_.state == StoreStatus::State::open) {
        row(t("about.schema"), std::to_string(store_status_.schema_version));
      }
      // What a nurse can rely on at the door: the app without network, the records kept.
      const char *offline = "about.unknown";
      switch (offline_state_) {
      case OfflineState::unknown:
        break;
      case OfflineState::ready:
        offline = "about.yes";
        break;
      case OfflineState::unavailable:
        offline = "about.no";
        break;
      case OfflineState::insecure:
        offline = "about.offline.insecure";
        break;
      }
      row(t("about.offline"), t(offline));
      row(t("about.storage"), t(!storage_persisted_   ? "about.unknown"
                                : *storage_persisted_ ? "about.yes"
                                                      : "about.storage.no"));
      row(t("about.font_sample"), t("about.font_sample_text"));
      ImGui::EndTable();
    }
    ImGui::SeparatorText(t("display.title"));
    ui::heading(t("display.title"), 2);
    Appearance appearance = appearance_;
    bool changed = false;
    // Text sizes up to 200 % (WCAG 1.4.4); the screens wrap rather than clip.
    ImGui::TextUnformatted(t("display.text_size"));
    ui::begin_group(ui::Role::radiogroup, t("display.text_size"));
    for (const TextSize size : kTextSizes) {
      const std::string key = "display.text_size." + std::to_string(text_percent(size));
      const bool chosen = appearance.text_size == size;
      if (ImGui::RadioButton(t(key), chosen) && !chosen) {
        appearance.text_size = size;
        changed = true;
      }
      ui::describe_last(ui::Role::radio, {}, chosen ? ui::kChecked : 0);
    }
    ui::end_group();
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
