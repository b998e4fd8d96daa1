// theme.h — Veldwijzer's look: calm colours and finger-sized targets.
#pragma once

namespace veldwijzer {

// Applies the light theme to the current ImGui style, sized for touch.
void apply_theme();

} // namespace veldwijzer
