// app.h — Veldwijzer's screens, written against core and Dear ImGui only.
//
// The platform layer (wasm/, or a headless test) owns the ImGui context and
// the renderer. Each frame it calls App::frame() between ImGui::NewFrame()
// and ImGui::Render(). The app never calls the browser or Emscripten; what it
// needs from the platform (open a tel:/https: link, persist settings) comes in
// through AppPlatform.
#pragma once

#include "veldwijzer/directory_data.h"
#include "veldwijzer/local_store.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/touch_scroll.h"
#include "veldwijzer/translations.h"

#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace veldwijzer {

// What the platform knows about storage; shown in "Over Veldwijzer".
struct StoreStatus {
  enum class State { loading, open, failed } state = State::loading;
  std::string problem_key; // translation key of the problem when failed, e.g. "store.not_a_database"
  std::string detail;      // technical detail for the administrator
  int schema_version = 0;
};

struct AppPlatform {
  std::function<void(const std::string &url)> open_url; // tel: and https: links
  std::function<void()> settings_changed;               // write the device database back to storage
  std::function<std::time_t()> now = [] { return std::time(nullptr); };
  // Browser history: a new screen was opened (push a history entry), and the
  // in-app back button (go back in the browser, which calls follow_location).
  std::function<void(const std::string &location)> location_opened;
  std::function<void()> back;
};

enum class Screen { home, search, service, routes, route };

// The search screen's chips and fields.
struct DirectoryFilters {
  bool open_now = false;
  bool always_open = false;
  bool professionals = false;
  bool citizens = false;
  bool everywhere = false; // ignore the chosen municipality
  std::string topic;       // taxonomy term id; empty = all
  int age = -1;            // the client's age in the chosen unit; -1 = not given
  bool age_in_months = false;
  bool prenatal = false;
};

class App {
public:
  App(Translations translations, std::unique_ptr<DirectoryData> data, AppPlatform platform = {});

  // Builds one frame of UI. Call between ImGui::NewFrame() and ImGui::Render().
  void frame();
  // True while the UI has work pending that needs another frame without
  // input (e.g. moving the keyboard focus); a render-on-demand loop asks this.
  bool needs_frame() const { return focus_query_; }

  void set_store_status(StoreStatus status) { store_status_ = std::move(status); }
  // The opened device database, for settings; may stay null (storage refused).
  void attach_store(LocalStore *store);

  Language language() const { return language_; }
  void set_language(Language language);
  const std::string &municipality() const { return municipality_; }
  // Larger text and high contrast; the platform rebuilds fonts and style when it changes.
  const Appearance &appearance() const { return appearance_; }
  void set_appearance(const Appearance &appearance);
  void set_municipality(const std::string &code);

  bool about_open() const { return about_open_; }
  void open_about() { about_open_ = true; }
  void close_about() { about_open_ = false; }

  // Navigation; also what tests and deep links use.
  Screen screen() const { return history_.back().screen; }
  // "home", "search", "service/<id>", "routes", "route/<id>": for deep links and tests.
  std::string location() const;
  // The platform's location changed (deep link, browser back or forward):
  // show it, stepping back when it is the previous screen. Unknown -> home.
  void follow_location(std::string_view location);
  void show_search(const std::string &query = {});
  void show_service(const std::string &id);
  void show_routes();
  void show_route(const std::string &id);
  void go_back();
  const std::vector<SearchHit> &results();
  std::string_view query() const { return query_; }
  // The filters, for deep links and tests; changing them refreshes the results.
  DirectoryFilters &filters() {
    results_dirty_ = true;
    return filters_;
  }

  // Shorthand for the translated text of key in the current language.
  const char *t(std::string_view key);
  // Keys the screens asked for that the table lacks (tests require none).
  const std::set<std::string, std::less<>> &missing_keys() const { return missing_keys_; }

private:
  struct Place {
    Screen screen = Screen::home;
    std::string id; // service or route id
  };

  void draw_header();
  void draw_home();
  void draw_about();
  void draw_search();
  bool draw_search_filters();
  void draw_service();
  void draw_routes();
  void draw_route();
  bool draw_municipality_picker();
  void navigate(Place place);
  std::optional<Place> parse_location(std::string_view location) const;
  static std::string location_of(const Place &place);
  void save_setting(std::string_view key, const std::string &value);
  std::string municipality_name(std::string_view code) const;
  LocalTime local_now() const;

  Translations translations_;
  std::unique_ptr<DirectoryData> data_;
  AppPlatform platform_;
  LocalStore *store_ = nullptr;
  StoreStatus store_status_;
  Language language_ = Language::nl;
  std::string municipality_; // CBS code; empty = not chosen
  Appearance appearance_;
  bool about_open_ = false;
  std::vector<Place> history_{Place{}};
  bool scroll_to_top_ = false;
  TouchScroll touch_scroll_;
  bool focus_query_ = false; // put the cursor in the search box when the screen opens

  // Search screen state.
  char query_[256] = {};
  DirectoryFilters filters_;
  bool results_dirty_ = true;
  std::vector<SearchHit> results_;

  std::set<std::string, std::less<>> missing_keys_; // keeps unknown keys alive as C strings for t()
};

// "%s"/"%d" in a translated pattern replaced by value — no printf on data.
std::string fill(std::string_view pattern, std::string_view value);

} // namespace veldwijzer
