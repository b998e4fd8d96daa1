// ui_snapshot.h — what the screens show, as an accessibility tree: one
// snapshot of items per frame, taken from Dear ImGui's test-engine hooks.
//
// Dear ImGui reports every item with an id to ImGuiTestEngineHook_ItemAdd
// (id, rectangle) and most widgets to ImGuiTestEngineHook_ItemInfo (label,
// checkable/checked, openable/opened, inputable). This module turns that into
// items with a role, a name (the label without its "##id" part), a state and a
// parent, plus a diff against the previous frame. It is backend-neutral: the
// browser mirrors it into the DOM (wasm/web_a11y), native tests address
// widgets by label through it (tests/app/headless_imgui.h).
//
// Platform side:
//   ui::capture(true);                 // hooks on, in the current context
//   ImGui::NewFrame(); app.frame(); ImGui::Render();
//   const ui::Snapshot &now = ui::snapshot();   // the frame just built
//   ui::Diff changes = ui::diff(before, now);
//   ui::request_activation(id);        // "click" an item: applied next frame
//
// Screen side, for what the hooks cannot know (all no-ops while nothing
// captures, so screens call them unconditionally):
//   ImGui::TextWrapped("%s", title); ui::heading(title);   // text has no id
//   ImGui::Selectable("##row", ...); ui::describe_last(Role::link, service_name);
//   ui::describe_next(Role::combobox, "Gemeente: Enschede"); ImGui::BeginCombo(...);
//   ui::begin_group(Role::radiogroup, question) ... ui::end_group();
//   ui::announce("12 resultaten");     // for the page's aria-live region
#pragma once

#include "imgui.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer::ui {

// ARIA roles the app uses; the order is shared with wasm/shell/a11y.js.
enum class Role : std::uint8_t {
  none, // not exposed (unnamed decorations: scrollbars, title bars)
  // Containers: windows and groups.
  main,
  dialog,
  group,
  radiogroup,
  tablist,
  listbox,
  // Controls.
  button,
  link,
  checkbox,
  radio,
  tab,
  option,
  combobox,
  textbox,
  // Text worth reading (ImGui text has no id; screens mark it).
  heading,
  text,
  status,
  alert,
};
const char *role_name(Role role);
bool is_container(Role role);

// Item state bits.
using State = std::uint16_t;
inline constexpr State kChecked = 1u << 0;   // checkbox, radio
inline constexpr State kExpanded = 1u << 1;  // combobox with its list open
inline constexpr State kDisabled = 1u << 2;  // BeginDisabled
inline constexpr State kFocused = 1u << 3;   // ImGui's keyboard focus (NavId) or the text being edited
inline constexpr State kSelected = 1u << 4;  // tab, option
inline constexpr State kPressed = 1u << 5;   // a toggle button that is on
inline constexpr State kToggle = 1u << 8;    // a button that stays on or off (filter chips)
inline constexpr State kMultiline = 1u << 6; // textbox: several lines
inline constexpr State kNumeric = 1u << 7;   // textbox: digits only (the tablet shows a number pad)
inline constexpr State kSecret = 1u << 9;    // textbox: a PIN; the mirror never holds its value
inline constexpr State kFilled = 1u << 10;   // secret textbox: holds text (when it goes, the mirror's copy goes too)

struct Item {
  ImGuiID id = 0;
  ImGuiID parent = 0; // container (window or group) it is in; 0: top level
  Role role = Role::none;
  State state = 0;
  int level = 0;      // heading level
  ImVec2 min, max;    // on screen, in ImGui's coordinates (CSS pixels in the browser)
  std::string name;   // what a screen reader says
  std::string value;  // a textbox's text
  ImGuiID window = 0; // the ImGui window it was submitted in
  ImVec2 origin;      // that window's content origin on screen (position - scroll): min - origin
                      // stays the same while the window scrolls
};

struct Snapshot {
  std::vector<Item> items; // document order; a container comes before its contents
  ImGuiID focused = 0;     // the item with kFocused, if any
  // The caret of the text being edited (the focused textbox), in characters
  // (ImWchar units = code points): start == end, or a selection start..end.
  // -1 when no text is being edited.
  int caret_start = -1;
  int caret_end = -1;

  const Item *find(ImGuiID id) const;
  // The first item with this role and name (exact); nullptr if none.
  const Item *find(Role role, std::string_view name) const;
  // Roles, names and states, one item per line, indented by nesting:
  //   button "Nieuwe checklist"
  //   radiogroup "J1.1 ..." / radio "Ja" [checked]
  // Stable text (no coordinates) for reviewed expectations and messages.
  std::string outline() const;
};

// What changed from one frame to the next. `changed` lists items of `after`
// (indexes) that are new or differ in anything, including their position in
// the document (the item after them in their container). Rectangles compare
// relative to their window's origin: a scrolled window is one entry in
// `moved` (its new origin), not a change of every item in it.
struct Diff {
  enum : std::uint8_t { kNew = 1, kRect = 2, kName = 4, kValue = 8, kState = 16, kPlace = 32 };
  struct Change {
    std::size_t index; // into after.items
    std::uint8_t what; // kNew, or a mix of the others
    ImGuiID next = 0;  // the item after it in its container (0: last): where to insert it
  };
  std::vector<Change> changes; // in reverse document order, so each `next` already exists
  std::vector<ImGuiID> removed;
  struct Origin {
    ImGuiID window;
    ImVec2 origin;
  };
  std::vector<Origin> moved; // windows new or scrolled or moved since `before`
  bool empty() const { return changes.empty() && removed.empty() && moved.empty(); }
};
Diff diff(const Snapshot &before, const Snapshot &after);

// --- Platform side -----------------------------------------------------------

// Turns snapshots on or off for the current ImGui context (g.TestEngineHookItems
// is set only while on). Takes effect from the next ImGui::NewFrame().
void capture(bool on);
bool capturing();
// The last finished frame (empty while not capturing), and the one before it.
const Snapshot &snapshot();
const Snapshot &previous_snapshot();
// Activates an item as if tapped (Dear ImGui's nav activation: buttons press,
// checkboxes toggle, text fields start editing), or only moves the keyboard
// focus there; both scroll it into view. Applied when the item is next
// submitted, within the next two frames.
void request_activation(ImGuiID id);
void request_focus(ImGuiID id);
// Replaces a textbox's text, as typing would (activating it first when it is
// not being edited): what the browser's <input> and label-driven tests use.
// Only the part that differs is typed over, so ImGui's caret stays in the
// word being typed; selection_start/end (in characters, i.e. code points, as
// Snapshot::caret_*) then put the caret where the <input> has it, once the
// text is in. -1: ImGui's caret stays right after the typed part.
void request_text(ImGuiID id, std::string_view text, int selection_start = -1, int selection_end = -1);
bool has_requests();

struct Announcement {
  std::string text;
  bool assertive = false;
};
// What the screens asked to announce since the last call.
std::vector<Announcement> take_announcements();

// --- Screen side -------------------------------------------------------------

// Describes the item just submitted (ImGui's last item): its role, a name when
// the label does not say it (an "##id" button with drawn text), state bits to
// add, a textbox's value. An empty name keeps the label.
void describe_last(Role role, std::string_view name = {}, State state = 0, std::string_view value = {});
// The same for the next item with an id, for widgets that open a window and so
// change the last item (BeginCombo).
void describe_next(Role role, std::string_view name = {}, State state = 0);
// The last item was text (no id of its own): expose it with this role.
void text_item(Role role, std::string_view text, int level = 0);
inline void heading(std::string_view text, int level = 1) {
  text_item(Role::heading, text, level);
}
inline void text(std::string_view text) {
  text_item(Role::text, text);
}
// Items submitted between these belong to one named group (a question and its
// answers, a row of tabs). Groups nest; they end with their window's content.
void begin_group(Role role, std::string_view name);
void end_group();
// Spoken by a screen reader (aria-live): polite, or assertive for acute danger.
void announce(std::string_view text, bool assertive = false);
// Announces text when it differs from what this key said last frame (a result
// count, a route opened, a banner appearing); a key not seen for a frame
// forgets, so opening the screen again announces again.
void announce_change(std::string_view key, std::string_view text, bool assertive = false);

} // namespace veldwijzer::ui
