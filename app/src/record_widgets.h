// record_widgets.h — the finger-sized pieces the record screens share:
// answer buttons, full-width buttons whose text wraps, level badges (colour
// and word), and the day formats. Internal to app/; screens include it.
#pragma once

#include "veldwijzer/checklist.h"
#include "veldwijzer/opening_hours.h"

#include "imgui.h"

#include <string>
#include <string_view>

namespace veldwijzer::record_ui {

// The height of a finger target: the theme's minimum, or more with larger text.
float touch_height();
// Width of a button showing label (text after "##" not counted).
float button_width(const char *label);
// Puts the next item on this line when width still fits, else on the next:
// rows of buttons survive a portrait tablet and larger text.
void flow(float width);

// A button at least touch_height() tall; its id is ImGui::Button(label)'s.
// Selected: filled, white text and a drawn tick (not colour alone).
bool answer_button(const char *label, bool selected);
// The same with the two marks apart: filled (the current one) and ticked
// (chosen, or done).
bool touch_button(const char *label, bool filled, bool ticked);
// "+" or "–" beside a number: square-ish, finger-sized, a large glyph.
bool step_button(const char *label);
// A short label vertically centred on a row of finger-sized buttons.
void touch_label(const char *text);
// A button across the available width; the text wraps instead of clipping.
// fill/ink null: the theme's button colours; checked draws a tick before the text.
bool wide_button(const char *id, std::string_view text, const ImVec4 *fill = nullptr, const ImVec4 *ink = nullptr,
                 bool checked = false);

// Translation key of a level's word: "level.none" ... "level.acute".
const char *level_key(SignalLevel level);
ImVec4 level_fill(SignalLevel level);
ImVec4 level_ink(SignalLevel level);
// The level as a filled badge with its word (word from the caller's table).
void level_badge(SignalLevel level, const char *word);
// Text wrapped in a colour (TextWrapped has no colour variant).
void text_wrapped_coloured(const ImVec4 &colour, std::string_view text);

// "2024-05-03" from a local time; "03-05-2024" for people.
std::string iso_day(const LocalTime &time);
std::string display_day(std::string_view iso_day);

} // namespace veldwijzer::record_ui
