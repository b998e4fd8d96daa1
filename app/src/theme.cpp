// theme.cpp — style values for tablets: 44 px touch targets, readable contrast.
#include "veldwijzer/theme.h"

#include "imgui.h"

namespace veldwijzer {

int text_percent(TextSize size) {
  switch (size) {
  case TextSize::normal:
    return 100;
  case TextSize::larger:
    return 135;
  case TextSize::large:
    return 170;
  case TextSize::largest:
    return 200;
  }
  return 100;
}

TextSize stored_text_size(const std::optional<std::string> &text_size, const std::optional<std::string> &larger_text) {
  if (text_size) {
    for (const TextSize size : kTextSizes) {
      if (*text_size == std::to_string(text_percent(size))) {
        return size;
      }
    }
  }
  return larger_text == "1" ? TextSize::larger : TextSize::normal;
}

void apply_theme(const Appearance &appearance) {
  ImGuiStyle &style = ImGui::GetStyle();
  style = ImGuiStyle(); // from defaults: applying twice must not compound the scaling
  ImGui::StyleColorsLight();
  // A finger needs room: frames and spacing are generous, borders soft.
  style.FramePadding = ImVec2(14.0f, 11.0f);
  style.ItemSpacing = ImVec2(12.0f, 12.0f);
  style.ItemInnerSpacing = ImVec2(10.0f, 8.0f);
  style.WindowPadding = ImVec2(20.0f, 18.0f);
  style.ScrollbarSize = 18.0f;
  style.GrabMinSize = 24.0f;
  style.FrameRounding = 6.0f;
  style.WindowRounding = 8.0f;
  style.ChildRounding = 8.0f;
  style.PopupRounding = 6.0f;
  style.WindowBorderSize = 0.0f;
  style.ChildBorderSize = 1.0f;
  style.FrameBorderSize = 1.0f; // fields and boxes need a visible edge (WCAG 1.4.11: 3:1)
  style.TouchExtraPadding = ImVec2(4.0f, 4.0f);

  ImVec4 *c = style.Colors;
  const ImVec4 ink(0.10f, 0.13f, 0.16f, 1.0f);
  const ImVec4 teal(0.00f, 0.40f, 0.42f, 1.0f);
  c[ImGuiCol_Text] = ink;
  c[ImGuiCol_TextDisabled] = ImVec4(0.36f, 0.39f, 0.42f, 1.0f);
  c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_PopupBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(0.50f, 0.53f, 0.56f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.85f, 0.92f, 0.92f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.78f, 0.88f, 0.88f, 1.0f);
  c[ImGuiCol_CheckMark] = teal;
  c[ImGuiCol_NavHighlight] = teal;
  c[ImGuiCol_Button] = ImVec4(0.87f, 0.93f, 0.93f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.78f, 0.88f, 0.88f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.66f, 0.81f, 0.81f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.87f, 0.93f, 0.93f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.90f, 0.95f, 0.95f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.78f, 0.88f, 0.88f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.96f, 0.98f, 0.98f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.92f, 0.96f, 0.96f, 1.0f);
  c[ImGuiCol_Separator] = ImVec4(0.80f, 0.82f, 0.84f, 1.0f);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.10f, 0.13f, 0.16f, 0.45f);

  if (appearance.high_contrast) {
    // Black on white, dark outlines on every control: for low vision and sunlight.
    const ImVec4 black(0.0f, 0.0f, 0.0f, 1.0f);
    const ImVec4 white(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_Text] = black;
    c[ImGuiCol_TextDisabled] = ImVec4(0.25f, 0.25f, 0.25f, 1.0f);
    c[ImGuiCol_WindowBg] = white;
    c[ImGuiCol_ChildBg] = white;
    c[ImGuiCol_PopupBg] = white;
    c[ImGuiCol_Border] = black;
    c[ImGuiCol_FrameBg] = white;
    c[ImGuiCol_Button] = ImVec4(0.88f, 0.88f, 0.88f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.80f, 0.80f, 0.80f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.70f, 0.70f, 0.70f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.85f, 0.85f, 0.85f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.90f, 0.90f, 0.90f, 1.0f);
    c[ImGuiCol_TitleBg] = ImVec4(0.85f, 0.85f, 0.85f, 1.0f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.85f, 0.85f, 0.85f, 1.0f);
    c[ImGuiCol_Separator] = black;
    style.FrameBorderSize = 2.0f;
    style.ChildBorderSize = 2.0f;
  }
  style.ScaleAllSizes(appearance.text_scale());
}

} // namespace veldwijzer
