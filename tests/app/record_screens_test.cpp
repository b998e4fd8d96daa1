// record_screens_test.cpp — the checklist record screens, driven headless: the
// built-in checklists load, a record is created, answered by tapping, saved
// durably, scored live (the acute banner), summarised and completed; older
// checklist versions keep working; every screen renders at tablet sizes in
// both languages without a missing text or a clipped line.
#include "veldwijzer/app.h"
#include "veldwijzer/builtin_assets.h"
#include "veldwijzer/opening_hours.h"
#include "veldwijzer/record_store.h"

#include <catch_amalgamated.hpp>

#include "headless_imgui.h"
#include "temp_folder.h"
#include "test_device.h"

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using veldwijzer::App;
using veldwijzer::Language;
using veldwijzer::RecordStatus;
using veldwijzer::Screen;
using veldwijzer::SignalLevel;
using veldwijzer::ui::Role;

namespace {

// Tuesday 14 May 2024, 10:00 UTC = 12:00 in Enschede.
constexpr std::time_t kNow = 1715680800;
constexpr std::time_t kDay = 24 * 60 * 60;
const ImVec2 kTall(1024.0f, 2400.0f); // every item of a domain on screen at once

// A small definition of our own, in two versions: version 2 retires T1.3 and
// asks two signals instead of one for "aandacht".
std::string test_definition(int version) {
  const std::string t13 = version == 1 ? R"(,
        {"id": "T1.3", "answer": "scale", "text": {"nl": "Schaal", "en": "Scale"},
         "options": [{"value": 0, "text": {"nl": "nooit", "en": "never"}},
                     {"value": 1, "text": {"nl": "soms", "en": "sometimes"}},
                     {"value": 2, "text": {"nl": "vaak", "en": "often"}}]})"
                                       : "";
  const std::string attention = version == 1 ? "1" : "2";
  return R"({"format": 1, "id": "proeflijst", "version": )" + std::to_string(version) + R"(,
    "title": {"nl": "Proeflijst", "en": "Test list"},
    "description": {"nl": "Alleen voor de tests.", "en": "For the tests only."},
    "age_bands": ["0-3", "4-11"],
    "domains": [
      {"id": "T1", "title": {"nl": "Veiligheid", "en": "Safety"}, "max_level": 3,
       "items": [
        {"id": "T1.1", "answer": "yes_no", "text": {"nl": "Eerste signaal", "en": "First signal"}},
        {"id": "T1.2", "answer": "yes_no", "acute": true, "text": {"nl": "Acuut signaal", "en": "Acute signal"}})" +
         t13 + R"(],
       "rules": [{"level": 1, "points_at_least": )" +
         attention + R"(}, {"level": 2, "points_at_least": 3}],
       "routes": {"1": ["route-opvoedvragen"], "2": ["route-opvoedvragen"],
                  "3": ["route-acuut-gevaar", "route-huiselijk-geweld-kindermishandeling"]}},
      {"id": "T2", "title": {"nl": "Belasting", "en": "Strain"}, "max_level": 1,
       "items": [{"id": "T2.1", "answer": "score", "min": 0, "max": 15,
                  "text": {"nl": "Uitslag van de schaal", "en": "Result of the scale"},
                  "instrument": {"name": "Proefschaal", "citation": "Iemand et al. 2020", "cutoff": 9}}],
       "rules": [{"level": 1, "item": "T2.1", "at_least": 9}],
       "routes": {"1": ["route-mantelzorg"]}}
    ]})";
}

std::unique_ptr<veldwijzer::DirectoryData> directory() {
  auto data = veldwijzer::builtin_directory_data();
  REQUIRE(data.ok());
  return std::move(data).value();
}

veldwijzer::ChecklistLibrary builtin_library(const veldwijzer::DirectoryData &data) {
  auto library = veldwijzer::builtin_checklists(data.routes);
  INFO((library.ok() ? "" : library.error().message()));
  REQUIRE(library.ok());
  return std::move(library).value();
}

veldwijzer::ChecklistLibrary test_library(const veldwijzer::DirectoryData &data, int version) {
  veldwijzer::ChecklistLibrary library;
  const std::string source = test_definition(version);
  auto checklist = veldwijzer::load_checklist(source, "proeflijst.json", &data.routes);
  INFO((checklist.ok() ? "" : checklist.error().message()));
  REQUIRE(checklist.ok());
  library.add(std::move(checklist).value(), source);
  return library;
}

// A tablet: the public database and the records' vault in a temp folder
// (test_device.h), a fixed clock, and the app.
struct Tablet {
  TempFolder tmp;
  test_device::DeviceFiles files{tmp};
  std::unique_ptr<App> app;
  std::time_t clock = kNow;
  int records_written = 0;

  enum class Checklists { builtin, test_v1, test_v2 };
  // (Re)starts the app on the same files, as a reload of the page would: the
  // records open only with the PIN again.
  void start(Checklists checklists = Checklists::builtin) {
    app.reset();
    files.open();
    auto table = veldwijzer::builtin_translations();
    REQUIRE(table.ok());
    auto data = directory();
    veldwijzer::ChecklistLibrary library = checklists == Checklists::builtin   ? builtin_library(*data)
                                           : checklists == Checklists::test_v1 ? test_library(*data, 1)
                                                                               : test_library(*data, 2);
    veldwijzer::AppPlatform platform;
    platform.now = [this] { return clock; };
    platform.records_changed = [this] { ++records_written; };
    app = std::make_unique<App>(std::move(table).value(), std::move(data), std::move(library), std::move(platform));
    files.attach(*app);
    app->set_municipality("GM0153"); // Enschede
  }

  // What the vault's database holds, read without the app.
  std::vector<veldwijzer::RecordSummary> records() const {
    auto listed = veldwijzer::RecordStore(files.records()).list();
    REQUIRE(listed.ok());
    return listed.value();
  }
  veldwijzer::Record record(const std::string &id) const {
    auto loaded = veldwijzer::RecordStore(files.records()).load(id);
    REQUIRE(loaded.ok());
    return loaded.value();
  }

  // A new draft through the app's form: the checklist, then the age.
  std::string create(const std::string &checklist_id, int years, int months = 0, bool prenatal = false) {
    app->show_new_record();
    veldwijzer::NewRecordForm &form = app->new_record_form();
    form.checklist_id = checklist_id;
    form.years = years;
    form.months = months;
    form.prenatal = prenatal;
    REQUIRE(app->create_record());
    REQUIRE(app->screen() == Screen::record);
    return app->location().substr(std::string("record/").size());
  }
};

// A widget in the record screens' scrolling body.
ImGuiID body_widget(std::initializer_list<const char *> path) {
  ImGuiWindow *body = child_window(screen_window(), "##record_body");
  REQUIRE(body != nullptr);
  return widget_id(body, path);
}

void tap_widget(HeadlessImGui &imgui, App &app, ImGuiID id, ImVec2 size) {
  const auto at = locate(imgui, app, id, size);
  REQUIRE(at.has_value());
  tap(imgui, app, *at, size);
}

} // namespace

TEST_CASE("the built-in checklists load, checked against the built-in routes") {
  auto data = veldwijzer::builtin_directory_data();
  REQUIRE(data.ok());
  REQUIRE(veldwijzer::builtin_checklist_files().size() == 2);
  for (const veldwijzer::BuiltinFile &file : veldwijzer::builtin_checklist_files()) {
    auto checklist = veldwijzer::load_checklist(file.text, file.name, &data.value()->routes);
    INFO(file.name << ": " << (checklist.ok() ? "" : checklist.error().message()));
    CHECK(checklist.ok());
  }
  auto library = veldwijzer::builtin_checklists(data.value()->routes);
  INFO((library.ok() ? "" : library.error().message()));
  REQUIRE(library.ok());
  const auto installed = library.value().installed();
  REQUIRE(installed.size() == 2);
  CHECK(installed[0]->id == "jgz-vroegsignalering");
  CHECK(installed[1]->id == "ouderen-vroegsignalering");
  for (const veldwijzer::Checklist *checklist : installed) {
    CHECK(library.value().source(checklist->id, checklist->version) != nullptr);
  }
}

TEST_CASE("every character of the built-in checklists has a glyph in the embedded font") {
  HeadlessImGui imgui;
  auto data = veldwijzer::builtin_directory_data();
  REQUIRE(data.ok());
  const veldwijzer::ChecklistLibrary library = builtin_library(*data.value());
  const ImFont *font = veldwijzer::ui_fonts().body;
  // What the record screens write in code besides the translation table.
  std::string texts = "– · ›";
  for (const veldwijzer::Checklist *c : library.installed()) {
    texts += c->title.nl + c->title.en + c->description.nl + c->description.en;
    for (const veldwijzer::ChecklistDomain &d : c->domains) {
      texts += d.title.nl + d.title.en;
      for (const veldwijzer::ChecklistItem &item : d.items) {
        texts += item.text.nl + item.text.en;
        for (const veldwijzer::ScaleOption &option : item.options) {
          texts += option.text.nl + option.text.en;
        }
        if (item.instrument) {
          texts += item.instrument->name + item.instrument->citation;
        }
      }
    }
  }
  for (std::size_t i = 0; i < texts.size();) {
    unsigned c = 0;
    const int n = ImTextCharFromUtf8(&c, texts.data() + i, texts.data() + texts.size());
    i += static_cast<std::size_t>(n > 0 ? n : 1);
    INFO("U+" << std::hex << c);
    CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
  }
}

TEST_CASE("the home screen's checklist card opens my records") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start();
  App &app = *tablet.app;
  const ImVec2 size(1024, 768);
  for (int i = 0; i < 3; ++i) { // the cards size themselves over the first frames
    imgui.frame(app, size);
  }
  tap_item(imgui, app, Role::button, "Mijn registraties", size);
  CHECK(app.location() == "records");
  CHECK(app.missing_keys().empty());
}

TEST_CASE("a new JGZ record for a 7-month-old in Enschede is made by tapping and lands in band 0-3") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start();
  App &app = *tablet.app;
  const int written_at_start = tablet.records_written; // setting the PIN wrote the new vault
  const ImVec2 size(1024, 1400);
  app.show_records();
  imgui.frame(app, size);
  tap_item(imgui, app, Role::button, "Nieuwe checklist", size);
  REQUIRE(app.location() == "records/new");
  imgui.frame(app, size);
  type_into(imgui, app, "Maanden", "7", size);
  CHECK(app.new_record_form().months == 7);
  tap_item(imgui, app, Role::radio, "Vroegsignalering JGZ", size);
  tap_item(imgui, app, Role::button, "Checklist starten", size);

  REQUIRE(app.screen() == Screen::record);
  const auto records = tablet.records();
  REQUIRE(records.size() == 1);
  CHECK(records[0].checklist_id == "jgz-vroegsignalering");
  CHECK(records[0].municipality == "GM0153");
  CHECK(records[0].age_band == "0-3");
  CHECK(records[0].visit_date == "2024-05-14"); // today in Amsterdam
  CHECK(records[0].status == RecordStatus::draft);
  CHECK(app.location() == "record/" + records[0].id);
  CHECK(tablet.records_written == written_at_start + 1);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("an age band the checklist is not for is refused with the reason") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start();
  App &app = *tablet.app;
  app.show_new_record();
  app.new_record_form().checklist_id = "ouderen-vroegsignalering";
  app.new_record_form().months = 7;
  imgui.frame(app, 768, 1024);
  CHECK_FALSE(app.create_record());
  REQUIRE(app.problem().has_value());
  CHECK(app.problem()->key == "records.problem.band");
  CHECK(tablet.records().empty());
  app.new_record_form().months = 0;
  app.new_record_form().years = 81;
  CHECK(app.create_record());
  REQUIRE(tablet.records().size() == 1);
  CHECK(tablet.records()[0].age_band == "75-84");
  CHECK(app.missing_keys().empty());
}

TEST_CASE("answers tapped on the entry screen are saved at once and survive reopening the database") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start();
  const int written_at_start = tablet.records_written; // setting the PIN wrote the new vault
  std::string id = tablet.create("jgz-vroegsignalering", 0, 7);
  {
    App &app = *tablet.app;
    imgui.frame(app, kTall);
    // Each question is a radio group named by its text; its answers are radios.
    tap_item(imgui, app, Role::radio, "Ja", kTall, require_item(Role::radiogroup, "J1.1 ").id);
    tap_item(imgui, app, Role::radio, "Nee", kTall, require_item(Role::radiogroup, "J1.2 ").id);
    tap_item(imgui, app, Role::radio, "Onbekend", kTall, require_item(Role::radiogroup, "J1.3 ").id);
    CHECK(require_item(Role::radio, "Ja", require_item(Role::radiogroup, "J1.1 ").id).state & veldwijzer::ui::kChecked);
    CHECK(tablet.records_written == written_at_start + 4); // the record, then one write per answer
    CHECK_FALSE(app.problem().has_value());
  }
  tablet.start(); // a closed tab: a new app on the same files, the records opened with the PIN again
  const veldwijzer::Record record = tablet.record(id);
  CHECK(record.answers == veldwijzer::Answers{{"J1.1", 1}, {"J1.2", 0}, {"J1.3", veldwijzer::kUnknown}});

  // Tapping "Antwoord wissen" removes the answer again.
  App &app = *tablet.app;
  app.show_record(id);
  imgui.frame(app, kTall);
  tap_widget(imgui, app, body_widget({"J1.1", app.t("record.answer.clear")}), kTall);
  CHECK_FALSE(tablet.record(id).answers.contains("J1.1"));
  CHECK(app.missing_keys().empty());
}

TEST_CASE("an acute item answered yes shows the acute route banner on the very next frame, above the checklist") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start();
  App &app = *tablet.app;
  tablet.create("jgz-vroegsignalering", 2);
  imgui.frame(app, kTall);
  tap_widget(imgui, app, body_widget({"###domain3"}), kTall); // J4 Veiligheid thuis
  const float body_top_before = child_window(screen_window(), "##record_body")->Pos.y;
  const auto yes = locate(imgui, app, body_widget({"J4.4", "###yes"}), kTall);
  REQUIRE(yes.has_value());
  tap(imgui, app, *yes, kTall); // the answer is saved in the frame of the release
  imgui.frame(app, kTall);      // the next frame
  const float body_top_after = child_window(screen_window(), "##record_body")->Pos.y;
  CHECK(body_top_after >= body_top_before + 48.0f); // the banner pushed the checklist down

  const auto banner = locate(imgui, app, widget_id(screen_window(), {"##acute_route"}), kTall);
  REQUIRE(banner.has_value());
  CHECK(banner->y < body_top_after);
  tap(imgui, app, *banner, kTall);
  CHECK(app.location() == "route/route-acuut-gevaar");
  CHECK(app.missing_keys().empty());
}

TEST_CASE("the summary lists the suggested routes of every domain with a level, the acute ones first") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start();
  App &app = *tablet.app;
  const std::string id = tablet.create("jgz-vroegsignalering", 5);
  REQUIRE(app.answer_item("J3.2", 1)); // J3 opvoedstress: aandacht
  REQUIRE(app.answer_item("J5.5", 1)); // J5 verwaarlozing: acute item
  REQUIRE(app.answer_item("J7.1", 0)); // J7: answered no, no level
  app.show_record_summary(id);
  imgui.frame(app, kTall);
  imgui.frame(app, kTall);

  const veldwijzer::Checklist *checklist = app.checklists().latest("jgz-vroegsignalering");
  REQUIRE(checklist != nullptr);
  const auto outcome = veldwijzer::score_checklist(*checklist, tablet.record(id).answers);
  std::vector<std::pair<std::string, float>> shown; // route id, y
  for (const veldwijzer::DomainOutcome &domain : outcome.domains) {
    INFO(domain.domain->id);
    const bool has_level = domain.level != SignalLevel::none;
    CHECK(has_level == (domain.domain->id == "J3" || domain.domain->id == "J5"));
    if (!has_level) {
      continue;
    }
    for (const std::string &route : domain.domain->routes_for(domain.level)) {
      const std::string button = "##route_" + route;
      const auto at = locate(imgui, app, body_widget({domain.domain->id.c_str(), button.c_str()}), kTall);
      INFO(route);
      REQUIRE(at.has_value());
      shown.emplace_back(route, at->y);
    }
  }
  REQUIRE_FALSE(shown.empty());
  // J5 is acute: its routes, the acute one first, stand above J3's.
  const auto y_of = [&](const std::string &route) {
    for (const auto &[r, y] : shown) {
      if (r == route) {
        return y;
      }
    }
    return -1.0f;
  };
  CHECK(y_of("route-acuut-gevaar") < y_of("route-opvoedvragen"));

  // A route opens the existing route screen.
  tap_widget(imgui, app, body_widget({"J3", "##route_route-opvoedvragen"}), kTall);
  CHECK(app.location() == "route/route-opvoedvragen");
  CHECK(app.missing_keys().empty());
}

TEST_CASE("completing a record from the summary sets its status to afgerond; it reopens while not counted") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start();
  App &app = *tablet.app;
  const std::string id = tablet.create("ouderen-vroegsignalering", 78);
  REQUIRE(app.answer_item("O1.2", 1)); // O1: one signal, "aandacht"
  app.show_record_summary(id);
  imgui.frame(app, kTall);
  const int writes = tablet.records_written;
  tap_item(imgui, app, Role::button, "Afronden", kTall);
  CHECK(tablet.records_written == writes + 1);
  veldwijzer::Record record = tablet.record(id);
  CHECK(record.summary.status == RecordStatus::completed);
  CHECK(veldwijzer::record_status_code(record.summary.status) == "afgerond");
  CHECK(record.summary.highest == SignalLevel::attention);
  CHECK_FALSE(record.levels.empty());

  // Read-only on the entry screen: answering is refused, and said so.
  app.show_record(id);
  imgui.frame(app, kTall);
  CHECK_FALSE(app.answer_item("O1.3", 1));
  REQUIRE(app.problem().has_value());
  CHECK(app.problem()->key == "records.problem.answer");
  CHECK_FALSE(app.problem()->detail.empty());
  tap_widget(imgui, app, body_widget({app.t("record.reopen")}), kTall);
  CHECK(tablet.record(id).summary.status == RecordStatus::draft);
  CHECK(app.answer_item("O1.3", 1));
  CHECK_FALSE(app.problem().has_value()); // the answer went through: the warning is gone
  CHECK(app.missing_keys().empty());
}

TEST_CASE("an answer the store refuses is shown with its reason, never swallowed") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start();
  App &app = *tablet.app;
  const std::string id = tablet.create("jgz-vroegsignalering", 3);
  imgui.frame(app, kTall);
  // Behind the app's back (another tab), the record is deleted.
  veldwijzer::RecordStore other(tablet.files.records());
  REQUIRE(other.discard(id).ok());
  const int writes = tablet.records_written;
  tap_widget(imgui, app, body_widget({"J1.1", "###yes"}), kTall);
  CHECK(tablet.records_written == writes); // nothing was written, so nothing to flush
  REQUIRE(app.problem().has_value());
  CHECK(app.problem()->key == "records.problem.answer");
  CHECK_FALSE(app.problem()->detail.empty());
  imgui.frame(app, kTall);
  CHECK(child_window(screen_window(), "##problem_box") != nullptr);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("a record made with version 1 still opens and scores with version 1 after version 2 is installed") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start(Tablet::Checklists::test_v1);
  const std::string id = tablet.create("proeflijst", 2);
  REQUIRE(tablet.app->answer_item("T1.1", 1)); // v1: one signal is "aandacht"; v2 asks two
  REQUIRE(tablet.app->answer_item("T1.3", 2)); // an item version 2 no longer has

  tablet.start(Tablet::Checklists::test_v2); // an update installed version 2
  App &app = *tablet.app;
  REQUIRE(app.checklists().latest("proeflijst") != nullptr);
  CHECK(app.checklists().latest("proeflijst")->version == 2);
  REQUIRE(app.checklists().find("proeflijst", 1) != nullptr); // kept with the record
  app.show_record(id);
  imgui.frame(app, kTall);
  imgui.frame(app, kTall);
  CHECK(locate(imgui, app, body_widget({"T1.3", "###option2"}), kTall).has_value()); // drawn from version 1
  CHECK(app.answer_item("T1.3", 1));
  app.show_record_summary(id);
  imgui.frame(app, kTall);
  REQUIRE(app.complete_record());
  const veldwijzer::Record record = tablet.record(id);
  CHECK(record.summary.checklist_version == 1);
  CHECK(record.summary.highest == SignalLevel::attention); // version 2 would say none

  // New records use version 2.
  const std::string newer = tablet.create("proeflijst", 1);
  CHECK(tablet.record(newer).summary.checklist_version == 2);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("a score item shows its instrument and cut-off and steps with plus and minus") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start(Tablet::Checklists::test_v1);
  App &app = *tablet.app;
  const std::string id = tablet.create("proeflijst", 2);
  imgui.frame(app, kTall);
  tap_widget(imgui, app, body_widget({"###domain1"}), kTall);
  const auto plus = locate(imgui, app, body_widget({"T2.1", "+###plus"}), kTall);
  REQUIRE(plus.has_value());
  tap(imgui, app, *plus, kTall); // no answer yet: the minimum
  tap(imgui, app, *plus, kTall);
  tap(imgui, app, *plus, kTall);
  CHECK(tablet.record(id).answers.at("T2.1") == 2);
  tap_widget(imgui, app, body_widget({"T2.1", "###unknown"}), kTall);
  CHECK(tablet.record(id).answers.at("T2.1") == veldwijzer::kUnknown);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("answer buttons are a finger target: at least 44 px tall") {
  for (const bool larger : {false, true}) {
    HeadlessImGui imgui(
        veldwijzer::Appearance{larger ? veldwijzer::TextSize::larger : veldwijzer::TextSize::normal, false});
    Tablet tablet;
    tablet.start();
    App &app = *tablet.app;
    tablet.create("jgz-vroegsignalering", 2);
    imgui.frame(app, kTall);
    const ImGuiID yes = body_widget({"J1.1", "###yes"});
    const auto at = locate(imgui, app, yes, kTall);
    REQUIRE(at.has_value());
    // Walk up and down from the hit while the button stays under the pointer.
    const auto hovered_at = [&](float y) {
      ImGui::GetIO().AddMousePosEvent(at->x, y);
      imgui.frame(app, kTall);
      return ImGui::GetCurrentContext()->HoveredId == yes;
    };
    float top = at->y;
    while (hovered_at(top - 1.0f)) {
      top -= 1.0f;
    }
    float bottom = at->y;
    while (hovered_at(bottom + 1.0f)) {
      bottom += 1.0f;
    }
    const float touch_padding = 2.0f * ImGui::GetStyle().TouchExtraPadding.y; // hovering reaches past the frame
    INFO((larger ? "larger text" : "normal text"));
    CHECK(bottom - top + 1.0f - touch_padding >= 44.0f);
  }
}

TEST_CASE("a refused persistent storage is explained on the records list") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start();
  App &app = *tablet.app;
  app.show_records();
  imgui.frame(app, 1024, 768);
  ImGuiWindow *notice = child_window(screen_window(), "##persistence_notice");
  CHECK((notice == nullptr || !notice->Active));
  app.set_storage_persistence(false);
  imgui.frame(app, 1024, 768);
  notice = child_window(screen_window(), "##persistence_notice");
  REQUIRE(notice != nullptr);
  CHECK(notice->Active);
  app.set_storage_persistence(true);
  imgui.frame(app, 1024, 768);
  CHECK_FALSE(notice->Active);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("records past their retention are removed when the records are unlocked") {
  Tablet tablet;
  tablet.start();
  const std::string id = tablet.create("jgz-vroegsignalering", 2);
  tablet.clock = kNow + 27 * kDay;
  tablet.start();
  CHECK(tablet.records().size() == 1); // a draft untouched for 27 days stays
  tablet.clock = kNow + 29 * kDay;
  tablet.records_written = 0;
  tablet.start();
  CHECK(tablet.records().empty());
  CHECK(tablet.records_written == 1); // the removal is written back too (with the unlock, which always writes)
}

TEST_CASE("deep links open the record screens; malformed record ids land on the start screen") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.start();
  App &app = *tablet.app;
  const std::string id = tablet.create("jgz-vroegsignalering", 2);
  app.follow_location("home");
  for (const std::string &location :
       std::vector<std::string>{"records", "records/new", "record/" + id, "record/" + id + "/summary"}) {
    app.follow_location(location);
    CHECK(app.location() == location);
    imgui.frame(app, 1024, 768);
  }
  app.follow_location("record/0123456789abcdef0123456789abcdef"); // well-formed, not on this device
  imgui.frame(app, 1024, 768);
  CHECK(app.screen() == Screen::record);
  for (const char *bad : {"record/<script>", "record/", "record/ABC", "records/old"}) {
    app.follow_location(bad);
    CHECK(app.location() == "home");
  }
  CHECK(app.missing_keys().empty());
}

TEST_CASE("every record screen renders at tablet sizes in both languages without a missing text or a clipped line") {
  for (const bool larger : {false, true}) {
    HeadlessImGui imgui(
        veldwijzer::Appearance{larger ? veldwijzer::TextSize::larger : veldwijzer::TextSize::normal, false});
    Tablet tablet;
    tablet.start();
    App &app = *tablet.app;
    app.set_storage_persistence(false);
    // A draft with an acute signal, a completed record, and an older-people draft.
    const std::string acute = tablet.create("jgz-vroegsignalering", 0, 0, true);
    REQUIRE(app.answer_item("J4.4", 1));
    const std::string completed = tablet.create("jgz-vroegsignalering", 14);
    REQUIRE(app.answer_item("J9.1", 1));
    app.show_record_summary(completed);
    REQUIRE(app.complete_record());
    const std::string older = tablet.create("ouderen-vroegsignalering", 90);
    REQUIRE(app.answer_item("O5.4", 2));
    REQUIRE(app.answer_item("O7.5", 11));

    std::vector<std::string> locations = {"home", "records", "records/new"};
    for (const std::string &id : {acute, completed, older}) {
      locations.push_back("record/" + id);
      locations.push_back("record/" + id + "/summary");
    }
    for (const ImVec2 size : {ImVec2(768, 1024), ImVec2(1024, 768)}) {
      for (Language language : veldwijzer::kLanguages) {
        app.set_language(language);
        for (const std::string &location : locations) {
          app.follow_location("home");
          app.follow_location(location);
          for (int domain = 0; domain < 9; ++domain) {
            for (int i = 0; i < 3; ++i) { // windows settle their size over a few frames
              imgui.frame(app, size);
            }
            INFO(size.x << "x" << size.y << " " << veldwijzer::language_code(language) << " " << location
                        << (larger ? " larger text" : "") << " domain " << domain);
            CHECK(ImGui::GetDrawData()->TotalVtxCount > 500);
            ImGuiWindow *body = child_window(screen_window(), "##record_body");
            ImGuiWindow *scrolling = body != nullptr && body->Active ? body : screen_window();
            CHECK(content_fits(scrolling));
            if (app.screen() != Screen::record) {
              break;
            }
            // The next domain, as its button would.
            tap_widget(imgui, app, body_widget({("###domain" + std::to_string((domain + 1) % 9)).c_str()}), size);
          }
        }
      }
    }
    CHECK(app.missing_keys().empty());
  }
}
