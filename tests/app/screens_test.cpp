// screens_test.cpp — the screens, driven headless (no browser, no GPU): the
// translation table is complete, the font has every glyph the UI shows, and
// every screen renders at tablet sizes in both languages.
#include "veldwijzer/app.h"
#include "veldwijzer/builtin_assets.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"

#include "imgui.h"
#include "imgui_internal.h" // ImTextCharFromUtf8
#include <catch_amalgamated.hpp>

#include <string>
#include <vector>

using veldwijzer::Language;

namespace {

// Decodes UTF-8 to code points; the table is validated UTF-8 by the JSON parser.
std::vector<unsigned> code_points(std::string_view text) {
  std::vector<unsigned> out;
  for (std::size_t i = 0; i < text.size();) {
    unsigned c = 0;
    const int n = ImTextCharFromUtf8(&c, text.data() + i, text.data() + text.size());
    out.push_back(c);
    i += static_cast<std::size_t>(n > 0 ? n : 1);
  }
  return out;
}

// An ImGui context with the real font atlas and theme, freed at scope end.
struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO &io = ImGui::GetIO();
    io.IniFilename = nullptr;
    veldwijzer::apply_theme();
    veldwijzer::load_ui_fonts(1.0f);
    io.Fonts->Build();
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }

  void frame(veldwijzer::App &app, float width, float height) {
    ImGuiIO &io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
  }
};

} // namespace

TEST_CASE("the built-in translation table parses and every key has Dutch and English") {
  auto table = veldwijzer::builtin_translations();
  REQUIRE(table.ok());
  CHECK(table.value().keys().size() > 20);
  for (const auto &key : table.value().keys()) {
    INFO(key);
    CHECK_FALSE(table.value().text(key, Language::nl).empty());
    CHECK_FALSE(table.value().text(key, Language::en).empty());
  }
}

TEST_CASE("every character of every UI string has a glyph in the embedded font") {
  HeadlessImGui imgui;
  auto table = veldwijzer::builtin_translations();
  REQUIRE(table.ok());
  const ImFont *font = veldwijzer::ui_fonts().body;
  REQUIRE(font != nullptr);
  // The Dutch letters a default ImGui font would draw as boxes.
  for (unsigned c : code_points("Één café ’s-Heerenberg Ĳssel ĳs — € …")) {
    INFO("U+" << std::hex << c);
    CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
  }
  for (const auto &key : table.value().keys()) {
    for (Language language : veldwijzer::kLanguages) {
      for (unsigned c : code_points(table.value().text(key, language))) {
        if (c == '\n') {
          continue;
        }
        INFO(key << " U+" << std::hex << c);
        CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
      }
    }
  }
}

TEST_CASE("every screen renders at tablet sizes in both languages without a missing text") {
  HeadlessImGui imgui;
  auto table = veldwijzer::builtin_translations();
  REQUIRE(table.ok());
  veldwijzer::App app(std::move(table).value());
  app.set_store_status({veldwijzer::StoreStatus::State::open, "", "", 1});

  const ImVec2 sizes[] = {{1024, 768}, {768, 1024}, {1280, 800}};
  for (const ImVec2 size : sizes) {
    for (Language language : veldwijzer::kLanguages) {
      for (bool about : {false, true}) {
        app.set_language(language);
        if (about) {
          app.open_about();
        } else {
          app.close_about();
        }
        for (int i = 0; i < 3; ++i) { // windows settle their size over a few frames
          imgui.frame(app, size.x, size.y);
        }
        INFO(size.x << "x" << size.y << " " << veldwijzer::language_code(language) << (about ? " about" : ""));
        CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
        CHECK(app.about_open() == about);
      }
    }
  }
  CHECK(app.missing_keys().empty());
}

TEST_CASE("a failed local database is described with its translated problem") {
  HeadlessImGui imgui;
  auto table = veldwijzer::builtin_translations();
  REQUIRE(table.ok());
  veldwijzer::App app(std::move(table).value());
  for (const char *problem : {"store.cannot_open", "store.not_a_database", "store.foreign_database",
                              "store.newer_schema", "store.migration_failed"}) {
    app.set_store_status({veldwijzer::StoreStatus::State::failed, problem, "detail", 0});
    app.open_about();
    imgui.frame(app, 1024, 768);
  }
  CHECK(app.missing_keys().empty());
}
