// collector_main_test.cpp — the veldwijzer-collector program itself: a dataset
// that fails its checks stops it before it serves anything.
#include "directory_fixture_files.h"
#include "temp_folder.h"

#include <catch_amalgamated.hpp>

#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

struct Exit {
  int code = -1;
  std::string output;
};

Exit run_collector(const std::string &args) {
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

} // namespace

TEST_CASE("a collector given a bad dataset exits 1, naming the file and JSON path, without listening") {
  TempFolder tmp;
  std::filesystem::create_directories(tmp.path / "web");
  write_bytes(tmp.file("web/index.html"), "<!doctype html>");
  std::string json = test_directory_json();
  json.replace(json.find("\"GM0183\""), 8, "\"GM9999\"");
  write_fixture_assets(tmp.path / "assets", json);

  const Exit exit = run_collector("--port 1 --web-root '" + tmp.file("web") + "' --db '" + tmp.file("db.sqlite3") +
                                  "' --assets '" + tmp.file("assets") + "'");
  INFO(exit.output);
  CHECK(exit.code == 1);
  CHECK(exit.output.find("/services/0/service_areas/1") != std::string::npos);
  CHECK(exit.output.find("GM9999") != std::string::npos);
  CHECK(exit.output.find("listening") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.path / "db.sqlite3")); // stopped before opening the database
}

TEST_CASE("a collector pointed at a folder without the dataset exits 1 and names the file it looked for") {
  TempFolder tmp;
  std::filesystem::create_directories(tmp.path / "web");
  write_bytes(tmp.file("web/index.html"), "<!doctype html>");
  const Exit exit = run_collector("--port 1 --web-root '" + tmp.file("web") + "' --db '" + tmp.file("db.sqlite3") +
                                  "' --assets '" + tmp.file("nowhere") + "'");
  INFO(exit.output);
  CHECK(exit.code == 1);
  CHECK(exit.output.find("regions/twente.json") != std::string::npos);
}
