// content_update_app_test.cpp — the app taking directory and checklist
// updates from the collector, headless: a good update is searchable after the
// next frames, a screen whose service vanished falls back to search, a draft
// keeps its checklist version, a bad update leaves the old data and says why
// on the sync screen, and a restart offline starts with the stored copy.
#include "veldwijzer/app.h"
#include "veldwijzer/builtin_assets.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

#include "headless_imgui.h"
#include "temp_folder.h"
#include "test_device.h"

#include <deque>
#include <map>

// The app's embedded asset bytes (app/CMakeLists.txt, veldwijzer_embed).
extern const unsigned char veldwijzer_directory_json[];
extern const std::size_t veldwijzer_directory_json_size;
extern const unsigned char veldwijzer_synonyms_json[];
extern const std::size_t veldwijzer_synonyms_json_size;
extern const unsigned char veldwijzer_routes_json[];
extern const std::size_t veldwijzer_routes_json_size;

using namespace veldwijzer;
using nlohmann::json;
using veldwijzer::ui::Role;

namespace {

constexpr std::time_t kNow = 1'795'694'400; // 2026-11-26 12:00 UTC
constexpr ImVec2 kTablet{1024.0f, 768.0f};

std::string bytes(const unsigned char *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

std::string checklist_text(std::string_view name) {
  for (const BuiltinFile &file : builtin_checklist_files()) {
    if (file.name.find(name) != std::string_view::npos) {
      return std::string(file.text);
    }
  }
  FAIL("no built-in checklist " << name);
  return {};
}

// The built-in directory without one service and with a new one.
std::string updated_directory() {
  json doc = json::parse(bytes(veldwijzer_directory_json, veldwijzer_directory_json_size));
  doc["dataset"]["version"] = "2026-12-01.1";
  json service = doc["services"][0];
  service["id"] = "svc-dakgoot-test";
  service["name"] = "Dakgootloket Twente";
  doc["services"].push_back(service);
  return doc.dump();
}

std::string directory_document(const std::string &directory) {
  return R"({"format":1,"directory":)" + directory + R"(,"synonyms":)" +
         bytes(veldwijzer_synonyms_json, veldwijzer_synonyms_json_size) + R"(,"routes":)" +
         bytes(veldwijzer_routes_json, veldwijzer_routes_json_size) + "}";
}

std::string checklists_document(int jgz_version) {
  json jgz = json::parse(checklist_text("jgz"));
  jgz["version"] = jgz_version;
  return R"({"format":1,"checklists":[)" + jgz.dump() + "," + checklist_text("ouderen") + "]}";
}

HttpResponse ok(std::string body, std::string etag) {
  HttpResponse response{200, std::move(body), ""};
  response.headers["etag"] = std::move(etag);
  return response;
}

// The collector's content endpoints, scripted per path; everything else
// (reports, enrolment) has no network.
struct ContentCollector final : HttpTransport {
  std::map<std::string, std::deque<HttpResponse>> answers;
  std::vector<HttpRequest> requests;
  void send(const HttpRequest &request, std::function<void(HttpResponse)> done) override {
    requests.push_back(request);
    auto &queue = answers[request.path];
    if (queue.empty()) {
      done(HttpResponse{0, "", "NetworkError when attempting to fetch resource."});
      return;
    }
    HttpResponse response = std::move(queue.front());
    queue.pop_front();
    done(std::move(response));
  }
  std::size_t content_requests() const {
    std::size_t n = 0;
    for (const HttpRequest &request : requests) {
      n += request.path.starts_with("/api/v1/content/") ? 1 : 0;
    }
    return n;
  }
};

struct Tablet {
  TempFolder tmp;
  test_device::DeviceFiles files{tmp}; // content in the public file, records in the vault
  ContentCollector collector;
  std::unique_ptr<App> app;

  Tablet() { start(); }
  void start() {
    app.reset();
    files.open();
    auto table = builtin_translations();
    auto data = builtin_directory_data();
    REQUIRE((table.ok() && data.ok()));
    auto library = builtin_checklists(data.value()->routes);
    REQUIRE(library.ok());
    AppPlatform platform;
    platform.now = [] { return kNow; };
    platform.transport = &collector;
    platform.random_unit = [] { return 0.5; };
    app = std::make_unique<App>(std::move(table).value(), std::move(data).value(), std::move(library).value(),
                                std::move(platform));
    files.attach(*app);
    app->set_municipality("GM0153");
  }
  void frames(HeadlessImGui &imgui, int count = 3) {
    for (int i = 0; i < count; ++i) {
      imgui.frame(*app, kTablet);
    }
  }
  bool finds(const std::string &query, std::string_view service_id) {
    app->show_search(query);
    for (const SearchHit &hit : app->results()) {
      if (hit.service->id == service_id) {
        return true;
      }
    }
    return false;
  }
};

} // namespace

TEST_CASE("an update from the collector is searchable after the next frames") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.collector.answers["/api/v1/content/directory"].push_back(
      ok(directory_document(updated_directory()), "\"d2\""));
  tablet.collector.answers["/api/v1/content/checklists"].push_back(ok(checklists_document(1), "\"c1\""));
  CHECK(tablet.collector.content_requests() == 0); // asked for at the first frame, not inside attach_store
  CHECK_FALSE(tablet.finds("dakgootloket", "svc-dakgoot-test"));

  tablet.frames(imgui);
  CHECK(tablet.collector.content_requests() == 2);
  // The first check names the built-in data, which an unchanged collector answers with 304.
  CHECK(tablet.collector.requests[0].headers.at("If-None-Match") == builtin_content_tags().directory);
  CHECK(tablet.collector.requests[1].headers.at("If-None-Match") == builtin_content_tags().checklists);
  CHECK(tablet.finds("dakgootloket", "svc-dakgoot-test"));
  CHECK(tablet.app->directory_data().directory.info.version == "2026-12-01.1");

  tablet.app->show_sync();
  tablet.frames(imgui);
  require_item(Role::text, "Gegevens bijgewerkt: ");
  CHECK(find_item(Role::text, "Gegevens niet bijgewerkt") == nullptr);
}

TEST_CASE("the sync button asks for updates with the ETags of the copy in use") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.collector.answers["/api/v1/content/directory"].push_back(
      ok(directory_document(updated_directory()), "\"d2\""));
  tablet.collector.answers["/api/v1/content/checklists"].push_back(ok(checklists_document(1), "\"c1\""));
  tablet.frames(imgui);
  REQUIRE(tablet.collector.content_requests() == 2);

  tablet.collector.answers["/api/v1/content/directory"].push_back(HttpResponse{304, "", ""});
  tablet.collector.answers["/api/v1/content/checklists"].push_back(HttpResponse{304, "", ""});
  tablet.app->sync_now(true); // what "Nu synchroniseren" does
  tablet.frames(imgui);
  REQUIRE(tablet.collector.content_requests() == 4);
  const HttpRequest &last = tablet.collector.requests.back();
  CHECK(last.path == "/api/v1/content/checklists");
  CHECK(last.headers.at("If-None-Match") == "\"c1\"");
  CHECK(tablet.finds("dakgootloket", "svc-dakgoot-test"));
}

TEST_CASE("a service screen whose service vanished goes back to search") {
  HeadlessImGui imgui;
  Tablet tablet;
  json directory = json::parse(bytes(veldwijzer_directory_json, veldwijzer_directory_json_size));
  const std::string gone = directory["services"][7]["id"]; // no route names it
  directory["services"].erase(7);
  tablet.app->show_service(gone);
  REQUIRE(tablet.app->location() == "service/" + gone);
  tablet.collector.answers["/api/v1/content/directory"].push_back(ok(directory_document(directory.dump()), "\"d3\""));
  tablet.collector.answers["/api/v1/content/checklists"].push_back(ok(checklists_document(1), "\"c1\""));
  tablet.frames(imgui);
  INFO(tablet.app->content_updater()->status().last_error);
  CHECK(tablet.app->directory_data().directory.service(gone) == nullptr);
  CHECK(tablet.app->location() == "search");
}

TEST_CASE("a draft keeps its checklist version when a newer one arrives") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.frames(imgui); // the first check finds no network
  tablet.app->show_new_record();
  tablet.app->new_record_form().checklist_id = "jgz-vroegsignalering";
  tablet.app->new_record_form().years = 2;
  REQUIRE(tablet.app->create_record());
  REQUIRE(tablet.app->answer_item("J3.1", 1));
  const std::string draft = tablet.app->location();

  tablet.collector.answers["/api/v1/content/directory"].push_back(
      ok(directory_document(bytes(veldwijzer_directory_json, veldwijzer_directory_json_size)), "\"d1\""));
  tablet.collector.answers["/api/v1/content/checklists"].push_back(ok(checklists_document(2), "\"c2\""));
  tablet.app->sync_now(true);
  tablet.frames(imgui);
  REQUIRE(tablet.app->checklists().latest("jgz-vroegsignalering") != nullptr);
  CHECK(tablet.app->checklists().latest("jgz-vroegsignalering")->version == 2);
  // The open draft still reads, and completes, with version 1.
  CHECK(tablet.app->checklists().find("jgz-vroegsignalering", 1) != nullptr);
  CHECK(tablet.app->location() == draft);
  CHECK(tablet.app->answer_item("J3.2", 0));
  CHECK(tablet.app->complete_record());
}

TEST_CASE("a bad update keeps the old data and the sync screen says why") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.collector.answers["/api/v1/content/directory"].push_back(
      ok(directory_document(updated_directory()), "\"d2\""));
  tablet.collector.answers["/api/v1/content/checklists"].push_back(
      ok(R"({"format":1,"checklists":[{"id":"kapot"}]})", "\"c9\""));
  tablet.frames(imgui);
  CHECK(tablet.collector.content_requests() == 2);
  CHECK_FALSE(tablet.finds("dakgootloket", "svc-dakgoot-test"));
  CHECK(tablet.app->checklists().latest("jgz-vroegsignalering") != nullptr);

  tablet.app->show_sync();
  tablet.frames(imgui);
  require_item(Role::text, "Gegevens: de versie uit de app");
  const ui::Item error = require_item(Role::text, "Gegevens niet bijgewerkt, de vorige blijven in gebruik: ");
  CHECK_THAT(error.name, Catch::Matchers::ContainsSubstring("checklist update refused"));
  tablet.app->set_language(Language::en);
  tablet.frames(imgui);
  require_item(Role::text, "Data not updated, the previous data stay in use: ");
}

TEST_CASE("a restart without network starts with the stored update") {
  HeadlessImGui imgui;
  Tablet tablet;
  tablet.collector.answers["/api/v1/content/directory"].push_back(
      ok(directory_document(updated_directory()), "\"d2\""));
  tablet.collector.answers["/api/v1/content/checklists"].push_back(ok(checklists_document(2), "\"c2\""));
  tablet.frames(imgui);
  REQUIRE(tablet.finds("dakgootloket", "svc-dakgoot-test"));

  tablet.start(); // a new App on the same database; the collector answers nothing now
  CHECK(tablet.finds("dakgootloket", "svc-dakgoot-test"));
  CHECK(tablet.app->checklists().latest("jgz-vroegsignalering")->version == 2);
  tablet.frames(imgui);
  CHECK(tablet.finds("dakgootloket", "svc-dakgoot-test")); // the failed check changed nothing
}
