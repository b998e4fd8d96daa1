// app.cpp — the frame loop of the screens: header, current screen, dialogs.
#include "veldwijzer/app.h"

#include "veldwijzer/ui_font.h"

#include "imgui.h"

namespace veldwijzer {

App::App(Translations translations) : translations_(std::move(translations)) {}

const char *App::t(std::string_view key) {
  if (translations_.contains(key)) {
    // Table entries are whole std::strings, so their data() is NUL-terminated.
    return translations_.text(key, language_).data();
  }
  return missing_keys_.emplace(key).first->c_str();
}

void App::frame() {
  const ImGuiViewport *viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  constexpr ImGuiWindowFlags kScreenFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                            ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("##screen", nullptr, kScreenFlags)) {
    draw_header();
    draw_home();
  }
  ImGui::End();
  draw_about();
}

void App::draw_header() {
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextUnformatted(t("app.title"));
  ImGui::PopFont();

  // Right-aligned actions: language switch and "Over Veldwijzer".
  const ImGuiStyle &style = ImGui::GetStyle();
  const char *language_label = t("menu.language");
  const char *about_label = t("menu.about");
  const float buttons_width = ImGui::CalcTextSize(language_label).x + ImGui::CalcTextSize(about_label).x +
                              4.0f * style.FramePadding.x + style.ItemSpacing.x;
  ImGui::SameLine(ImGui::GetContentRegionMax().x - buttons_width);
  if (ImGui::Button(language_label)) {
    language_ = language_ == Language::nl ? Language::en : Language::nl;
  }
  ImGui::SameLine();
  if (ImGui::Button(about_label)) {
    about_open_ = true;
  }
  ImGui::TextWrapped("%s", t("app.tagline"));
  ImGui::Separator();
}

} // namespace veldwijzer
