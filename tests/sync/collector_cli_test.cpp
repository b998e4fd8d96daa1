// collector_cli_test.cpp — the admin commands: parsed strictly, and run as
// the real program (enroll-code, tokens, revoke, import-directory, export).
#include "collector_cli.h"
#include "collector_store.h"
#include "credentials.h"

#include "directory_fixture_files.h"
#include "running_collector.h"
#include "temp_folder.h"
#include "upload_fixture.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <map>
#include <regex>
#include <sys/wait.h>
#include <thread>

using namespace veldwijzer::collector;

namespace {

struct Exit {
  int code = -1;
  std::string output; // stdout and stderr
};

Exit run(const std::string &args) {
  const std::string command = std::string(VELDWIJZER_COLLECTOR_BINARY) + " " + args + " 2>&1";
  Exit result;
  FILE *pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
    result.output += buffer;
  }
  const int status = pclose(pipe);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string quoted(const std::string &path) {
  return "'" + path + "'";
}

} // namespace

TEST_CASE("without a command, or with serve, the collector's flags are parsed as before") {
  auto plain = parse_collector_command({"--port", "9000", "--db", "x.sqlite3"});
  REQUIRE(plain.ok());
  CHECK(plain.value().kind == CollectorCommandKind::serve);
  CHECK(plain.value().serve.port == 9000);
  auto named = parse_collector_command({"serve", "--port=9001"});
  REQUIRE(named.ok());
  CHECK(named.value().kind == CollectorCommandKind::serve);
  CHECK(named.value().serve.port == 9001);
  CHECK(parse_collector_command({}).value().kind == CollectorCommandKind::serve);
  CHECK(parse_collector_command({"--help"}).value().kind == CollectorCommandKind::help);
  CHECK(parse_collector_command({"--prot", "1"}).error() == "unknown option '--prot' (see --help)");
}

TEST_CASE("enroll-code needs an organisation and CBS codes, and takes --read and --base-url") {
  auto ok = parse_collector_command({"enroll-code", "--org", "GGD Twente JGZ", "--municipalities", "GM0153,GM0164",
                                     "--base-url=http://collector:8080", "--db", "d.sqlite3"});
  REQUIRE(ok.ok());
  CHECK(ok.value().kind == CollectorCommandKind::enroll_code);
  CHECK(ok.value().admin.organisation == "GGD Twente JGZ");
  CHECK(ok.value().admin.municipalities == std::vector<std::string>{"GM0153", "GM0164"});
  CHECK_FALSE(ok.value().admin.read_token);
  CHECK(ok.value().admin.base_url == "http://collector:8080");
  CHECK(ok.value().admin.db_path == "d.sqlite3");
  CHECK(parse_collector_command({"enroll-code", "--org", "Data", "--read"}).value().admin.read_token);
  CHECK(parse_collector_command({"enroll-code", "--org", "Data", "--read", "--municipalities", "GM0153"}).error() ==
        "enroll-code: --municipalities is for device tokens; a read token reads every municipality");

  CHECK(parse_collector_command({"enroll-code", "--municipalities", "GM0153"}).error() ==
        "enroll-code: --org is required (the organisation the token is for)");
  CHECK(parse_collector_command({"enroll-code", "--org", "GGD"}).error() ==
        "enroll-code: --municipalities is required for a device token (CBS codes, like GM0153,GM0164)");
  CHECK(parse_collector_command({"enroll-code", "--org", "GGD", "--municipalities", "GM153"}).error() ==
        "enroll-code: --municipalities: 'GM153' is not a CBS code like GM0153");
  CHECK(parse_collector_command({"enroll-code", "--org", "GGD", "--municipalities", "GM0153", "--base-url", "host"})
            .error() == "enroll-code: --base-url must start with http:// or https://, got 'host'");
  CHECK(parse_collector_command({"enroll-code", "--org", "GGD", "--port", "1"}).error() ==
        "enroll-code: unknown option '--port' (see --help)");
}

TEST_CASE("revoke and import-directory take exactly one argument; export checks its filters") {
  CHECK(parse_collector_command({"revoke", "abcdef012345"}).value().admin.token_id == "abcdef012345");
  CHECK(parse_collector_command({"revoke"}).error() == "revoke: expected TOKEN_ID (see --help)");
  CHECK(parse_collector_command({"import-directory", "new.json", "--assets", "a"}).value().admin.file == "new.json");
  CHECK(parse_collector_command({"tokens", "extra"}).error() == "tokens: unexpected argument 'extra' (see --help)");
  CHECK(parse_collector_command({"export", "--format", "xml"}).error() ==
        "export: --format must be csv or json, got 'xml'");
  CHECK(parse_collector_command({"export", "--from", "2026-13"}).error() ==
        "export: --from must be a month, YYYY-MM, got '2026-13'");
  auto exported =
      parse_collector_command({"export", "--format=json", "--municipality", "GM0153,GM0164", "--domain", "J4"});
  REQUIRE(exported.ok());
  CHECK(exported.value().admin.filter.municipalities.size() == 2);
  CHECK(exported.value().admin.filter.domain == "J4");
  CHECK(parse_collector_command({"frobnicate"}).error() == "unknown command 'frobnicate' (see --help)");
}

TEST_CASE("--help lists every command") {
  const Exit help = run("--help");
  CHECK(help.code == 0);
  for (const char *word : {"enroll-code", "tokens", "revoke", "import-directory", "export", "--port", "--db"}) {
    CHECK(help.output.find(word) != std::string::npos);
  }
}

TEST_CASE("enroll-code prints a grouped code and its URL; tokens lists the token; revoke revokes it") {
  TempFolder tmp;
  write_fixture_assets(tmp.path / "assets");
  const std::string db = quoted(tmp.file("var/collector.sqlite3"));
  const std::string assets = quoted(tmp.file("assets"));
  const Exit issued = run("enroll-code --org 'GGD Twente JGZ' --municipalities GM0153,GM0164 --db " + db +
                          " --assets " + assets + " --base-url http://collector.example:8080");
  INFO(issued.output);
  REQUIRE(issued.code == 0);
  std::smatch code;
  REQUIRE(std::regex_search(issued.output, code, std::regex("code +([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})")));
  CHECK(issued.output.find("url      http://collector.example:8080/#enroll/" + code[1].str()) != std::string::npos);
  CHECK(issued.output.find("(single use)") != std::string::npos);

  // Redeem it as a device would, through the store the server uses.
  std::string token_id;
  {
    auto store = open_sqlite_collector_store(tmp.file("var/collector.sqlite3"));
    REQUIRE(store.ok());
    auto issued_code = code[1].str();
    issued_code.erase(std::remove(issued_code.begin(), issued_code.end(), '-'), issued_code.end());
    auto redeemed = store.value()->redeem_enrollment_code(sha256_hex(issued_code), std::string(64, 'a'), "0123456789ab",
                                                          std::time(nullptr));
    REQUIRE(redeemed.ok());
    token_id = redeemed.value().token_id;
  }
  const Exit listed = run("tokens --db " + db);
  INFO(listed.output);
  CHECK(listed.code == 0);
  CHECK(listed.output.find("ID") == 0);
  CHECK(listed.output.find("0123456789ab  submit  GGD Twente JGZ  GM0153,GM0164") != std::string::npos);

  const Exit revoked = run("revoke 0123456789ab --db " + db);
  CHECK(revoked.code == 0);
  CHECK(revoked.output.find("revoked token 0123456789ab") != std::string::npos);
  CHECK(run("revoke 0123456789ab --db " + db).output.find("already revoked") != std::string::npos);
  const Exit unknown = run("revoke ba9876543210 --db " + db);
  CHECK(unknown.code == 1);
  CHECK(unknown.output.find("no token with id ba9876543210") != std::string::npos);
}

TEST_CASE("enroll-code refuses a municipality that is not in the region, and stores nothing") {
  TempFolder tmp;
  write_fixture_assets(tmp.path / "assets");
  const Exit refused = run("enroll-code --org GGD --municipalities GM0153,GM0363 --db " +
                           quoted(tmp.file("c.sqlite3")) + " --assets " + quoted(tmp.file("assets")));
  CHECK(refused.code == 1);
  CHECK(refused.output.find("GM0363 is not a municipality of") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.path / "c.sqlite3"));
}

TEST_CASE("import-directory installs a good directory file whole, and refuses a bad one leaving the old in place") {
  TempFolder tmp;
  const auto assets = write_fixture_assets(tmp.path / "assets");
  const std::string installed = (assets / "directory" / "twente.json").string();
  const std::string before = read_bytes(installed);

  write_bytes(tmp.file("new.json"), test_directory_json("2"));
  const Exit ok = run("import-directory " + quoted(tmp.file("new.json")) + " --assets " + quoted(assets.string()));
  INFO(ok.output);
  CHECK(ok.code == 0);
  CHECK(ok.output.find("version 2") != std::string::npos);
  CHECK(read_bytes(installed) == test_directory_json("2"));

  std::string bad = test_directory_json("3");
  bad.replace(bad.find("\"GM0183\""), 8, "\"GM9999\"");
  write_bytes(tmp.file("bad.json"), bad);
  const Exit refused = run("import-directory " + quoted(tmp.file("bad.json")) + " --assets " + quoted(assets.string()));
  INFO(refused.output);
  CHECK(refused.code == 1);
  CHECK(refused.output.find("refused, nothing was changed") != std::string::npos);
  CHECK(refused.output.find(tmp.file("bad.json")) != std::string::npos); // names the file given, not a staging copy
  CHECK(refused.output.find("GM9999") != std::string::npos);
  CHECK(read_bytes(installed) == test_directory_json("2"));
  CHECK(before != read_bytes(installed));

  write_bytes(tmp.file("garbage.json"), "{");
  CHECK(run("import-directory " + quoted(tmp.file("garbage.json")) + " --assets " + quoted(assets.string())).code == 1);
  CHECK(run("import-directory " + quoted(tmp.file("missing.json")) + " --assets " + quoted(assets.string())).code == 1);
  CHECK(read_bytes(installed) == test_directory_json("2"));
  // No staging folders are left behind.
  for (const auto &entry : std::filesystem::directory_iterator(assets)) {
    CHECK(entry.path().filename().string().rfind(".import-", 0) != 0);
  }
}

TEST_CASE("export prints exactly what GET /api/v1/aggregates shows: small cells suppressed, filters pick rows") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0153", "GM0164", "GM0183"});
  auto client = collector.client();
  // 40 + 3 in GM0153/J4 in October; 3 alone in GM0164 (a small cell).
  const veldwijzer::Report report{"abcdef0123456789abcdef0123456789",
                                  {test_cell("GM0153", 40), test_cell("GM0153", 3, veldwijzer::SignalLevel::none),
                                   test_cell("GM0164", 3), test_cell("GM0183", 12, veldwijzer::SignalLevel::none)}};
  REQUIRE(post_report(client, token, report)->status == 200);

  const std::string db = quoted(collector.tmp.file("var/collector.sqlite3"));
  const std::string assets = quoted(collector.tmp.file("assets"));
  const Exit json = run("export --format json --db " + db + " --assets " + assets + " 2>/dev/null");
  INFO(json.output);
  REQUIRE(json.code == 0);
  const auto exported = nlohmann::json::parse(json.output);
  CHECK(exported["suppression"]["minimum_cell"] == 10);

  const std::string read_token = enroll_directly(collector.store(), {}, TokenKind::read);
  auto api =
      client.Get("/api/v1/aggregates?checklist=jgz-vroegsignalering", {{"Authorization", "Bearer " + read_token}});
  REQUIRE(api);
  REQUIRE(api->status == 200);
  const auto served = nlohmann::json::parse(api->body);
  std::map<std::string, nlohmann::json> by_row;
  for (const auto &row : served["rows"]) {
    by_row[row["period"].get<std::string>() + row["area"].get<std::string>() + row["domain"].get<std::string>()] =
        row["counts"];
  }
  REQUIRE(exported["rows"].size() == by_row.size());
  bool saw_suppressed = false;
  for (const auto &row : exported["rows"]) {
    const std::string key =
        row["period"].get<std::string>() + row["area"].get<std::string>() + row["domain"].get<std::string>();
    INFO(key);
    CHECK(row["counts"] == by_row[key]);
    saw_suppressed = saw_suppressed || row["counts"]["zorg"].is_null();
  }
  CHECK(saw_suppressed);

  // The small October cell of GM0164 is "." and the big one rounded to a multiple of 5.
  const Exit csv = run("export --db " + db + " --assets " + assets +
                       " --from 2026-10 --to 2026-10 --municipality GM0153,GM0164 --domain J4 2>/dev/null");
  INFO(csv.output);
  REQUIRE(csv.code == 0);
  CHECK(csv.output.rfind("\xEF\xBB\xBF"
                         "checklist;periode;gebied;gemeentecode;domein;domeinnaam;beoordeeld;signalen;",
                         0) == 0);
  CHECK(std::regex_search(csv.output, std::regex("\njgz-vroegsignalering;2026-10;[^;]+;GM0164;J4;")));
  CHECK(csv.output.find("GM0183") == std::string::npos);
  CHECK(csv.output.find("2026-09") == std::string::npos);
  CHECK(csv.output.find(";3;") == std::string::npos); // never a count below the minimum cell
}

namespace {

// A collector serving `db` exactly as main.cpp sets one up: the assets'
// directory and region, and the aggregates configuration from
// load_aggregates_config() (the real checklists), on a free loopback port.
struct ServedDatabase {
  std::unique_ptr<CollectorServer> server;
  std::thread thread;

  ServedDatabase(const std::string &db, const std::filesystem::path &assets) {
    auto store = open_sqlite_collector_store(db);
    REQUIRE(store.ok());
    auto loaded = load_directory_files(assets);
    REQUIRE(loaded.ok());
    auto directory = std::make_shared<const LoadedDirectory>(std::move(loaded).value());
    auto config = load_aggregates_config(assets, directory->region);
    INFO((config ? std::string() : config.error()));
    REQUIRE(config.ok());
    std::filesystem::create_directories(assets.parent_path() / "web");
    write_bytes((assets.parent_path() / "web" / "index.html").string(), "<!doctype html><title>Veldwijzer</title>");
    CollectorOptions options;
    options.port = 0;
    options.db_path = db;
    options.web_root = (assets.parent_path() / "web").string();
    options.assets_dir = assets.string();
    options.threads = 2;
    server = std::make_unique<CollectorServer>(
        options, std::move(store).value(), directory, [](const std::string &) {}, RequestLimits{}, CollectorHooks{},
        std::move(config).value());
    REQUIRE(server->bind().ok());
    thread = std::thread([this] { server->run(); });
  }
  ~ServedDatabase() {
    server->stop();
    thread.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server->port());
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(10, 0);
    return c;
  }
};

// The repository's checklist definitions, so the tables know every domain
// (and show zeros for them) as the real collector does.
std::filesystem::path real_checklists() {
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "assets" / "checklists";
}

std::string api_csv(const ServedDatabase &served, const std::string &read_token, const std::string &query) {
  auto client = served.client();
  auto res = client.Get("/api/v1/aggregates?format=csv" + query, {{"Authorization", "Bearer " + read_token}});
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  return res->body;
}

} // namespace

TEST_CASE("export's CSV and GET /api/v1/aggregates?format=csv are byte-identical for the same filters") {
  TempFolder tmp;
  const std::filesystem::path assets = write_fixture_assets(tmp.path / "assets");
  std::filesystem::copy(real_checklists(), assets / "checklists");
  const std::string db = tmp.file("collector.sqlite3");
  ServedDatabase served(db, assets);
  const std::string device = enroll_directly(served.server->store(), {"GM0153", "GM0164", "GM0183"});
  const std::string reader = enroll_directly(served.server->store(), {}, TokenKind::read);
  auto client = served.client();
  std::mt19937_64 rng(6);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(post_report(client, device, random_report(rng, {"GM0153", "GM0164", "GM0183"}, 60))->status == 200);
  }
  // A name Excel would take for a formula, and one with ; and a quote, must
  // come out of both the same way: through the same renderer.
  const veldwijzer::Report odd{"0123456789abcdef0123456789abcdef",
                               {test_cell("GM0153", 40, veldwijzer::SignalLevel::concern, "2026-10", "J9")}};
  REQUIRE(post_report(client, device, odd)->status == 200);

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"--checklist jgz-vroegsignalering", "&checklist=jgz-vroegsignalering"},
      {"--from 2026-10 --to 2026-11", "&from=2026-10&to=2026-11"},
      // 2025 has no counts at all: both show its table of zeros.
      {"--from 2025-11 --to 2026-09 --checklist jgz-vroegsignalering",
       "&from=2025-11&to=2026-09&checklist=jgz-vroegsignalering"},
      {"--municipality GM0153,GM0164 --domain J4", "&municipality=GM0153,GM0164&domain=J4"},
      {"--from 2026-10 --to 2026-10 --municipality GM0183 --domain J1 --checklist jgz-vroegsignalering",
       "&from=2026-10&to=2026-10&municipality=GM0183&domain=J1&checklist=jgz-vroegsignalering"},
  };
  for (const auto &[flags, query] : cases) {
    INFO("export " << flags << "  vs  ?format=csv" << query);
    const std::string from_api = api_csv(served, reader, query);
    const Exit exported = run("export --db " + quoted(db) + " --assets " + quoted(assets.string()) + " " + flags);
    REQUIRE(exported.code == 0);
    CHECK(exported.output == from_api);
    // Not two empty files agreeing: every case has rows, and a header with the API's columns.
    CHECK(from_api.rfind("\xEF\xBB\xBF"
                         "checklist;periode;gebied;gemeentecode;domein;domeinnaam;beoordeeld;signalen;",
                         0) == 0);
    CHECK(std::count(from_api.begin(), from_api.end(), '\n') > 1);
  }
  // The empty year really is there, as zeros.
  const Exit zeros = run("export --db " + quoted(db) + " --assets " + quoted(assets.string()) +
                         " --from 2025-12 --to 2025-12 --checklist jgz-vroegsignalering --municipality GM0153");
  REQUIRE(zeros.code == 0);
  CHECK(zeros.output.find("jgz-vroegsignalering;2025-12;Enschede;GM0153;J1;") != std::string::npos);

  const Exit unknown = run("export --db " + quoted(db) + " --assets " + quoted(assets.string()) +
                           " --checklist geen-lijst --from 2026-01 --to 2026-12");
  CHECK(unknown.code == 1);
  CHECK(unknown.output.find("not a known checklist") != std::string::npos);
  CHECK(run("export --from 2026-11 --to 2026-10").code == 2);
}

TEST_CASE("backup copies a database the collector is writing to: one consistent moment, checked, and servable") {
  TempFolder tmp;
  const std::filesystem::path assets = write_fixture_assets(tmp.path / "assets");
  std::filesystem::copy(real_checklists(), assets / "checklists");
  const std::string db = tmp.file("collector.sqlite3");
  const std::string copy = tmp.file("backup/collector-copy.sqlite3");
  std::filesystem::create_directories(tmp.path / "backup");

  std::vector<std::int64_t> prefix_totals = {0}; // the server's total after each acknowledged report
  std::string reader;
  std::string expected_csv;
  {
    ServedDatabase served(db, assets);
    const std::string device = enroll_directly(served.server->store(), {"GM0153", "GM0164", "GM0183"});
    reader = enroll_directly(served.server->store(), {}, TokenKind::read);
    auto client = served.client();
    std::mt19937_64 rng(9);
    // No Catch2 assertion in here: it also runs on the writer thread.
    const auto send_one = [&](httplib::Client &c) {
      const veldwijzer::Report report = random_report(rng, {"GM0153", "GM0164", "GM0183"}, 40);
      auto res = post_report(c, device, report);
      if (!res || res->status != 200) {
        return false;
      }
      CountsByKey sent;
      add_counts(sent, report.cells);
      prefix_totals.push_back(prefix_totals.back() + total(sent));
      return true;
    };
    for (int i = 0; i < 20; ++i) {
      REQUIRE(send_one(client));
    }

    // Reports keep arriving, one after another, while the backup runs.
    std::atomic<bool> stop{false};
    std::atomic<bool> writer_failed{false};
    std::thread writer([&] {
      auto c = served.client();
      while (!stop && !writer_failed) {
        writer_failed = !send_one(c);
      }
    });
    const Exit live = run("backup --db " + quoted(db) + " --to " + quoted(copy));
    stop = true;
    writer.join();
    REQUIRE_FALSE(writer_failed);
    INFO("reports acknowledged while and before the backup ran: " << prefix_totals.size() - 1);
    CHECK(prefix_totals.size() - 1 > 20); // the backup really ran beside writes
    INFO(live.output);
    REQUIRE(live.code == 0);
    CHECK(std::regex_search(live.output, std::regex(R"(: [0-9]+ bytes \([0-9]+ pages\), integrity_check ok)")));
    CHECK(std::filesystem::file_size(copy) > 0);
    // The copy holds a whole prefix of the reports: none half-counted.
    {
      auto copied = open_sqlite_collector_store(copy);
      REQUIRE(copied.ok());
      const std::int64_t copied_total = total(stored_counts(*copied.value()));
      INFO("copy total " << copied_total << ", reports acknowledged " << prefix_totals.size() - 1);
      CHECK(copied_total >= prefix_totals[20]);
      CHECK(std::find(prefix_totals.begin(), prefix_totals.end(), copied_total) != prefix_totals.end());
    }

    // No write after this one: the copy must show exactly what the server shows.
    const Exit again = run("backup --db " + quoted(db) + " --to " + quoted(copy));
    CHECK(again.code == 1);
    CHECK(again.output.find("already exists; pass --force") != std::string::npos);
    const Exit forced = run("backup --force --db " + quoted(db) + " --to " + quoted(copy));
    INFO(forced.output);
    REQUIRE(forced.code == 0);
    expected_csv = api_csv(served, reader, "");
    CHECK(total(stored_counts(served.server->store())) == prefix_totals.back());
  }

  // Restore: a collector serving the copy gives the same aggregates to the same read token.
  std::filesystem::remove(db);
  ServedDatabase restored(copy, assets);
  CHECK(api_csv(restored, reader, "") == expected_csv);
  CHECK(total(stored_counts(restored.server->store())) == prefix_totals.back());
  // No temporary copies are left beside the backup.
  for (const auto &entry : std::filesystem::directory_iterator(tmp.path / "backup")) {
    CHECK(entry.path().filename().string().find(".partial-") == std::string::npos);
  }
}

TEST_CASE("backup refuses bad paths with a clear error and a non-zero exit, and touches nothing") {
  TempFolder tmp;
  const std::string db = tmp.file("collector.sqlite3");
  REQUIRE(open_sqlite_collector_store(db).ok());
  write_bytes(tmp.file("existing.sqlite3"), "keep me");
  write_bytes(tmp.file("notes.txt"), "this is not a database, just some text long enough to be read");

  const auto refused = [&](const std::string &args, const std::string &message, int code = 1) {
    const Exit exit = run("backup " + args);
    INFO(args << " -> " << exit.output);
    CHECK(exit.code == code);
    CHECK(exit.output.find(message) != std::string::npos);
  };
  refused("--db " + quoted(tmp.file("missing.sqlite3")) + " --to " + quoted(tmp.file("b.sqlite3")),
          "no database there (no such file)");
  refused("--db " + quoted(tmp.path.string()) + " --to " + quoted(tmp.file("b.sqlite3")),
          "no database there (not a regular file)");
  refused("--db " + quoted(db) + " --to " + quoted(tmp.file("no-such-folder/b.sqlite3")),
          "the folder " + tmp.file("no-such-folder") + " does not exist");
  refused("--db " + quoted(db) + " --to " + quoted(tmp.file("existing.sqlite3")),
          "existing.sqlite3 already exists; pass --force to replace it");
  CHECK(read_bytes(tmp.file("existing.sqlite3")) == "keep me");
  refused("--force --db " + quoted(db) + " --to " + quoted(db), "is the database itself");
  refused("--db " + quoted(tmp.file("notes.txt")) + " --to " + quoted(tmp.file("b.sqlite3")),
          "not a readable SQLite database");
  refused("--force --db " + quoted(db) + " --to " + quoted(tmp.path.string()), "exists and is not a file");
  refused("--db " + quoted(db), "backup: --to FILE is required", 2);
  refused("--db " + quoted(db) + " --to " + quoted(tmp.file("b.sqlite3")) + " --overwrite",
          "backup: unknown option '--overwrite'", 2);
  CHECK_FALSE(std::filesystem::exists(tmp.file("b.sqlite3")));
  for (const auto &entry : std::filesystem::directory_iterator(tmp.path)) {
    CHECK(entry.path().filename().string().find(".partial-") == std::string::npos);
  }
  // --help says how.
  const Exit help = run("backup --help");
  CHECK(help.code == 0);
  CHECK(help.output.find("backup --to FILE [--force]") != std::string::npos);
  CHECK(help.output.find("PRAGMA integrity_check") != std::string::npos);
}
