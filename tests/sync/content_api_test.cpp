// content_api_test.cpp — the collector's content documents over real HTTP,
// and the device's ContentUpdater against that real collector: ETags, 304,
// gzip, a new directory after import-directory, and assets that cannot be
// served. The dataset is a copy of the real assets/ folder.
#include "collector_cli.h"
#include "collector_server.h"
#include "content_api.h"
#include "directory_files.h"

#include "veldwijzer/content_update.h"
#include "veldwijzer/directory_data.h"

#include "httplib_transport.h"
#include "running_collector.h"
#include "temp_folder.h"

#include <catch_amalgamated.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

using namespace veldwijzer;
using namespace veldwijzer::collector;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kNow = 1'795'694'400; // 2026-11-26

// A collector serving a copy of the real assets; restart() reads them again,
// as a restart after import-directory does.
struct SeedCollector {
  TempFolder tmp;
  fs::path assets = tmp.path / "assets";
  std::unique_ptr<CollectorServer> server;
  std::thread thread;

  SeedCollector() {
    fs::copy(fs::path(VELDWIJZER_SOURCE_DIR) / "assets", assets, fs::copy_options::recursive);
    fs::create_directories(tmp.path / "web");
    write_bytes(tmp.file("web/index.html"), "<!doctype html><title>Veldwijzer</title>");
    start();
  }
  ~SeedCollector() { stop(); }
  void start() {
    CollectorOptions options;
    options.port = 0;
    options.db_path = tmp.file("collector.sqlite3");
    options.web_root = tmp.file("web");
    options.assets_dir = assets.string();
    options.threads = 2;
    auto loaded = load_directory_files(assets);
    INFO((loaded ? std::string() : loaded.error()));
    REQUIRE(loaded.ok());
    auto store = open_sqlite_collector_store(options.db_path);
    REQUIRE(store.ok());
    server = std::make_unique<CollectorServer>(options, std::move(store).value(),
                                               std::make_shared<const LoadedDirectory>(std::move(loaded).value()),
                                               [](const std::string &) {});
    REQUIRE(server->bind().ok());
    thread = std::thread([this] { server->run(); });
  }
  void stop() {
    if (server) {
      server->stop();
      thread.join();
      server.reset();
    }
  }
  void restart() {
    stop();
    start();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server->port());
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(5, 0);
    return c;
  }
  // The real admin command, as a person runs it on the server.
  void import_directory(const std::string &directory_json) {
    write_bytes(tmp.file("new-directory.json"), directory_json);
    auto command =
        parse_collector_command({"import-directory", tmp.file("new-directory.json"), "--assets", assets.string()});
    REQUIRE(command.ok());
    std::ostringstream out;
    std::ostringstream err;
    const int code = run_admin_command(command.value(), out, err, kNow);
    INFO(err.str());
    REQUIRE(code == 0);
  }
  std::string directory_with_new_service() const {
    std::ifstream in(assets / "directory" / "twente.json");
    json doc = json::parse(in);
    doc["dataset"]["version"] = "2026-12-01.1";
    json service = doc["services"][0];
    service["id"] = "svc-dakgoot-test";
    service["name"] = "Dakgootloket Twente";
    doc["services"].push_back(service);
    return doc.dump(2);
  }
};

std::unique_ptr<DirectoryData> builtin_data(const fs::path &assets) {
  const auto read = [&](const char *part) {
    std::ifstream in(assets / part, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string region = read("regions/twente.json");
  const std::string directory = read("directory/twente.json");
  const std::string synonyms = read("directory/synonyms.json");
  const std::string routes = read("routes/routes.json");
  auto loaded = load_directory_data({region, directory, synonyms, routes});
  REQUIRE(loaded.ok());
  return std::move(loaded).value();
}

} // namespace

TEST_CASE("the content documents carry a strong ETag, no-cache, and are what the app's loaders accept") {
  SeedCollector collector;
  auto client = collector.client();
  const auto directory = client.Get("/api/v1/content/directory");
  REQUIRE(directory);
  REQUIRE(directory->status == 200);
  CHECK(std::regex_match(directory->get_header_value("ETag"), std::regex(R"("[0-9a-f]{16}")")));
  CHECK(directory->get_header_value("ETag") == content_etag(directory->body));
  CHECK(directory->get_header_value("Cache-Control") == "no-cache");
  CHECK(directory->get_header_value("Content-Type") == "application/json");
  const auto checklists = client.Get("/api/v1/content/checklists");
  REQUIRE(checklists);
  REQUIRE(checklists->status == 200);
  CHECK(std::regex_match(checklists->get_header_value("ETag"), std::regex(R"("[0-9a-f]{16}")")));
  CHECK(checklists->get_header_value("ETag") == content_etag(checklists->body));
  CHECK(checklists->get_header_value("ETag") != directory->get_header_value("ETag"));

  // Exactly what a device checks before it switches.
  const auto builtin = builtin_data(collector.assets);
  auto data = load_directory_document(directory->body, builtin->region);
  INFO((data ? std::string() : data.error()));
  REQUIRE(data.ok());
  CHECK(data.value()->directory.services.size() == builtin->directory.services.size());
  auto library = load_checklists_document(checklists->body, data.value()->routes, ChecklistLibrary{});
  INFO((library ? std::string() : library.error()));
  REQUIRE(library.ok());
  CHECK(library.value().installed().size() == 2);
  // Public data: no token was sent.
}

TEST_CASE("a device with the same files built in computes the collector's tags") {
  SeedCollector collector;
  auto client = collector.client();
  const auto read = [&](const fs::path &part) {
    std::ifstream in(collector.assets / part, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string jgz = read("checklists/jgz-vroegsignalering.json");
  const std::string ouderen = read("checklists/ouderen-vroegsignalering.json");
  CHECK(client.Get("/api/v1/content/directory")->get_header_value("ETag") ==
        content_etag(compose_directory_document(read("directory/twente.json"), read("directory/synonyms.json"),
                                                read("routes/routes.json"))));
  CHECK(client.Get("/api/v1/content/checklists")->get_header_value("ETag") ==
        content_etag(compose_checklists_document({jgz, ouderen})));
}

TEST_CASE("If-None-Match with the current ETag is answered 304; another tag gets the document") {
  SeedCollector collector;
  auto client = collector.client();
  const std::string etag = client.Get("/api/v1/content/directory")->get_header_value("ETag");
  for (const std::string &tag : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    INFO(tag);
    const auto again = client.Get("/api/v1/content/directory", {{"If-None-Match", tag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(again->get_header_value("ETag") == etag);
  }
  const auto other = client.Get("/api/v1/content/directory", {{"If-None-Match", "\"0123\""}});
  REQUIRE(other);
  CHECK(other->status == 200);
  CHECK_FALSE(other->body.empty());
}

TEST_CASE("the content documents are gzipped for clients that accept it") {
  SeedCollector collector;
  auto client = collector.client();
  client.set_decompress(false);
  const auto plain = client.Get("/api/v1/content/directory", {{"Accept-Encoding", "identity"}});
  const auto zipped = client.Get("/api/v1/content/directory", {{"Accept-Encoding", "gzip"}});
  REQUIRE(plain);
  REQUIRE(zipped);
  CHECK_FALSE(plain->has_header("Content-Encoding"));
  CHECK(zipped->get_header_value("Content-Encoding") == "gzip");
  CHECK(zipped->body.size() * 3 < plain->body.size()); // JSON text compresses well
  CHECK(zipped->get_header_value("ETag") == plain->get_header_value("ETag"));
}

TEST_CASE("after import-directory and a restart the directory has a new ETag and the new data") {
  SeedCollector collector;
  std::string old_directory_etag;
  std::string old_checklists_etag;
  {
    auto client = collector.client();
    old_directory_etag = client.Get("/api/v1/content/directory")->get_header_value("ETag");
    old_checklists_etag = client.Get("/api/v1/content/checklists")->get_header_value("ETag");
  }
  collector.import_directory(collector.directory_with_new_service());
  collector.restart();
  auto client = collector.client();
  const auto directory = client.Get("/api/v1/content/directory", {{"If-None-Match", old_directory_etag}});
  REQUIRE(directory);
  CHECK(directory->status == 200);
  CHECK(directory->get_header_value("ETag") != old_directory_etag);
  CHECK(directory->body.find("svc-dakgoot-test") != std::string::npos);
  // The checklists did not change, so neither did their tag.
  const auto checklists = client.Get("/api/v1/content/checklists", {{"If-None-Match", old_checklists_etag}});
  REQUIRE(checklists);
  CHECK(checklists->status == 304);
}

TEST_CASE("assets that cannot be served answer 503 with the reason, and the rest of the collector runs") {
  RunningCollector collector; // its fixture assets have no routes and no checklists
  auto client = collector.client();
  const auto directory = client.Get("/api/v1/content/directory");
  REQUIRE(directory);
  CHECK(directory->status == 503);
  CHECK_FALSE(directory->has_header("ETag"));
  const json body = json::parse(directory->body);
  CHECK(body["error"] == "content_unavailable");
  CHECK_THAT(body["message"].get<std::string>(), Catch::Matchers::ContainsSubstring("routes.json"));
  CHECK(client.Get("/api/v1/content/checklists")->status == 503);
  CHECK(client.Get("/healthz")->status == 200);
}

TEST_CASE("a checklist naming an unknown route is not served") {
  TempFolder tmp;
  fs::copy(fs::path(VELDWIJZER_SOURCE_DIR) / "assets", tmp.path / "assets", fs::copy_options::recursive);
  const fs::path file = tmp.path / "assets" / "checklists" / "jgz-vroegsignalering.json";
  std::ifstream in(file);
  json jgz = json::parse(in);
  in.close();
  jgz["domains"][0]["routes"]["1"] = json::array({"route-bestaat-niet"});
  write_bytes(file.string(), jgz.dump());
  const ContentDocuments docs = build_content_documents(tmp.path / "assets");
  CHECK(docs.directory.ok());
  REQUIRE_FALSE(docs.checklists.ok());
  CHECK_THAT(docs.checklists.error(), Catch::Matchers::ContainsSubstring("jgz-vroegsignalering.json"));
  CHECK_THAT(docs.checklists.error(), Catch::Matchers::ContainsSubstring("route-bestaat-niet"));
}

TEST_CASE("a device takes a new directory from a real collector, then hears 304 until the next import") {
  SeedCollector collector;
  TempFolder device;
  auto store = LocalStore::open(device.file("device.sqlite3"));
  REQUIRE(store.ok());
  HttplibTransport transport("127.0.0.1", collector.server->port());
  auto data = builtin_data(collector.assets);
  ChecklistLibrary checklists;
  for (const char *name : {"jgz-vroegsignalering.json", "ouderen-vroegsignalering.json"}) {
    std::ifstream in(collector.assets / "checklists" / name, std::ios::binary);
    const std::string source(std::istreambuf_iterator<char>(in), {});
    auto loaded = load_checklist(source, name, &data->routes);
    REQUIRE(loaded.ok());
    checklists.add(std::move(loaded).value(), source);
  }
  ContentUpdater updater(store.value(), transport, [] { return kNow; });
  const auto check = [&] {
    std::optional<ContentCheck> result;
    updater.check(*data, checklists, [&](ContentCheck c) { result = std::move(c); });
    REQUIRE(result.has_value());
    return std::move(*result);
  };

  ContentCheck first = check(); // no stored copy: both documents arrive
  INFO(first.error);
  REQUIRE(first.error.empty());
  REQUIRE(first.change.data != nullptr);
  REQUIRE(first.change.checklists.has_value());
  data = std::move(first.change.data);
  checklists = std::move(*first.change.checklists);

  ContentCheck second = check(); // nothing new: two 304s
  CHECK(second.error.empty());
  CHECK(second.change.empty());
  REQUIRE(transport.sent.size() == 4);
  CHECK(transport.sent[2].headers.contains("If-None-Match"));
  CHECK(transport.sent[3].headers.contains("If-None-Match"));

  collector.import_directory(collector.directory_with_new_service());
  collector.restart();
  HttplibTransport again("127.0.0.1", collector.server->port());
  ContentUpdater restarted(store.value(), again, [] { return kNow + 60; });
  ContentChange stored = restarted.load_stored(*builtin_data(collector.assets), checklists);
  REQUIRE(stored.data != nullptr); // the device restarted too, from its stored copy
  std::optional<ContentCheck> third;
  restarted.check(*stored.data, checklists, [&](ContentCheck c) { third = std::move(c); });
  REQUIRE(third.has_value());
  INFO(third->error);
  REQUIRE(third->error.empty());
  REQUIRE(third->change.data != nullptr);
  CHECK(third->change.data->directory.service("svc-dakgoot-test") != nullptr);
  CHECK_FALSE(third->change.checklists.has_value()); // 304: unchanged
  CHECK(restarted.status().updated_at == kNow + 60);
}
