// directory_api_test.cpp — /services and /taxonomy_terms over real HTTP: core's
// search behind HSDS 3 pages, filters, strict parameters and revalidation.
#include "directory_api.h"

#include "running_collector.h"

#include <catch_amalgamated.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <string>
#include <vector>

using namespace veldwijzer::collector;
using nlohmann::json;

namespace {

json get_json(const RunningCollector &collector, const std::string &target, int expected_status = 200) {
  auto res = collector.client().Get(target);
  INFO(target);
  REQUIRE(res);
  INFO(res->body);
  CHECK(res->status == expected_status);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  return json::parse(res->body);
}

std::vector<std::string> ids(const json &page) {
  std::vector<std::string> out;
  for (const json &item : page.at("contents")) {
    out.push_back(item.at("id").get<std::string>());
  }
  return out;
}

using Ids = std::vector<std::string>;

// Only the directory API, with a clock the test sets, for open_now.
struct RunningDirectoryApi {
  TempFolder tmp;
  std::shared_ptr<const LoadedDirectory> loaded = load_fixture_directory(tmp.path / "assets");
  std::atomic<std::int64_t> now = 0;
  httplib::Server server;
  std::thread thread;
  int port = 0;

  RunningDirectoryApi() {
    register_directory_api(server, *loaded->directory, loaded->index, loaded->region, [this] { return now.load(); });
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread = std::thread([this] { server.listen_after_bind(); });
  }
  ~RunningDirectoryApi() {
    server.stop();
    thread.join();
  }
  httplib::Result get(const std::string &target) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(5, 0);
    return client.Get(target);
  }
};

} // namespace

TEST_CASE("a search answers with core's best hit first, typos, compounds and synonyms included") {
  RunningCollector collector;
  CHECK(ids(get_json(collector, "/services?search=huislijk%20geweld&municipality=GM0183")).front() == "svc-vt");
  CHECK(ids(get_json(collector, "/services?search=vervuiling")).front() == "svc-woning");
  CHECK(ids(get_json(collector, "/services?search=geldzorgen")).front() == "svc-wijkteam-tubbergen");
}

TEST_CASE("a service is served exactly as core exports it, in a list and by id") {
  RunningCollector collector;
  TempFolder tmp;
  const auto loaded = load_fixture_directory(tmp.path / "assets");
  const std::string exported = veldwijzer::export_service_hsds(*loaded->directory->service("svc-vt"));

  auto one = collector.client().Get("/services/svc-vt");
  REQUIRE(one);
  CHECK(one->body == exported); // same text: field order kept
  const json page = get_json(collector, "/services?search=veilig%20thuis");
  CHECK(page["contents"][0] == json::parse(exported));
}

TEST_CASE("without search text every service passing the filters is listed, in name order") {
  RunningCollector collector;
  const json page = get_json(collector, "/services");
  CHECK(ids(page) == Ids{"svc-jgz", "svc-kindertelefoon", "svc-woning", "svc-vt", "svc-wijkteam-tubbergen"});
  CHECK(page["total_items"] == 5);
}

TEST_CASE("pages report total items, total pages and first, last and empty for page 1, 2 and beyond the end") {
  RunningCollector collector;
  const json first = get_json(collector, "/services?per_page=2");
  CHECK(first["total_items"] == 5);
  CHECK(first["total_pages"] == 3);
  CHECK(first["page_number"] == 1);
  CHECK(first["size"] == 2);
  CHECK(first["first_page"] == true);
  CHECK(first["last_page"] == false);
  CHECK(first["empty"] == false);
  CHECK(ids(first) == Ids{"svc-jgz", "svc-kindertelefoon"});

  const json second = get_json(collector, "/services?per_page=2&page=2");
  CHECK(second["page_number"] == 2);
  CHECK(second["first_page"] == false);
  CHECK(second["last_page"] == false);
  CHECK(ids(second) == Ids{"svc-woning", "svc-vt"});

  const json last = get_json(collector, "/services?per_page=2&page=3");
  CHECK(last["size"] == 1);
  CHECK(last["last_page"] == true);
  CHECK(ids(last) == Ids{"svc-wijkteam-tubbergen"});

  const json beyond = get_json(collector, "/services?per_page=2&page=4");
  CHECK(beyond["total_items"] == 5);
  CHECK(beyond["total_pages"] == 3);
  CHECK(beyond["page_number"] == 4);
  CHECK(beyond["size"] == 0);
  CHECK(beyond["first_page"] == false);
  CHECK(beyond["last_page"] == true);
  CHECK(beyond["empty"] == true);
  CHECK(beyond["contents"] == json::array());
}

TEST_CASE("a search without hits is one empty page that is both first and last") {
  RunningCollector collector;
  const json page = get_json(collector, "/services?search=zzzzqqq");
  CHECK(page["total_items"] == 0);
  CHECK(page["total_pages"] == 0);
  CHECK(page["first_page"] == true);
  CHECK(page["last_page"] == true);
  CHECK(page["empty"] == true);
}

TEST_CASE("per_page defaults to 20 and takes up to 100") {
  RunningCollector collector;
  CHECK(get_json(collector, "/services")["total_pages"] == 1);
  CHECK(get_json(collector, "/services?per_page=100")["size"] == 5);
  CHECK(get_json(collector, "/services?per_page=1")["total_pages"] == 5);
}

TEST_CASE("filters narrow the list: municipality, age, prenatal, topic, audience, 24/7 and policy bodies") {
  RunningCollector collector;
  CHECK(ids(get_json(collector, "/services?municipality=GM0164")) ==
        Ids{"svc-jgz", "svc-kindertelefoon", "svc-woning", "svc-vt"});
  CHECK(ids(get_json(collector, "/services?age_months=5")) ==
        Ids{"svc-jgz", "svc-woning", "svc-vt", "svc-wijkteam-tubbergen"});
  CHECK(ids(get_json(collector, "/services?age_months=300")) == Ids{"svc-woning", "svc-vt", "svc-wijkteam-tubbergen"});
  CHECK(ids(get_json(collector, "/services?prenatal=true")) ==
        Ids{"svc-jgz", "svc-woning", "svc-vt", "svc-wijkteam-tubbergen"});
  CHECK(ids(get_json(collector, "/services?topic=schulden")) == Ids{"svc-wijkteam-tubbergen"});
  CHECK(ids(get_json(collector, "/services?topic=schulden&include_policy=true")) ==
        Ids{"svc-beleid", "svc-wijkteam-tubbergen"});
  CHECK(ids(get_json(collector, "/services?audience=professionals")) == Ids{"svc-vt"});
  CHECK(get_json(collector, "/services?audience=citizens")["total_items"] == 5);
  CHECK(ids(get_json(collector, "/services?always_open=true")) == Ids{"svc-vt"});
  CHECK(get_json(collector, "/services?always_open=false&prenatal=false")["total_items"] == 5);
}

TEST_CASE("filters combine with a search, and an inactive service is never listed") {
  RunningCollector collector;
  CHECK(ids(get_json(collector, "/services?search=schulden&municipality=GM0183")) == Ids{"svc-wijkteam-tubbergen"});
  CHECK(get_json(collector, "/services?search=schulden&municipality=GM0164")["total_items"] == 0);
  CHECK(get_json(collector, "/services?search=oud%20loket")["total_items"] == 0);
}

TEST_CASE("open_now is judged on Amsterdam time: at 03:00 only the 24/7 line, at noon the Kindertelefoon too") {
  RunningDirectoryApi api;
  api.now = 1795399200; // Monday 23 November 2026, 03:00 CET
  auto night = api.get("/services?open_now=true");
  REQUIRE(night);
  CHECK(ids(json::parse(night->body)) == Ids{"svc-vt"});
  api.now = 1795431600; // the same day, 12:00 CET
  auto noon = api.get("/services?open_now=true");
  REQUIRE(noon);
  CHECK(ids(json::parse(noon->body)) == Ids{"svc-kindertelefoon", "svc-vt"});
  // The answer changes with the clock, not the dataset: no ETag to revalidate against.
  CHECK_FALSE(noon->has_header("ETag"));
  CHECK(noon->get_header_value("Cache-Control") == "no-cache");
}

TEST_CASE("a service by id is the HSDS object, an unknown id is 404 JSON") {
  RunningCollector collector;
  const json service = get_json(collector, "/services/svc-kindertelefoon");
  CHECK(service["id"] == "svc-kindertelefoon");
  // Policy bodies and inactive services are hidden from lists, but a link to one still resolves.
  CHECK(get_json(collector, "/services/svc-beleid")["id"] == "svc-beleid");
  CHECK(get_json(collector, "/services/svc-oud")["status"] == "inactive");

  const json missing = get_json(collector, "/services/svc-nope", 404);
  CHECK(missing["error"] == "not_found");
  CHECK(missing["message"].get<std::string>().find("svc-nope") != std::string::npos);
}

TEST_CASE("taxonomy terms are listed as HSDS pages, filtered by taxonomy") {
  RunningCollector collector;
  const json all = get_json(collector, "/taxonomy_terms");
  CHECK(all["total_items"] == 9);
  CHECK(all["contents"][0]["id"] == "huiselijk-geweld");
  CHECK(all["contents"][0]["taxonomy"] == "veldwijzer-topics");

  const json topics = get_json(collector, "/taxonomy_terms?taxonomy=veldwijzer-topics&per_page=3&page=2");
  CHECK(topics["total_items"] == 4);
  CHECK(topics["total_pages"] == 2);
  CHECK(ids(topics) == Ids{"opvoeden"});
  CHECK(topics["last_page"] == true);
}

TEST_CASE("every bad parameter is a 400 whose message names the parameter") {
  RunningCollector collector;
  const std::string long_search(201, 'a');
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/services?page=0", "page"},
      {"/services?page=abc", "page"},
      {"/services?page=2x", "page"},
      {"/services?page=-1", "page"},
      {"/services?per_page=0", "per_page"},
      {"/services?per_page=1000", "per_page"},
      {"/services?age_months=abc", "age_months"},
      {"/services?age_months=-3", "age_months"},
      {"/services?age_months=12&prenatal=true", "prenatal"},
      {"/services?prenatal=yes", "prenatal"},
      {"/services?open_now=1", "open_now"},
      {"/services?always_open=", "always_open"},
      {"/services?include_policy=TRUE", "include_policy"},
      {"/services?municipality=GM99", "municipality"},
      {"/services?municipality=GM0141", "municipality"}, // Almelo, but not in this region file
      {"/services?audience=everyone", "audience"},
      {"/services?topic=nope", "topic"},
      {"/services?search=" + long_search, "search"},
      {"/services?municipalty=GM0183", "municipalty"},
      {"/services?page=1&page=2", "page"},
      {"/services/svc-vt?full=true", "full"},
      {"/taxonomy_terms?taxonomy=nope", "taxonomy"},
      {"/taxonomy_terms?per_page=101", "per_page"},
      {"/taxonomy_terms?search=x", "search"},
  };
  for (const auto &[target, parameter] : cases) {
    const json body = get_json(collector, target, 400);
    INFO(target);
    CHECK(body["error"] == "bad_request");
    const std::string message = body["message"].get<std::string>();
    INFO(message);
    CHECK(message.find(parameter) != std::string::npos);
  }
}

TEST_CASE("a search of exactly 200 bytes is still accepted") {
  RunningCollector collector;
  CHECK(get_json(collector, "/services?search=" + std::string(200, 'a'))["total_items"] == 0);
}

TEST_CASE("a bad value that is not UTF-8 still gets a JSON 400, not a crash") {
  RunningCollector collector;
  const json body = get_json(collector, "/services?audience=%FF%FE", 400);
  CHECK(body["error"] == "bad_request");
}

TEST_CASE("answers carry the dataset version as ETag and a matching If-None-Match gets 304") {
  RunningCollector collector;
  auto client = collector.client();
  for (const char *target : {"/services?search=geweld", "/services/svc-vt", "/taxonomy_terms"}) {
    INFO(target);
    auto first = client.Get(target);
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(first->get_header_value("ETag") == "W/\"1\"");
    CHECK(first->get_header_value("Cache-Control") == "no-cache");

    auto again = client.Get(target, {{"If-None-Match", "W/\"1\""}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(again->get_header_value("ETag") == "W/\"1\"");

    auto listed = client.Get(target, {{"If-None-Match", "\"0\", \"1\""}}); // weak comparison, any of a list
    REQUIRE(listed);
    CHECK(listed->status == 304);

    auto stale = client.Get(target, {{"If-None-Match", "W/\"0\""}});
    REQUIRE(stale);
    CHECK(stale->status == 200);
    CHECK_FALSE(stale->body.empty());
  }
}

TEST_CASE("a bad request is refused even when the client's copy would be current") {
  RunningCollector collector;
  auto res = collector.client().Get("/services?page=0", {{"If-None-Match", "W/\"1\""}});
  REQUIRE(res);
  CHECK(res->status == 400);
}

TEST_CASE("/services and /taxonomy_terms are the API even when the web root has files of those names") {
  RunningCollector collector;
  write_bytes(collector.tmp.file("web/services"), "STATIC");
  write_bytes(collector.tmp.file("web/taxonomy_terms"), "STATIC");
  for (const char *target : {"/services", "/taxonomy_terms"}) {
    auto res = collector.client().Get(target);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    CHECK(res->body.find("STATIC") == std::string::npos);
    CHECK(json::parse(res->body).contains("contents"));
  }
}
