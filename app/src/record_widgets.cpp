// record_widgets.cpp — answer buttons, wrapping buttons, level badges, days.
#include "record_widgets.h"

#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "imgui_internal.h" // RenderCheckMark, FindRenderedTextEnd

#include <algorithm>
#include <cstdio>

namespace veldwijzer::record_ui {

float touch_height() {
  return std::max(ImGui::GetFrameHeight(), theme::kTouchTarget);
}

float button_width(const char *label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

void flow(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) {
    ImGui::SameLine();
  }
}

namespace {
// The font has no check-mark glyph: ImGui draws one, at this size.
float check_size() {
  return ImGui::GetFontSize() * 0.8f;
}
void draw_check(ImVec2 at, ImU32 colour) {
  ImGui::RenderCheckMark(ImGui::GetWindowDrawList(), at, colour, check_size());
}
} // namespace

bool answer_button(const char *label, bool selected) {
  return touch_button(label, selected, selected);
}

bool touch_button(const char *label, bool filled, bool ticked) {
  const ImGuiStyle &style = ImGui::GetStyle();
  const char *label_end = ImGui::FindRenderedTextEnd(label);
  const ImVec2 text_size = ImGui::CalcTextSize(label, label_end);
  const float check = ticked ? check_size() + style.ItemInnerSpacing.x : 0.0f;
  // Answer buttons share one minimum width, so a row reads as a choice.
  const float width = std::max(text_size.x + check + style.FramePadding.x * 2.0f, 6.0f * ImGui::GetFontSize());
  if (width > ImGui::GetContentRegionAvail().x) {
    // Longer than the line (a scale option in large text): wrap, never clip.
    const std::string id = std::string("##") + label;
    return wide_button(id.c_str(), std::string_view(label, static_cast<std::size_t>(label_end - label)),
                       filled ? &theme::kSelected : nullptr, filled ? &theme::kOnDark : nullptr, ticked);
  }
  if (filled) {
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kSelected);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kSelectedHovered);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, theme::kSelectedHovered);
  }
  const ImU32 ink = ImGui::GetColorU32(filled ? theme::kOnDark : style.Colors[ImGuiCol_Text]);
  const bool own_text = ticked || filled;
  if (own_text) {
    // Ticked text is drawn below, after the tick; filled text is white.
    ImGui::PushStyleColor(ImGuiCol_Text, ticked ? ImVec4(0.0f, 0.0f, 0.0f, 0.0f) : theme::kOnDark);
  }
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float height = touch_height();
  const bool pressed = ImGui::Button(label, ImVec2(width, height));
  if (own_text) {
    ImGui::PopStyleColor();
  }
  if (filled) {
    ImGui::PopStyleColor(3);
  }
  if (ticked) {
    // Ticked: the chosen answer, or a domain answered in full (never colour alone).
    const float left = at.x + (width - text_size.x - check) * 0.5f;
    draw_check(ImVec2(left, at.y + (height - check_size()) * 0.5f), ink);
    ImGui::GetWindowDrawList()->AddText(ImVec2(left + check, at.y + (height - text_size.y) * 0.5f), ink, label,
                                        label_end);
  }
  return pressed;
}

bool step_button(const char *label) {
  const float height = touch_height(); // of the body font: the row's other items
  // The title font: a lone "+" or "–" in body text is a speck on a tablet.
  ImGui::PushFont(ui_fonts().title);
  const bool pressed = ImGui::Button(label, ImVec2(height * 1.3f, height));
  ImGui::PopFont();
  return pressed;
}

void touch_label(const char *text) {
  // Centred on the finger-sized row it starts or joins.
  const float padding = (touch_height() - ImGui::GetFontSize()) * 0.5f;
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, padding));
  ImGui::AlignTextToFramePadding();
  ImGui::PopStyleVar();
  ImGui::TextUnformatted(text);
  ui::text(text);
}

bool wide_button(const char *id, std::string_view text, const ImVec4 *fill, const ImVec4 *ink, bool checked) {
  const ImGuiStyle &style = ImGui::GetStyle();
  const float width = ImGui::GetContentRegionAvail().x;
  const float check = checked ? check_size() + style.ItemInnerSpacing.x : 0.0f;
  const float wrap = width - style.FramePadding.x * 2.0f - check;
  const ImVec2 text_size = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, wrap);
  const float height = std::max(text_size.y + style.FramePadding.y * 2.0f, touch_height());
  const ImVec2 at = ImGui::GetCursorScreenPos();
  if (fill != nullptr) {
    const ImVec4 darker(fill->x * 0.85f, fill->y * 0.85f, fill->z * 0.85f, 1.0f);
    ImGui::PushStyleColor(ImGuiCol_Button, *fill);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, darker);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, darker);
  }
  const bool pressed = ImGui::Button(id, ImVec2(width, height)); // "##..." draws the frame only
  ui::describe_last(ui::Role::button, text);
  if (fill != nullptr) {
    ImGui::PopStyleColor(3);
  }
  const ImU32 colour = ImGui::GetColorU32(ink != nullptr ? *ink : style.Colors[ImGuiCol_Text]);
  const ImVec2 text_at(at.x + style.FramePadding.x + check, at.y + (height - text_size.y) * 0.5f);
  if (checked) {
    draw_check(ImVec2(at.x + style.FramePadding.x, text_at.y + (ImGui::GetFontSize() - check_size()) * 0.5f), colour);
  }
  ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), text_at, colour, text.data(),
                                      text.data() + text.size(), wrap);
  return pressed;
}

const char *level_key(SignalLevel level) {
  switch (level) {
  case SignalLevel::none:
    return "level.none";
  case SignalLevel::attention:
    return "level.attention";
  case SignalLevel::concern:
    return "level.concern";
  case SignalLevel::acute:
    return "level.acute";
  }
  return "level.none";
}

ImVec4 level_fill(SignalLevel level) {
  switch (level) {
  case SignalLevel::none:
    return theme::kLevelNone;
  case SignalLevel::attention:
    return theme::kLevelAttention;
  case SignalLevel::concern:
    return theme::kLevelConcern;
  case SignalLevel::acute:
    return theme::kLevelAcute;
  }
  return theme::kLevelNone;
}

ImVec4 level_ink(SignalLevel level) {
  return level == SignalLevel::attention ? ImVec4(0.10f, 0.13f, 0.16f, 1.0f) : theme::kOnDark;
}

void level_badge(SignalLevel level, const char *word) {
  const ImGuiStyle &style = ImGui::GetStyle();
  const ImVec2 text_size = ImGui::CalcTextSize(word);
  const ImVec2 padding(style.FramePadding.x * 0.6f, style.FramePadding.y * 0.4f);
  const ImVec2 size(text_size.x + padding.x * 2.0f, text_size.y + padding.y * 2.0f);
  // On a line whose text was aligned to a frame, the word lines up with it.
  const float baseline = ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset;
  if (baseline > padding.y) {
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + baseline - padding.y);
  }
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImDrawList *draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), ImGui::GetColorU32(level_fill(level)),
                      style.FrameRounding);
  draw->AddText(ImVec2(at.x + padding.x, at.y + padding.y), ImGui::GetColorU32(level_ink(level)), word);
  ImGui::Dummy(size);
  ui::text(word);
}

void text_wrapped_coloured(const ImVec4 &colour, std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ui::text(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

std::string iso_day(const LocalTime &time) {
  char day[16];
  std::snprintf(day, sizeof day, "%04d-%02d-%02d", time.year, time.month, time.day);
  return day;
}

std::string display_day(std::string_view iso_day) {
  if (iso_day.size() != 10) {
    return std::string(iso_day);
  }
  return std::string(iso_day.substr(8, 2)) + "-" + std::string(iso_day.substr(5, 2)) + "-" +
         std::string(iso_day.substr(0, 4));
}

} // namespace veldwijzer::record_ui
