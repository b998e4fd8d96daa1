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
#include <cstdio>
#include <ctime>
#include <map>
#include <regex>
#include <sys/wait.h>

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
                         "checklist;periode;gemeentecode;domein;beoordeeld;signalen;",
                         0) == 0);
  CHECK(csv.output.find("jgz-vroegsignalering;2026-10;GM0164;J4;") != std::string::npos);
  CHECK(csv.output.find("GM0183") == std::string::npos);
  CHECK(csv.output.find("2026-09") == std::string::npos);
  CHECK(csv.output.find(";3;") == std::string::npos); // never a count below the minimum cell
}
