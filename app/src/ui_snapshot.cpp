// ui_snapshot.cpp — the accessibility tree from Dear ImGui's test-engine hooks.
//
// One Recorder per ImGui context, kept in ImGuiContext::TestEngine (the slot
// Dear ImGui leaves for a test engine) and freed with the context. Context
// hooks open a frame's recording after NewFrame and close it before EndFrame;
// in between, ItemAdd adds an item per id (windows become containers), ItemInfo
// gives label and checkable/openable/inputable flags, and the screens' notes
// (describe_last, text_item, groups) fill in what the hooks cannot know.
// Activation and focus requests are applied inside ItemAdd, where the item's
// window, focus scope and rectangle are all current.
//
// Items scrolled out of view must still report their label (a screen reader
// reads the whole screen, not just what is in sight), but Dear ImGui skips a
// clipped widget right after ItemAdd. ItemAdd's hook runs just before that
// test: for an item about to be clipped it opens ImGui's log flag (with a log
// open ImGui clips nothing) until the widget has reported (the next hook).
// Only off-screen items pay; the text they log is thrown away per frame.
// Dear ImGui also hides whole child windows scrolled out of sight (a card
// below the fold): the same log flag, opened as such a child begins, keeps it
// in the tree like any scrolled-away item. (ImGuiListClipper skips rows:
// screens include those rows while capturing.)
//
// What is really not shown is not in the tree: items of a window that is
// collapsed, hidden (also for its first, measuring frame), or a child of one;
// closed windows and popups submit nothing. Screens call text_item and
// begin_group without asking, so the finished frame drops those items by
// their window's state.
#include "veldwijzer/ui_snapshot.h"

#include "imgui_internal.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace veldwijzer::ui {
namespace {

// ImGuiID -> number, open addressing (ids are hashes already). Small in code
// where std::unordered_map is not: the wasm download counts every kilobyte.
class IdMap {
public:
  IdMap() = default;
  explicit IdMap(std::size_t expected) {
    std::size_t capacity = 64;
    while (capacity < expected * 2) {
      capacity *= 2;
    }
    keys_.assign(capacity, 0u);
    values_.resize(capacity);
  }
  void clear() {
    std::fill(keys_.begin(), keys_.end(), 0u);
    size_ = 0;
    has_zero_ = false;
  }
  const std::uint32_t *find(ImGuiID key) const {
    if (key == 0) {
      return has_zero_ ? &zero_ : nullptr;
    }
    if (keys_.empty()) {
      return nullptr;
    }
    for (std::size_t i = key & (keys_.size() - 1);; i = (i + 1) & (keys_.size() - 1)) {
      if (keys_[i] == key) {
        return &values_[i];
      }
      if (keys_[i] == 0) {
        return nullptr;
      }
    }
  }
  bool contains(ImGuiID key) const { return find(key) != nullptr; }
  std::uint32_t get(ImGuiID key, std::uint32_t missing = 0) const {
    const std::uint32_t *value = find(key);
    return value != nullptr ? *value : missing;
  }
  void set(ImGuiID key, std::uint32_t value) {
    if (key == 0) {
      zero_ = value;
      has_zero_ = true;
      return;
    }
    if ((size_ + 1) * 2 > keys_.size()) {
      grow();
    }
    std::size_t i = key & (keys_.size() - 1);
    while (keys_[i] != 0 && keys_[i] != key) {
      i = (i + 1) & (keys_.size() - 1);
    }
    size_ += keys_[i] == 0 ? 1 : 0;
    keys_[i] = key;
    values_[i] = value;
  }

private:
  void grow() {
    std::vector<ImGuiID> keys(std::max<std::size_t>(64, keys_.size() * 2), 0u);
    std::vector<std::uint32_t> values(keys.size());
    std::swap(keys, keys_);
    std::swap(values, values_);
    size_ = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] != 0) {
        set(keys[i], values[i]);
      }
    }
  }
  std::vector<ImGuiID> keys_;
  std::vector<std::uint32_t> values_;
  std::size_t size_ = 0;
  std::uint32_t zero_ = 0;
  bool has_zero_ = false;
};

struct Note {
  Role role = Role::none;
  std::string name;
  State state = 0;
};

struct Group {
  ImGuiID id;
  ImGuiID window; // the window it was opened in
  std::size_t index;
};

struct TextRequest {
  ImGuiID id = 0;
  std::string text;
  int selection_start = -1; // the <input>'s caret or selection after the change, in
  int selection_end = -1;   // characters (code points); -1: not known
};

// Where the caret goes once the characters typed for a TextRequest are in.
struct CaretRequest {
  ImGuiID id = 0;
  int start = 0, end = 0;
};

struct Recorder {
  bool recording = false;
  bool unclipped = false;       // we set ImGui's log flag for the item being added
  ImGuiID unclipped_window = 0; // ... or for the child window being begun
  Snapshot building, done, previous;
  IdMap index;             // id -> position in building.items
  std::vector<bool> noted; // building.items described by the screen (roles stay)
  IdMap container_of;      // window id -> container for its items
  std::string combobox;    // the last combobox's name: its list is named after it
  std::vector<Group> groups;
  std::optional<Note> next;
  ImGuiID activate = 0, focus = 0;
  int request_frames = 0;
  TextRequest text;
  ImU32 typed_through = 0; // the last input event replace_text queued
  CaretRequest caret;
  std::vector<Announcement> announcements;
  std::vector<std::pair<std::string, std::string>> said, said_now; // announce_change: key, text
};

Recorder *recorder(ImGuiContext *ctx) {
  return ctx != nullptr ? static_cast<Recorder *>(ctx->TestEngine) : nullptr;
}

Recorder *active_recorder() {
  Recorder *rec = recorder(GImGui);
  return rec != nullptr && rec->recording ? rec : nullptr;
}

// A name as a screen reader should say it: without the decorative arrows
// ("‹ Terug", "Routes ›") and the spaces around them.
std::string spoken(std::string_view name) {
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (const std::string_view junk : {" ", "\n", "‹", "›"}) {
      if (name.starts_with(junk)) {
        name.remove_prefix(junk.size());
        trimmed = true;
      }
      if (name.ends_with(junk)) {
        name.remove_suffix(junk.size());
        trimmed = true;
      }
    }
  }
  return std::string(name);
}

// "Ja###yes" -> "Ja", "##row" -> "".
std::string label_name(const char *label) {
  if (label == nullptr) {
    return {};
  }
  const char *end = ImGui::FindRenderedTextEnd(label);
  return spoken(std::string_view(label, static_cast<std::size_t>(end - label)));
}

// Where a window's content starts on screen: items keep their place relative
// to it while the window scrolls.
ImVec2 origin_of(const ImGuiWindow &window) {
  return ImVec2(window.Pos.x - window.Scroll.x, window.Pos.y - window.Scroll.y);
}

// Whether a window was drawn this frame: begun, not collapsed, not hidden,
// and neither is the window a child is drawn in.
bool shown(const ImGuiWindow *window) {
  for (const ImGuiWindow *w = window; w != nullptr; w = w->ParentWindow) {
    if (!w->Active || w->Hidden || w->SkipItems || w->Collapsed) {
      return false;
    }
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow) || (w->Flags & ImGuiWindowFlags_Popup)) {
      return true; // a top-level window or a popup stands on its own
    }
  }
  return true;
}

// A container's role for a window, or none for a window whose items belong
// to its parent's container (child windows: cards, scrolling bodies).
Role window_role(const ImGuiWindow &window) {
  if (window.Flags & ImGuiWindowFlags_Tooltip) {
    return Role::none;
  }
  if (window.Flags & ImGuiWindowFlags_Popup) {
    return std::string_view(window.Name).starts_with("##Combo_") ? Role::listbox : Role::dialog;
  }
  if (window.Flags & ImGuiWindowFlags_ChildWindow) {
    return Role::none;
  }
  return window.Flags & ImGuiWindowFlags_NoTitleBar ? Role::main : Role::dialog;
}

// An id for something ImGui gave none (text, groups), stable while the
// screen submits the same things in the same order.
ImGuiID made_id(Recorder &rec, std::string_view text, ImGuiID seed) {
  ImGuiID id = ImHashStr(text.data(), text.size(), seed);
  while (id == 0 || rec.index.contains(id)) {
    id = ImHashData(&id, sizeof id, 0x9E3779B9u);
  }
  return id;
}

// The innermost open group that encloses items of this window.
const Group *open_group(Recorder &rec, ImGuiWindow *window) {
  if (rec.groups.empty()) {
    return nullptr;
  }
  const Group &group = rec.groups.back();
  for (ImGuiWindow *w = window; w != nullptr; w = w->ParentWindow) {
    if (w->ID == group.window) {
      return &group;
    }
    if (window_role(*w) != Role::none) {
      break;
    }
  }
  return nullptr;
}

ImGuiID container_for(Recorder &rec, ImGuiWindow *window) {
  if (const Group *group = open_group(rec, window)) {
    return group->id;
  }
  return rec.container_of.get(window->ID);
}

Item &add(Recorder &rec, Item item) {
  rec.index.set(item.id, static_cast<std::uint32_t>(rec.building.items.size()));
  rec.noted.push_back(false);
  rec.building.items.push_back(std::move(item));
  return rec.building.items.back();
}

void apply(Item &item, Role role, std::string_view name, State state) {
  if (role != Role::none) {
    item.role = role;
  }
  if (!name.empty()) {
    item.name = spoken(name);
  }
  item.state |= state;
}

void unclip(ImGuiContext &g, Recorder &rec);

void add_window(Recorder &rec, ImGuiContext &g, ImGuiWindow *window) {
  if (rec.index.contains(window->ID) || rec.container_of.contains(window->ID)) {
    return; // appended to again this frame
  }
  const Role role = window_role(*window);
  ImGuiID parent = 0;
  if (window->ParentWindow != nullptr) {
    parent = container_for(rec, window->ParentWindow);
  }
  // A child scrolled out of its parent's sight: Begin() is about to hide it
  // unless ImGui's log is open (reclip() closes it at the next item).
  const bool child = (window->Flags & ImGuiWindowFlags_ChildWindow) && !(window->Flags & ImGuiWindowFlags_Popup);
  if (child && !g.LogEnabled && window->ParentWindow != nullptr && shown(window->ParentWindow)) {
    unclip(g, rec);
    rec.unclipped_window = window->ID;
  }
  if (role == Role::none) {
    rec.container_of.set(window->ID, parent); // its items go where its parent's go
    return;
  }
  rec.container_of.set(window->ID, window->ID);
  Item item;
  item.id = window->ID;
  item.parent = parent;
  item.role = role;
  item.min = window->Pos;
  item.max = ImVec2(window->Pos.x + window->Size.x, window->Pos.y + window->Size.y);
  item.window = window->ID;
  item.origin = origin_of(*window);
  if (role == Role::dialog) {
    item.name = label_name(window->Name);
  } else if (role == Role::listbox) {
    item.name = rec.combobox; // the combo that opened it, e.g. "Gemeente: Enschede"
  }
  add(rec, std::move(item));
}

// Focus (and perhaps activate) the item being added: ImGui's own nav focus
// and nav activation, set while its window and focus scope are current.
void apply_request(ImGuiContext &g, ImGuiWindow *window, ImGuiID id, const ImRect &bb, bool activate) {
  ImGui::SetFocusID(id, window); // also keeps a scrolled-away item from being clipped this frame
  g.NavDisableHighlight = false; // the focus ring shows where a screen reader is
  g.NavDisableMouseHover = true;
  ImGui::ScrollToRect(window, bb);
  if (activate) {
    g.NavInputSource = ImGuiInputSource_Keyboard; // released again next frame, like Enter
    g.NavActivateId = g.NavActivateDownId = g.NavActivatePressedId = id;
    g.NavActivateFlags = ImGuiActivateFlags_PreferInput; // text fields start editing
  }
}

// True while ImGui has not yet taken the input events up to `through` from
// its queue (it hands them to the widgets at the next NewFrame, a few per frame).
bool queued(const ImGuiContext &g, ImU32 through) {
  for (const ImGuiInputEvent &event : g.InputEventsQueue) {
    if (event.EventId <= through) {
      return true;
    }
  }
  return false;
}

// Puts the caret (or selects start..end), in ImWchar units, clamped to the text.
void set_caret(ImGuiInputTextState &state, int start, int end) {
  start = ImClamp(start, 0, state.CurLenW);
  end = ImClamp(end, 0, state.CurLenW);
  state.Stb.select_start = ImMin(start, end);
  state.Stb.select_end = state.Stb.cursor = ImMax(start, end);
  state.Stb.has_preferred_x = 0;
  state.CursorFollow = true;
  state.CursorAnimReset();
}

// Makes the field being edited hold request.text, as typing would: only the
// part that differs is selected and typed over (a character typed in the
// middle of a word goes in there, and ImGui's caret ends up right after it),
// then the caret goes where the browser's <input> has it. In ImWchar units,
// which are the code points the browser's offsets were converted to: with
// 16-bit ImWchar a character beyond U+FFFF is one U+FFFD, still one unit.
void replace_text(ImGuiContext &g, Recorder &rec, TextRequest request) {
  ImGuiInputTextState *state = ImGui::GetInputTextState(request.id);
  if (state == nullptr || g.ActiveId != request.id) {
    return;
  }
  if (queued(g, rec.typed_through)) {
    rec.text = std::move(request); // the text before is still being typed: diff against it when it is in
    return;
  }
  std::vector<ImWchar> wanted;
  const char *end = request.text.data() + request.text.size();
  for (const char *at = request.text.data(); at < end;) {
    unsigned int c = 0;
    at += ImTextCharFromUtf8(&c, at, end); // malformed bytes: U+FFFD, as typing them would give
    wanted.push_back(static_cast<ImWchar>(c));
  }
  const ImWchar *have = state->TextW.Data;
  const int have_length = state->CurLenW;
  const int wanted_length = static_cast<int>(wanted.size());
  // What follows the browser's caret is what stayed: "aa" -> "aaa" with the
  // caret at 2 typed an "a" at 1, not at 2.
  int tail_limit = wanted_length;
  if (request.selection_end >= 0) {
    tail_limit = wanted_length - ImMin(ImMax(request.selection_start, request.selection_end), wanted_length);
  }
  int tail = 0;
  while (tail < tail_limit && tail < have_length && have[have_length - 1 - tail] == wanted[wanted_length - 1 - tail]) {
    ++tail;
  }
  int head = 0;
  while (head < have_length - tail && head < wanted_length - tail && have[head] == wanted[head]) {
    ++head;
  }
  ImGuiIO &io = g.IO;
  if (head < have_length - tail || head < wanted_length - tail) {
    set_caret(*state, head, have_length - tail); // typed characters replace the selection
    state->Stb.insert_mode = 0;                  // the browser's text is the truth: never overwrite what follows
  }
  if (head < wanted_length - tail) {
    for (int i = head; i < wanted_length - tail; ++i) {
      io.AddInputCharacter(wanted[static_cast<std::size_t>(i)]);
    }
  } else if (head < have_length - tail) {
    io.AddKeyEvent(ImGuiKey_Delete, true);
    io.AddKeyEvent(ImGuiKey_Delete, false);
  }
  rec.typed_through = g.InputEventsNextEventId - 1;
  if (request.selection_start >= 0 && request.selection_end >= 0) {
    rec.caret = CaretRequest{request.id, request.selection_start, request.selection_end};
  }
}

// The caret of a replacement, once ImGui has typed it (finish_recording).
void place_caret(ImGuiContext &g, Recorder &rec) {
  if (rec.caret.id == 0 || queued(g, rec.typed_through)) {
    return;
  }
  if (g.ActiveId == rec.caret.id) {
    if (ImGuiInputTextState *state = ImGui::GetInputTextState(rec.caret.id)) {
      set_caret(*state, rec.caret.start, rec.caret.end);
    }
  }
  rec.caret = {};
}

// Opens ImGui's log so nothing is clipped, as a buffer log: should a window
// end before reclip() (a child with nothing but text, then its parent's
// End()), ImGui finishes it cleanly itself.
void unclip(ImGuiContext &g, Recorder &rec) {
  g.LogEnabled = true;
  g.LogType = ImGuiLogType_Buffer;
  rec.unclipped = true;
}

// The item before has reported: clip as usual again.
void reclip(ImGuiContext &g, Recorder &rec) {
  if (rec.unclipped) {
    g.LogEnabled = false;
    g.LogType = ImGuiLogType_None;
    rec.unclipped = false;
    rec.unclipped_window = 0;
  }
}

void begin_recording(ImGuiContext *ctx, ImGuiContextHook *) {
  Recorder *rec = recorder(ctx);
  if (rec == nullptr || !ctx->TestEngineHookItems) {
    return;
  }
  rec->recording = true;
  rec->building.items.clear();
  rec->building.focused = 0;
  rec->index.clear();
  rec->noted.clear();
  rec->container_of.clear();
  rec->groups.clear();
  rec->next.reset();
}

void finish_recording(ImGuiContext *ctx, ImGuiContextHook *) {
  Recorder *rec = recorder(ctx);
  if (rec == nullptr || !rec->recording) {
    return;
  }
  rec->recording = false;
  reclip(*ctx, *rec);
  ctx->LogBuffer.Buf.resize(0); // what the unclipped items logged
  ImGuiContext &g = *ctx;
  // Keyboard focus on an item that is gone (Enter opened another screen):
  // Dear ImGui's Tab finds no place to go on from and does nothing. Forget
  // it, so Tab starts at the top of the new screen, as on a new web page.
  // Also while the gone item is still ImGui's active item (Enter not yet
  // released): forgotten only a frame later, a button in a child window (the
  // home screen's cards) would let ImGui refocus the parent window and restore
  // its older focus ("Over Veldwijzer") first. An active item that is still
  // there (a field being edited) keeps the focus as it is.
  const bool active_shown = g.ActiveId != 0 && rec->index.contains(g.ActiveId);
  if (g.NavId != 0 && !active_shown && !rec->index.contains(g.NavId)) {
    for (ImGuiWindow *w = g.NavWindow; w != nullptr; w = w->ParentWindow) {
      w->NavLastIds[ImGuiNavLayer_Main] = 0; // nor restore an older focus from before the screen changed
    }
    g.NavId = 0;
    g.NavDisableHighlight = true;
  }
  // Unnamed controls (scrollbars, title bars, "##id" buttons nobody
  // described) are not exposed: a nameless button helps nobody. Nor is what
  // a window that was not shown submitted (items come grouped by window, so
  // one lookup serves a run of them).
  std::vector<Item> &items = rec->building.items;
  ImGuiID last_window = 0;
  bool last_shown = true;
  const auto window_shown = [&](ImGuiID id) {
    if (id != last_window) {
      last_window = id;
      last_shown = shown(ImGui::FindWindowByID(id));
    }
    return last_shown;
  };
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const Item &item) {
                               return item.role == Role::none || (!is_container(item.role) && item.name.empty()) ||
                                      !window_shown(item.window);
                             }),
              items.end());
  // Keyboard focus: the text being edited, else ImGui's nav focus.
  const ImGuiID editing = g.ActiveId != 0 && g.InputTextState.ID == g.ActiveId ? g.ActiveId : 0;
  place_caret(g, *rec);
  rec->building.caret_start = rec->building.caret_end = -1;
  if (editing != 0) {
    const ImStb::STB_TexteditState &stb = g.InputTextState.Stb;
    const bool selection = stb.select_start != stb.select_end;
    rec->building.caret_start = selection ? ImMin(stb.select_start, stb.select_end) : stb.cursor;
    rec->building.caret_end = selection ? ImMax(stb.select_start, stb.select_end) : stb.cursor;
  }
  for (Item &item : items) {
    if ((editing != 0 && item.id == editing) || (editing == 0 && item.id == g.NavId && g.NavId != 0)) {
      item.state |= kFocused;
      rec->building.focused = item.id;
    }
  }
  std::swap(rec->previous, rec->done);
  std::swap(rec->done, rec->building);
  rec->said.swap(rec->said_now);
  rec->said_now.clear();

  if (rec->text.id != 0 && g.ActiveId == rec->text.id) {
    TextRequest request = std::move(rec->text);
    rec->text = {};
    replace_text(g, *rec, std::move(request)); // may wait again for text still being typed
  } else if (rec->text.id != 0 && rec->request_frames == 0) {
    rec->text = {}; // waited for earlier text, but editing ended meanwhile (Enter, a tap elsewhere)
  }
  if (rec->request_frames > 0 && --rec->request_frames == 0) {
    rec->activate = rec->focus = 0;
    rec->text = {};
  }
}

void forget(ImGuiContext *ctx, ImGuiContextHook *) {
  delete recorder(ctx);
  ctx->TestEngine = nullptr;
  ctx->TestEngineHookItems = false;
}

} // namespace

const char *role_name(Role role) {
  static constexpr const char *kNames[] = {
      "none",  "main", "dialog", "group",    "radiogroup", "tablist", "listbox", "button", "link", "checkbox",
      "radio", "tab",  "option", "combobox", "textbox",    "heading", "text",    "status", "alert"};
  return kNames[static_cast<std::size_t>(role)];
}

bool is_container(Role role) {
  return role >= Role::main && role <= Role::listbox;
}

const Item *Snapshot::find(ImGuiID id) const {
  for (const Item &item : items) {
    if (item.id == id) {
      return &item;
    }
  }
  return nullptr;
}

const Item *Snapshot::find(Role role, std::string_view name) const {
  for (const Item &item : items) {
    if (item.role == role && item.name == name) {
      return &item;
    }
  }
  return nullptr;
}

std::string Snapshot::outline() const {
  IdMap depth;
  std::string out;
  for (const Item &item : items) {
    const std::uint32_t *parent = depth.find(item.parent);
    const std::uint32_t d = parent != nullptr ? *parent + 1 : 0;
    depth.set(item.id, d);
    out.append(static_cast<std::size_t>(d) * 2, ' ');
    out += role_name(item.role);
    if (!item.name.empty()) {
      std::string name = item.name;
      std::replace(name.begin(), name.end(), '\n', ' ');
      out += " \"" + name + "\"";
    }
    if (item.role == Role::heading) {
      out += " [level=" + std::to_string(item.level) + "]";
    }
    static constexpr std::pair<State, const char *> kStates[] = {{kChecked, "checked"},
                                                                 {kExpanded, "expanded"},
                                                                 {kDisabled, "disabled"},
                                                                 {kSelected, "selected"},
                                                                 {kPressed, "pressed"}};
    for (const auto &[bit, word] : kStates) {
      if (item.state & bit) {
        out += std::string(" [") + word + "]";
      }
    }
    if (item.role == Role::textbox && !item.value.empty()) {
      out += ": " + item.value;
    }
    out += '\n';
  }
  return out;
}

Diff diff(const Snapshot &before, const Snapshot &after) {
  Diff result;
  // The item after each one in its container, in both frames.
  const auto successors = [](const Snapshot &s) {
    IdMap next(s.items.size());
    IdMap last; // container -> last item seen in it
    for (const Item &item : s.items) {
      next.set(item.id, 0);
      if (const std::uint32_t *previous = last.find(item.parent)) {
        next.set(*previous, item.id);
      }
      last.set(item.parent, item.id);
    }
    return next;
  };
  IdMap old_index(before.items.size());
  for (std::size_t i = 0; i < before.items.size(); ++i) {
    old_index.set(before.items[i].id, static_cast<std::uint32_t>(i));
  }
  const IdMap old_next = successors(before);
  const IdMap new_next = successors(after);
  const auto px = [](float v) { return static_cast<int>(std::lround(v)); };
  // Reverse order: an item is placed before its successor, which by then is
  // in place; an item whose successor moved must move too.
  IdMap placed;
  for (std::size_t i = after.items.size(); i-- > 0;) {
    const Item &item = after.items[i];
    const ImGuiID next = new_next.get(item.id);
    const std::uint32_t *old = old_index.find(item.id);
    std::uint8_t what = 0;
    if (old == nullptr) {
      what = Diff::kNew;
    } else {
      const Item &was = before.items[*old];
      // A container is where its window is, not where its content scrolled
      // to: scrolling changes no container.
      const ImVec2 was_origin = is_container(was.role) ? ImVec2() : was.origin;
      const ImVec2 origin = is_container(item.role) ? ImVec2() : item.origin;
      if (was.window != item.window || px(was.min.x - was_origin.x) != px(item.min.x - origin.x) ||
          px(was.min.y - was_origin.y) != px(item.min.y - origin.y) ||
          px(was.max.x - was.min.x) != px(item.max.x - item.min.x) ||
          px(was.max.y - was.min.y) != px(item.max.y - item.min.y)) {
        what |= Diff::kRect;
      }
      if (was.name != item.name || was.role != item.role || was.level != item.level) {
        what |= Diff::kName;
      }
      if (was.value != item.value) {
        what |= Diff::kValue;
      }
      if (was.state != item.state) {
        what |= Diff::kState;
      }
      if (was.parent != item.parent || old_next.get(item.id) != next || (next != 0 && placed.contains(next))) {
        what |= Diff::kPlace;
      }
    }
    if (what & (Diff::kNew | Diff::kPlace)) {
      placed.set(item.id, 1);
    }
    if (what != 0) {
      result.changes.push_back({i, what, next});
    }
  }
  for (const Item &item : before.items) {
    if (!new_next.contains(item.id)) {
      result.removed.push_back(item.id);
    }
  }
  // Window origins: one entry per window that is new or moved (scrolled).
  // (Containers have no place of their own in the mirror; a window's origin
  // is read off its items, taken after Begin() has applied the scroll.)
  IdMap old_origin; // window -> index of an item of it in `before`
  for (std::size_t i = 0; i < before.items.size(); ++i) {
    if (!is_container(before.items[i].role)) {
      old_origin.set(before.items[i].window, static_cast<std::uint32_t>(i));
    }
  }
  IdMap seen;
  for (const Item &item : after.items) {
    if (is_container(item.role) || seen.contains(item.window)) {
      continue;
    }
    seen.set(item.window, 1);
    const std::uint32_t *was = old_origin.find(item.window);
    if (was == nullptr || px(before.items[*was].origin.x) != px(item.origin.x) ||
        px(before.items[*was].origin.y) != px(item.origin.y)) {
      result.moved.push_back({item.window, item.origin});
    }
  }
  return result;
}

void capture(bool on) {
  ImGuiContext *ctx = GImGui;
  IM_ASSERT(ctx != nullptr);
  if (on && ctx->TestEngine == nullptr) {
    ctx->TestEngine = new Recorder;
    ImGuiContextHook hook;
    hook.Type = ImGuiContextHookType_NewFramePost;
    hook.Callback = begin_recording;
    ImGui::AddContextHook(ctx, &hook);
    hook.Type = ImGuiContextHookType_EndFramePre;
    hook.Callback = finish_recording;
    ImGui::AddContextHook(ctx, &hook);
    hook.Type = ImGuiContextHookType_Shutdown;
    hook.Callback = forget;
    ImGui::AddContextHook(ctx, &hook);
  }
  ctx->TestEngineHookItems = on;
  if (!on && ctx->TestEngine != nullptr) {
    Recorder &rec = *recorder(ctx);
    rec.done = {};
    rec.previous = {};
  }
}

bool capturing() {
  return GImGui != nullptr && GImGui->TestEngineHookItems && GImGui->TestEngine != nullptr;
}

const Snapshot &snapshot() {
  static const Snapshot kEmpty;
  const Recorder *rec = recorder(GImGui);
  return rec != nullptr ? rec->done : kEmpty;
}

const Snapshot &previous_snapshot() {
  static const Snapshot kEmpty;
  const Recorder *rec = recorder(GImGui);
  return rec != nullptr ? rec->previous : kEmpty;
}

void request_activation(ImGuiID id) {
  if (Recorder *rec = recorder(GImGui)) {
    rec->activate = id;
    rec->focus = 0;
    rec->request_frames = 2;
  }
}

void request_focus(ImGuiID id) {
  if (Recorder *rec = recorder(GImGui)) {
    rec->focus = id;
    rec->activate = 0;
    rec->request_frames = 2;
  }
}

void request_text(ImGuiID id, std::string_view text, int selection_start, int selection_end) {
  Recorder *rec = recorder(GImGui);
  if (rec == nullptr) {
    return;
  }
  TextRequest request{id, std::string(text), selection_start, selection_end};
  if (GImGui->ActiveId == id && ImGui::GetInputTextState(id) != nullptr) {
    replace_text(*GImGui, *rec, std::move(request)); // being edited: type now
    return;
  }
  request_activation(id); // start editing first; typed once it is active
  rec->text = request;
  rec->request_frames = 3;
}

bool has_requests() {
  const Recorder *rec = recorder(GImGui);
  return rec != nullptr && (rec->activate != 0 || rec->focus != 0 || rec->text.id != 0 || rec->caret.id != 0);
}

std::vector<Announcement> take_announcements() {
  Recorder *rec = recorder(GImGui);
  if (rec == nullptr) {
    return {};
  }
  std::vector<Announcement> out;
  std::swap(out, rec->announcements);
  return out;
}

void describe_last(Role role, std::string_view name, State state, std::string_view value) {
  Recorder *rec = active_recorder();
  if (rec == nullptr) {
    return;
  }
  const ImGuiID id = GImGui->LastItemData.ID;
  if (id == 0) {
    text_item(role, name); // a drawn shape (a badge) with no id: text
    return;
  }
  const std::uint32_t *found = rec->index.find(id);
  if (found == nullptr) {
    return;
  }
  Item &item = rec->building.items[*found];
  apply(item, role, name, state);
  if (role == Role::textbox) {
    item.value = std::string(value);
  }
  rec->noted[*found] = true;
}

void describe_next(Role role, std::string_view name, State state) {
  if (Recorder *rec = active_recorder()) {
    rec->next = Note{role, std::string(name), state};
  }
}

void text_item(Role role, std::string_view text, int level) {
  Recorder *rec = active_recorder();
  if (rec == nullptr || text.empty()) {
    return;
  }
  ImGuiContext &g = *GImGui;
  ImGuiWindow *window = g.CurrentWindow;
  Item item;
  item.id = made_id(*rec, text, window->ID + static_cast<ImGuiID>(role));
  item.parent = container_for(*rec, window);
  item.role = role;
  item.level = level;
  item.min = g.LastItemData.Rect.Min;
  item.max = g.LastItemData.Rect.Max;
  item.name = spoken(text);
  item.window = window->ID;
  item.origin = origin_of(*window);
  add(*rec, std::move(item));
}

void begin_group(Role role, std::string_view name) {
  Recorder *rec = active_recorder();
  if (rec == nullptr) {
    return;
  }
  ImGuiWindow *window = GImGui->CurrentWindow;
  Item item;
  item.id = made_id(*rec, name, window->ID ^ 0x51ED270Bu);
  item.parent = container_for(*rec, window);
  item.role = role;
  item.name = spoken(name);
  item.min = item.max = window->DC.CursorPos;
  item.window = window->ID;
  item.origin = origin_of(*window);
  const ImGuiID id = item.id;
  add(*rec, std::move(item));
  rec->groups.push_back({id, window->ID, rec->building.items.size() - 1});
}

void end_group() {
  Recorder *rec = active_recorder();
  if (rec == nullptr || rec->groups.empty()) {
    return;
  }
  // The group covers what was drawn inside it.
  Item &group = rec->building.items[rec->groups.back().index];
  group.max = ImMax(group.max, GImGui->LastItemData.Rect.Max);
  rec->groups.pop_back();
}

void announce(std::string_view text, bool assertive) {
  Recorder *rec = recorder(GImGui);
  if (rec == nullptr || !GImGui->TestEngineHookItems || text.empty()) {
    return;
  }
  rec->announcements.push_back({std::string(text), assertive});
  if (rec->announcements.size() > 16) { // nobody listening: keep the latest
    rec->announcements.erase(rec->announcements.begin());
  }
}

void announce_change(std::string_view key, std::string_view text, bool assertive) {
  Recorder *rec = active_recorder();
  if (rec == nullptr) {
    return;
  }
  const auto said =
      std::find_if(rec->said.begin(), rec->said.end(), [&](const auto &entry) { return entry.first == key; });
  if (said == rec->said.end() || said->second != text) {
    announce(text, assertive);
  }
  rec->said_now.emplace_back(std::string(key), std::string(text));
}

} // namespace veldwijzer::ui

// --- Dear ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE) ----------------

using veldwijzer::ui::Item;
using veldwijzer::ui::Role;

void ImGuiTestEngineHook_ItemAdd(ImGuiContext *ctx, ImGuiID id, const ImRect &bb, const ImGuiLastItemData *item_data) {
  auto *rec = static_cast<veldwijzer::ui::Recorder *>(ctx->TestEngine);
  ImGuiWindow *window = ctx->CurrentWindow;
  if (rec == nullptr || !rec->recording || window == nullptr || id == 0) {
    return;
  }
  veldwijzer::ui::reclip(*ctx, *rec);
  if (id == window->ID) { // Begin() registering the window itself
    veldwijzer::ui::add_window(*rec, *ctx, window);
    return;
  }
  if (rec->index.contains(id)) {
    return;
  }
  Item item;
  item.id = id;
  item.parent = veldwijzer::ui::container_for(*rec, window);
  item.min = bb.Min;
  item.max = bb.Max;
  item.window = window->ID;
  item.origin = veldwijzer::ui::origin_of(*window);
  const ImGuiItemFlags flags = item_data != nullptr ? item_data->InFlags : ctx->CurrentItemFlags;
  if (flags & ImGuiItemFlags_Disabled) {
    item.state |= veldwijzer::ui::kDisabled;
  }
  if (flags & ImGuiItemFlags_Inputable) {
    item.role = Role::textbox;
  }
  Item &added = veldwijzer::ui::add(*rec, std::move(item));
  // Out of sight: let the widget run anyway, so it reports its label (ItemAdd
  // tests the log flag right after this hook).
  if (!bb.Overlaps(window->ClipRect) && id != ctx->ActiveId && id != ctx->NavId && !ctx->LogEnabled) {
    veldwijzer::ui::unclip(*ctx, *rec);
  }
  if (rec->next) {
    veldwijzer::ui::apply(added, rec->next->role, rec->next->name, rec->next->state);
    if (added.role == Role::combobox) {
      rec->combobox = added.name;
      if (ImGui::IsPopupOpen(ImHashStr("##ComboPopup", 0, id), ImGuiPopupFlags_None)) {
        added.state |= veldwijzer::ui::kExpanded;
      }
    }
    rec->noted.back() = true;
    rec->next.reset();
  }
  if (id == rec->activate || id == rec->focus) {
    veldwijzer::ui::apply_request(*ctx, window, id, bb, id == rec->activate);
    rec->activate = rec->focus = 0;
  }
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext *ctx, ImGuiID id, const char *label, ImGuiItemStatusFlags flags) {
  auto *rec = static_cast<veldwijzer::ui::Recorder *>(ctx->TestEngine);
  if (rec == nullptr || !rec->recording) {
    return;
  }
  if (id != 0 && id == rec->unclipped_window) {
    return; // Begin() reporting the child window: its visibility is decided after this
  }
  veldwijzer::ui::reclip(*ctx, *rec);
  const std::uint32_t *found = rec->index.find(id);
  if (found == nullptr) {
    return;
  }
  Item &item = rec->building.items[*found];
  if (veldwijzer::ui::is_container(item.role)) {
    return;
  }
  if (item.name.empty()) {
    item.name = veldwijzer::ui::label_name(label);
  }
  if (flags & ImGuiItemStatusFlags_Checked) {
    item.state |= veldwijzer::ui::kChecked;
  }
  if (flags & ImGuiItemStatusFlags_Opened) {
    item.state |= veldwijzer::ui::kExpanded;
  }
  if (rec->noted[*found]) {
    return; // the screen said what it is
  }
  if (flags & ImGuiItemStatusFlags_Inputable) {
    item.role = Role::textbox;
  } else if (flags & ImGuiItemStatusFlags_Checkable) {
    item.role = Role::checkbox;
  } else {
    // A plain item: a button, or an option in a combo's list.
    const std::uint32_t *window = rec->index.find(item.parent);
    const bool in_list = window != nullptr && rec->building.items[*window].role == Role::listbox;
    item.role = in_list ? Role::option : Role::button;
  }
}

void ImGuiTestEngineHook_Log(ImGuiContext *, const char *, ...) {}

const char *ImGuiTestEngine_FindItemDebugLabel(ImGuiContext *ctx, ImGuiID id) {
  const auto *rec = static_cast<const veldwijzer::ui::Recorder *>(ctx->TestEngine);
  if (rec == nullptr) {
    return nullptr;
  }
  const Item *item = rec->done.find(id);
  return item != nullptr ? item->name.c_str() : nullptr;
}
