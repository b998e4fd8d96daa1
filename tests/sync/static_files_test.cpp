// static_files_test.cpp — URL paths map safely into the web root; types are right.
#include "static_files.h"

#include <catch_amalgamated.hpp>

using veldwijzer::collector::mime_type_for;
using veldwijzer::collector::safe_relative_path;

TEST_CASE("the root path serves index.html and plain names map to themselves") {
  CHECK(safe_relative_path("/") == "index.html");
  CHECK(safe_relative_path("/app.wasm") == "app.wasm");
  CHECK(safe_relative_path("/icons/icon-192.png") == "icons/icon-192.png");
}

TEST_CASE("no URL path can reach outside the web root or a hidden file") {
  for (const char *path :
       {"", "app.js", "/..", "/../etc/passwd", "/a/../../b", "/./x", "/a//b", "/.git/config", "/a\\..\\b", "/dir/"}) {
    INFO(path);
    CHECK_FALSE(safe_relative_path(path).has_value());
  }
  CHECK_FALSE(safe_relative_path(std::string_view("/a\0b", 4)).has_value());
}

TEST_CASE("wasm is application/wasm so browsers stream-compile it") {
  CHECK(mime_type_for("app.wasm") == "application/wasm");
  CHECK(mime_type_for("app.js") == "text/javascript; charset=utf-8");
  CHECK(mime_type_for("index.html") == "text/html; charset=utf-8");
  CHECK(mime_type_for("manifest.webmanifest") == "application/manifest+json");
  CHECK(mime_type_for("unknown.bin") == "application/octet-stream");
}
