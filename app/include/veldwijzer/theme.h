// theme.h — Veldwijzer's look: calm colours and finger-sized targets.
#pragma once

#include "imgui.h"

#include <cstdint>
#include <optional>
#include <string>

namespace veldwijzer {

namespace theme {
// Colours with a meaning, shared by the screens. Text colours keep at least
// 4.5:1 contrast on the white and off-white backgrounds.
inline const ImVec4 kWarningText(0.62f, 0.30f, 0.00f, 1.0f); // dark amber: "niet geverifieerd"
inline const ImVec4 kOpenText(0.05f, 0.45f, 0.20f, 1.0f);    // "nu open"
inline const ImVec4 kAcute(0.70f, 0.11f, 0.11f, 1.0f);       // acute routes; white text on it > 6:1
inline const ImVec4 kAcuteHovered(0.60f, 0.08f, 0.08f, 1.0f);
inline const ImVec4 kOnDark(1.0f, 1.0f, 1.0f, 1.0f);      // text on the dark fills below
inline const ImVec4 kSelected(0.00f, 0.40f, 0.42f, 1.0f); // a chosen answer; white text on it > 6:1
inline const ImVec4 kSelectedHovered(0.00f, 0.33f, 0.35f, 1.0f);
// Signal levels as badge fills. A level is always shown with its word as
// well ("zorg"), never by colour alone. White text on none, concern and
// acute (> 4.5:1); dark text on the yellow of attention.
inline const ImVec4 kLevelNone(0.05f, 0.45f, 0.20f, 1.0f);
inline const ImVec4 kLevelAttention(0.98f, 0.80f, 0.20f, 1.0f);
inline const ImVec4 kLevelConcern(0.72f, 0.30f, 0.00f, 1.0f);
inline const ImVec4 kLevelAcute = kAcute;
// The smallest finger target, in CSS px (WCAG 2.5.5 asks 44).
inline constexpr float kTouchTarget = 48.0f;
} // namespace theme

// Text sizes on offer, up to the 200 % WCAG 1.4.4 asks to work without loss
// of content. A strong type, so an old `Appearance{true, ...}` (the former
// "larger text" flag) does not compile into a meaning nobody chose.
enum class TextSize : std::uint8_t { normal, larger, large, largest };
inline constexpr TextSize kTextSizes[] = {TextSize::normal, TextSize::larger, TextSize::large, TextSize::largest};
int text_percent(TextSize size); // 100, 135, 170, 200
// The stored setting ("text_size": "100".."200"), or else the setting older
// versions stored ("larger_text": "1" was 135 %). Anything else: normal.
TextSize stored_text_size(const std::optional<std::string> &text_size, const std::optional<std::string> &larger_text);

// The look the user chose: a text size, normal or high contrast.
struct Appearance {
  TextSize text_size = TextSize::normal;
  bool high_contrast = false;
  float text_scale() const { return static_cast<float>(text_percent(text_size)) / 100.0f; }
  bool operator==(const Appearance &) const = default;
};

// Applies the theme to the current ImGui style, sized for touch and scaled
// with the text (spacing grows with it so nothing overlaps).
void apply_theme(const Appearance &appearance = {});

} // namespace veldwijzer
