// app.h — Veldwijzer's screens, written against core and Dear ImGui only.
//
// The platform layer (wasm/, or a headless test) owns the ImGui context and
// the renderer. Each frame it calls App::frame() between ImGui::NewFrame()
// and ImGui::Render(). The app never calls the browser or Emscripten.
#pragma once

#include "veldwijzer/translations.h"

#include <set>
#include <string>

namespace veldwijzer {

// What the platform knows about storage; shown in "Over Veldwijzer".
struct StoreStatus {
  enum class State { loading, open, failed } state = State::loading;
  std::string problem_key; // translation key of the problem when failed, e.g. "store.not_a_database"
  std::string detail;      // technical detail for the administrator
  int schema_version = 0;
};

class App {
public:
  explicit App(Translations translations);

  // Builds one frame of UI. Call between ImGui::NewFrame() and ImGui::Render().
  void frame();

  void set_store_status(StoreStatus status) { store_ = std::move(status); }
  Language language() const { return language_; }
  void set_language(Language language) { language_ = language; }
  bool about_open() const { return about_open_; }
  void open_about() { about_open_ = true; }
  void close_about() { about_open_ = false; }

  // Shorthand for the translated text of key in the current language.
  const char *t(std::string_view key);
  // Keys the screens asked for that the table lacks (tests require none).
  const std::set<std::string, std::less<>> &missing_keys() const { return missing_keys_; }

private:
  void draw_header();
  void draw_home();
  void draw_about();

  Translations translations_;
  Language language_ = Language::nl;
  StoreStatus store_;
  bool about_open_ = false;
  std::set<std::string, std::less<>> missing_keys_; // keeps unknown keys alive as C strings for t()
};

} // namespace veldwijzer
