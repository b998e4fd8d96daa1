// content_update_test.cpp — directory and checklist updates from the
// collector, over a scripted transport: what is accepted, what is refused
// (and that a refusal changes nothing), what is kept for the next start.
// Built on the real seed data, as the app ships it.
#include "veldwijzer/content_update.h"

#include "temp_folder.h"

#include "seed_assets.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <deque>
#include <string_view>

using namespace veldwijzer;
using nlohmann::json;

namespace {

constexpr std::int64_t kNow = 1'795'694'400; // 2026-11-26

std::string seed_directory() {
  return std::string(seed_assets::directory());
}
std::string seed_synonyms() {
  return std::string(seed_assets::synonyms());
}
std::string seed_routes() {
  return std::string(seed_assets::routes());
}
std::string seed_jgz() {
  return std::string(seed_assets::jgz_checklist());
}
std::string seed_ouderen() {
  return std::string(seed_assets::ouderen_checklist());
}

// What the app starts with: the built-in directory data and checklists.
std::unique_ptr<DirectoryData> builtin_data() {
  auto loaded =
      load_directory_data({std::string(seed_assets::region()), seed_directory(), seed_synonyms(), seed_routes()});
  REQUIRE(loaded.ok());
  return std::move(loaded).value();
}
ChecklistLibrary builtin_checklists(const ReferralRoutes &routes, const std::string &jgz = seed_jgz()) {
  ChecklistLibrary library;
  for (const std::string &source : {jgz, seed_ouderen()}) {
    auto checklist = load_checklist(source, "seed", &routes);
    INFO((checklist ? std::string() : checklist.error().message()));
    REQUIRE(checklist.ok());
    library.add(std::move(checklist).value(), source);
  }
  return library;
}

// The seed directory with one more service, found by a word no other has.
std::string directory_with_new_service(const std::string &version = "2026-12-01.1") {
  json doc = json::parse(seed_directory());
  doc["dataset"]["version"] = version;
  json service = doc["services"][0];
  service["id"] = "svc-dakgoot-test";
  service["name"] = "Dakgootloket Twente";
  service["alternate_name"] = nullptr;
  doc["services"].push_back(service);
  return doc.dump();
}

std::string directory_document(const std::string &directory = seed_directory(),
                               const std::string &routes = seed_routes()) {
  return R"({"format":1,"directory":)" + directory + R"(,"synonyms":)" + seed_synonyms() + R"(,"routes":)" + routes +
         "}";
}
std::string checklists_document(const std::string &jgz = seed_jgz()) {
  return R"({"format":1,"checklists":[)" + jgz + "," + seed_ouderen() + "]}";
}
std::string with_version(const std::string &checklist, int version) {
  json doc = json::parse(checklist);
  doc["version"] = version;
  return doc.dump();
}

HttpResponse ok(std::string body, std::string etag) {
  HttpResponse response{200, std::move(body), ""};
  response.headers["etag"] = std::move(etag);
  return response;
}
HttpResponse not_modified() {
  return {304, "", ""};
}

// Answers each path from its own queue, in order; keeps every request.
struct ScriptedTransport final : HttpTransport {
  std::map<std::string, std::deque<HttpResponse>> answers;
  std::vector<HttpRequest> sent;
  void send(const HttpRequest &request, std::function<void(HttpResponse)> done) override {
    sent.push_back(request);
    auto &queue = answers[request.path];
    if (queue.empty()) {
      done(HttpResponse{0, "", "offline"});
      return;
    }
    HttpResponse response = std::move(queue.front());
    queue.pop_front();
    done(std::move(response));
  }
  void answer(std::string_view path, HttpResponse response) {
    answers[std::string(path)].push_back(std::move(response));
  }
  std::optional<std::string> if_none_match(std::size_t request) const {
    const auto &headers = sent.at(request).headers;
    const auto it = headers.find("If-None-Match");
    return it == headers.end() ? std::nullopt : std::optional(it->second);
  }
};

LocalStore open_store(const std::string &path) {
  auto opened = LocalStore::open(path);
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

struct Device {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  ScriptedTransport transport;
  std::unique_ptr<DirectoryData> data = builtin_data();
  ChecklistLibrary checklists = builtin_checklists(data->routes);
  ContentUpdater updater{store, transport, [] { return kNow; }};

  ContentCheck check() {
    std::optional<ContentCheck> result;
    updater.check(*data, checklists, [&](ContentCheck c) { result = std::move(c); });
    REQUIRE(result.has_value()); // the scripted transport answers at once
    return std::move(*result);
  }
};

bool finds(const DirectoryData &data, std::string_view query, std::string_view service_id) {
  SearchQuery search;
  search.text = query;
  for (const SearchHit &hit : data.index.search(search)) {
    if (hit.service->id == service_id) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_CASE("a new directory from the collector is checked, kept and handed back") {
  Device device;
  device.transport.answer(kContentDirectoryPath, ok(directory_document(directory_with_new_service()), "\"d2\""));
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(), "\"c1\""));
  REQUIRE_FALSE(finds(*device.data, "dakgoot", "svc-dakgoot-test"));

  ContentCheck check = device.check();
  INFO(check.error);
  REQUIRE(check.error.empty());
  REQUIRE(check.change.data != nullptr);
  CHECK(check.change.data->directory.info.version == "2026-12-01.1");
  CHECK(finds(*check.change.data, "dakgoot", "svc-dakgoot-test"));
  REQUIRE(check.change.checklists.has_value());
  CHECK(check.change.checklists->latest("jgz-vroegsignalering") != nullptr);
  CHECK(device.updater.status().updated_at == kNow);
  CHECK(device.updater.status().last_error.empty());
  // The first requests had no copy to validate; kept for the next start.
  CHECK_FALSE(device.transport.if_none_match(0).has_value());
  CHECK(device.store.setting("content.directory.etag").value_or("none") == "\"d2\"");
  CHECK(device.store.setting("content.checklists.etag").value_or("none") == "\"c1\"");
  CHECK(device.store.setting("content.updated_at").value_or("none") == std::to_string(kNow));
}

TEST_CASE("an unchanged collector answers 304 and nothing is replaced") {
  Device device;
  device.transport.answer(kContentDirectoryPath, ok(directory_document(directory_with_new_service()), "\"d2\""));
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(), "\"c1\""));
  REQUIRE(device.check().error.empty());

  device.transport.answer(kContentDirectoryPath, not_modified());
  device.transport.answer(kContentChecklistsPath, not_modified());
  ContentCheck again = device.check();
  CHECK(again.error.empty());
  CHECK(again.change.empty());
  REQUIRE(device.transport.sent.size() == 4);
  CHECK(device.transport.if_none_match(2) == "\"d2\"");
  CHECK(device.transport.if_none_match(3) == "\"c1\"");
  CHECK(device.updater.status().updated_at == kNow);
}

TEST_CASE("a malformed update keeps the old data and says why") {
  Device device;
  device.transport.answer(kContentDirectoryPath, ok(R"({"format":1,"directory":{"services":[)", "\"bad\""));
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(), "\"c1\""));
  ContentCheck check = device.check();
  CHECK(check.change.empty());
  CHECK_THAT(check.error, Catch::Matchers::ContainsSubstring("not valid JSON"));
  CHECK(device.updater.status().last_error == check.error);
  CHECK(device.updater.status().updated_at == 0);
  // Nothing was kept, so the next check asks for everything again.
  CHECK_FALSE(device.store.setting("content.directory.text").has_value());
  CHECK_FALSE(device.store.setting("content.checklists.text").has_value());
  device.transport.answer(kContentDirectoryPath, ok(directory_document(directory_with_new_service()), "\"d2\""));
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(), "\"c1\""));
  ContentCheck next = device.check();
  CHECK_FALSE(device.transport.if_none_match(2).has_value());
  CHECK_FALSE(device.transport.if_none_match(3).has_value());
  CHECK(next.error.empty());
  CHECK(next.change.data != nullptr);
  CHECK(device.updater.status().last_error.empty()); // a good check clears the old problem
}

TEST_CASE("a 304 to a request without an ETag is an error, not a quiet success") {
  Device device;
  device.transport.answer(kContentDirectoryPath, not_modified());
  ContentCheck check = device.check();
  CHECK(check.change.empty());
  CHECK_THAT(check.error, Catch::Matchers::ContainsSubstring("/api/v1/content/directory: HTTP 304"));
}

TEST_CASE("a directory that breaks its own schema is refused with the JSON path") {
  Device device;
  json broken = json::parse(seed_directory());
  broken["services"][0]["service_areas"][0]["extent"] = "GM9999";
  device.transport.answer(kContentDirectoryPath, ok(directory_document(broken.dump()), "\"d3\""));
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(), "\"c1\""));
  ContentCheck check = device.check();
  CHECK(check.change.empty());
  CHECK_THAT(check.error, Catch::Matchers::ContainsSubstring("directory update refused"));
  CHECK_THAT(check.error, Catch::Matchers::ContainsSubstring("/services/0/service_areas/0"));
  CHECK_THAT(check.error, Catch::Matchers::ContainsSubstring("GM9999"));

  // The outer shape is checked too: a later format is for a later app.
  Device other;
  other.transport.answer(kContentDirectoryPath, ok(R"({"format":2})", "\"d4\""));
  other.transport.answer(kContentChecklistsPath, ok(checklists_document(), "\"c1\""));
  CHECK_THAT(other.check().error, Catch::Matchers::ContainsSubstring("/format"));
}

TEST_CASE("a checklist naming a route that does not exist is refused") {
  Device device;
  json jgz = json::parse(seed_jgz());
  jgz["version"] = 2;
  jgz["domains"][0]["routes"]["1"] = json::array({"route-bestaat-niet"});
  device.transport.answer(kContentDirectoryPath, ok(directory_document(), "\"d1\""));
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(jgz.dump()), "\"c2\""));
  ContentCheck check = device.check();
  CHECK(check.change.empty());
  CHECK_THAT(check.error, Catch::Matchers::ContainsSubstring("checklist update refused"));
  CHECK_THAT(check.error, Catch::Matchers::ContainsSubstring("route-bestaat-niet"));
  CHECK_FALSE(device.store.setting("content.checklists.text").has_value());
}

TEST_CASE("a directory update may not drop a route the installed checklists use") {
  Device device;
  json routes = json::parse(seed_routes());
  auto &list = routes["routes"];
  list.erase(std::remove_if(list.begin(), list.end(),
                            [](const json &route) { return route["id"] == "route-ontwikkeling-groei"; }),
             list.end());
  device.transport.answer(kContentDirectoryPath, ok(directory_document(seed_directory(), routes.dump()), "\"d5\""));
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(), "\"c1\""));
  ContentCheck check = device.check();
  CHECK(check.change.empty());
  CHECK_THAT(check.error, Catch::Matchers::ContainsSubstring("route-ontwikkeling-groei"));
  CHECK_FALSE(device.store.setting("content.directory.text").has_value());
}

TEST_CASE("a checklist version lower than the installed one is refused") {
  Device device;
  // This device already runs version 2 of the JGZ checklist.
  device.checklists = builtin_checklists(device.data->routes, with_version(seed_jgz(), 2));
  device.transport.answer(kContentDirectoryPath, ok(directory_document(directory_with_new_service()), "\"d2\""));
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(), "\"c1\""));
  ContentCheck check = device.check();
  CHECK(check.change.empty()); // the good directory waits for a good pair
  CHECK_THAT(check.error,
             Catch::Matchers::ContainsSubstring("jgz-vroegsignalering v1 is older than the installed version 2"));
  CHECK_FALSE(device.store.setting("content.directory.text").has_value());
}

TEST_CASE("a checklist changed without a new version is refused") {
  Device device;
  json jgz = json::parse(seed_jgz());
  jgz["title"]["nl"] = "Andere titel, zelfde versie";
  device.transport.answer(kContentDirectoryPath, ok(directory_document(), "\"d1\""));
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(jgz.dump()), "\"c3\""));
  ContentCheck check = device.check();
  CHECK(check.change.empty());
  CHECK_THAT(check.error, Catch::Matchers::ContainsSubstring("needs a new version"));
}

TEST_CASE("a newer checklist version is accepted against the routes in use") {
  Device device;
  device.transport.answer(kContentDirectoryPath, ok(directory_document(), "\"d1\""));
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(), "\"c1\""));
  REQUIRE(device.check().error.empty());
  device.transport.answer(kContentDirectoryPath, not_modified());
  device.transport.answer(kContentChecklistsPath, ok(checklists_document(with_version(seed_jgz(), 2)), "\"c4\""));
  ContentCheck check = device.check();
  INFO(check.error);
  REQUIRE(check.error.empty());
  CHECK(check.change.data == nullptr);
  REQUIRE(check.change.checklists.has_value());
  CHECK(check.change.checklists->latest("jgz-vroegsignalering")->version == 2);
  CHECK(check.change.checklists->latest("ouderen-vroegsignalering")->version == 1);
}

TEST_CASE("an HTTP error or no answer changes nothing and says what happened") {
  Device device;
  device.transport.answer(
      kContentDirectoryPath,
      HttpResponse{503, R"({"error":"content_unavailable","message":"routes.json: cannot read"})", ""});
  ContentCheck check = device.check();
  CHECK(check.change.empty());
  CHECK_THAT(check.error, Catch::Matchers::ContainsSubstring("HTTP 503: routes.json: cannot read"));
  ContentCheck offline = device.check(); // the scripted transport has no more answers
  CHECK(offline.change.empty());
  CHECK_THAT(offline.error, Catch::Matchers::ContainsSubstring("no answer from the collector (offline)"));
}

TEST_CASE("a restart offline starts with the stored copy") {
  TempFolder tmp;
  const std::string path = tmp.file("device.sqlite3");
  {
    auto store = LocalStore::open(path);
    REQUIRE(store.ok());
    ScriptedTransport transport;
    transport.answer(kContentDirectoryPath, ok(directory_document(directory_with_new_service()), "\"d2\""));
    transport.answer(kContentChecklistsPath, ok(checklists_document(with_version(seed_jgz(), 2)), "\"c4\""));
    auto data = builtin_data();
    auto checklists = builtin_checklists(data->routes);
    ContentUpdater updater(store.value(), transport, [] { return kNow; });
    std::optional<ContentCheck> check;
    updater.check(*data, checklists, [&](ContentCheck c) { check = std::move(c); });
    REQUIRE(check.has_value());
    REQUIRE(check->error.empty());
  }
  auto store = LocalStore::open(path); // the app starts again, without a network
  REQUIRE(store.ok());
  ScriptedTransport offline;
  auto data = builtin_data();
  auto checklists = builtin_checklists(data->routes);
  ContentUpdater updater(store.value(), offline, [] { return kNow + 3600; });
  ContentChange stored = updater.load_stored(*data, checklists);
  REQUIRE(stored.data != nullptr);
  CHECK(finds(*stored.data, "dakgoot", "svc-dakgoot-test"));
  REQUIRE(stored.checklists.has_value());
  CHECK(stored.checklists->latest("jgz-vroegsignalering")->version == 2);
  CHECK(updater.status().updated_at == kNow);
  CHECK(updater.status().last_error.empty());

  // The next check asks only for what is newer than the stored copy.
  std::optional<ContentCheck> check;
  updater.check(*stored.data, *stored.checklists, [&](ContentCheck c) { check = std::move(c); });
  REQUIRE(check.has_value());
  CHECK(check->change.empty());
  CHECK(offline.if_none_match(0) == "\"d2\"");
}

TEST_CASE("a corrupt stored copy falls back to the built-in data") {
  Device device;
  REQUIRE(device.store.set_setting("content.directory.text", "{\"format\":1,\"directory\":").ok());
  REQUIRE(device.store.set_setting("content.directory.etag", "\"d2\"").ok());
  REQUIRE(device.store.set_setting("content.checklists.text", checklists_document(with_version(seed_jgz(), 2))).ok());
  REQUIRE(device.store.set_setting("content.checklists.etag", "\"c4\"").ok());
  ContentChange stored = device.updater.load_stored(*device.data, device.checklists);
  CHECK(stored.data == nullptr); // the built-in directory stays
  CHECK_THAT(device.updater.status().last_error, Catch::Matchers::ContainsSubstring("stored directory unusable"));
  // The stored checklists still fit the built-in routes, so they are used.
  REQUIRE(stored.checklists.has_value());
  CHECK(stored.checklists->latest("jgz-vroegsignalering")->version == 2);

  // The broken copy's ETag is not sent: the collector must send the whole document.
  device.transport.answer(kContentDirectoryPath, ok(directory_document(directory_with_new_service()), "\"d2\""));
  device.transport.answer(kContentChecklistsPath, not_modified());
  device.checklists = std::move(*stored.checklists);
  ContentCheck check = device.check();
  INFO(check.error);
  CHECK_FALSE(device.transport.if_none_match(0).has_value());
  CHECK(device.transport.if_none_match(1) == "\"c4\"");
  REQUIRE(check.change.data != nullptr);
  CHECK(check.error.empty());
}

TEST_CASE("stored checklists older than the app's own are dropped at start") {
  Device device;
  REQUIRE(device.store.set_setting("content.checklists.text", checklists_document()).ok());
  REQUIRE(device.store.set_setting("content.checklists.etag", "\"c1\"").ok());
  // A newer app ships JGZ version 2; the stored version 1 must not replace it.
  device.checklists = builtin_checklists(device.data->routes, with_version(seed_jgz(), 2));
  ContentChange stored = device.updater.load_stored(*device.data, device.checklists);
  CHECK(stored.empty());
  CHECK_THAT(device.updater.status().last_error,
             Catch::Matchers::ContainsSubstring("older than the installed version 2"));
}

TEST_CASE("content tags are FNV-1a 64 of the document's bytes") {
  CHECK(content_etag("") == "\"cbf29ce484222325\"");
  CHECK(content_etag("a") == "\"af63dc4c8601ec8c\"");
  CHECK(content_etag(compose_checklists_document({"{}", "[]"})) ==
        content_etag(R"({"format":1,"checklists":[{},[]]})"));
  CHECK(compose_directory_document("1", "2", "3") == R"({"format":1,"directory":1,"synonyms":2,"routes":3})");
}

TEST_CASE("while the built-in data is in use its tags are sent, so an unchanged release costs two 304s") {
  TempFolder tmp;
  LocalStore store = open_store(tmp.file("device.sqlite3"));
  ScriptedTransport transport;
  auto data = builtin_data();
  auto checklists = builtin_checklists(data->routes);
  const ContentTags builtin{content_etag(directory_document()), content_etag(checklists_document())};
  ContentUpdater updater(
      store, transport, [] { return kNow; }, builtin);
  CHECK(updater.load_stored(*data, checklists).empty());
  transport.answer(kContentDirectoryPath, not_modified());
  transport.answer(kContentChecklistsPath, not_modified());
  std::optional<ContentCheck> check;
  updater.check(*data, checklists, [&](ContentCheck c) { check = std::move(c); });
  REQUIRE(check.has_value());
  CHECK(check->error.empty());
  CHECK(check->change.empty());
  CHECK(transport.if_none_match(0) == builtin.directory);
  CHECK(transport.if_none_match(1) == builtin.checklists);
  CHECK(updater.status().updated_at == 0); // still the built-in data
}
