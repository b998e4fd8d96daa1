// collector_http_test.cpp — the collector over real HTTP on a loopback port:
// it serves the app with the right types and encodings, answers /healthz,
// and turns bad requests into JSON errors.
#include "running_collector.h"

#include <algorithm>
#include <catch_amalgamated.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <string_view>

using namespace veldwijzer::collector;

TEST_CASE("/healthz reports the database engine and schema as JSON") {
  RunningCollector collector;
  auto res = collector.client().Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  const auto body = nlohmann::json::parse(res->body);
  CHECK(body["status"] == "ok");
  CHECK(body["database"]["schema_version"] == 2);
  CHECK(body["version"] == VELDWIJZER_VERSION);
}

TEST_CASE("the app page, script and wasm are served with their MIME types") {
  RunningCollector collector;
  auto client = collector.client();
  auto page = client.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body.find("Veldwijzer") != std::string::npos);

  auto js = client.Get("/app.js");
  REQUIRE(js);
  CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(js->body == collector.js_bytes);

  auto wasm = client.Get("/app.wasm");
  REQUIRE(wasm);
  CHECK(wasm->get_header_value("Content-Type") == "application/wasm");
  CHECK(wasm->body == collector.wasm_bytes);
}

TEST_CASE("a browser that accepts gzip gets the precompressed wasm, and it decodes to the original") {
  RunningCollector collector;
  auto client = collector.client();
  client.set_decompress(false);
  auto res = client.Get("/app.wasm", {{"Accept-Encoding", "gzip, deflate, br"}});
  REQUIRE(res);
  CHECK(res->get_header_value("Content-Encoding") == "gzip");
  CHECK(res->body == gzip(collector.wasm_bytes));
  CHECK(res->body.size() < collector.wasm_bytes.size());
  CHECK(res->get_header_value("Vary") == "Accept-Encoding");

  auto plain = collector.client().Get("/app.wasm", {{"Accept-Encoding", "identity"}});
  REQUIRE(plain);
  CHECK_FALSE(plain->has_header("Content-Encoding"));
  CHECK(plain->body == collector.wasm_bytes);
}

TEST_CASE("a browser that accepts brotli gets the brotli sibling; q=0 and its absence fall back to gzip") {
  RunningCollector collector;
  // The server picks siblings by name and never recompresses them, so any
  // distinct bytes show which one was chosen.
  const std::string brotli_body = "brotli sibling of app.wasm";
  write_bytes(collector.tmp.file("web/app.wasm.br"), brotli_body);
  auto client = collector.client();
  client.set_decompress(false);
  const auto encoding_for = [&](const std::string &accept) {
    auto res = client.Get("/app.wasm", {{"Accept-Encoding", accept}});
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Vary") == "Accept-Encoding");
    const std::string coding = res->get_header_value("Content-Encoding");
    if (coding == "br") {
      CHECK(res->body == brotli_body);
    } else if (coding == "gzip") {
      CHECK(res->body == gzip(collector.wasm_bytes));
    } else {
      CHECK(res->body == collector.wasm_bytes);
    }
    return coding;
  };
  CHECK(encoding_for("gzip, deflate, br, zstd") == "br");
  CHECK(encoding_for("br") == "br");
  CHECK(encoding_for("gzip, br;q=0.5") == "br");
  CHECK(encoding_for("gzip, br;q=0") == "gzip");
  CHECK(encoding_for("gzip, br;q=0.000") == "gzip");
  CHECK(encoding_for("gzip") == "gzip");
  CHECK(encoding_for("gzip;q=0, br;q=0") == "");
  CHECK(encoding_for("identity") == "");
  CHECK(encoding_for("brotli, xbr") == ""); // names, not substrings

  std::filesystem::remove(collector.tmp.file("web/app.wasm.br"));
  CHECK(encoding_for("gzip, deflate, br") == "gzip");
}

TEST_CASE("text files compressed on the fly still decode to exactly the file") {
  RunningCollector collector;
  auto res = collector.client().Get("/app.js", {{"Accept-Encoding", "gzip"}});
  REQUIRE(res);
  CHECK(res->body == collector.js_bytes); // the client decompressed once: no double encoding
}

TEST_CASE("a revalidation with the current ETag answers 304 without a body") {
  RunningCollector collector;
  auto client = collector.client();
  auto first = client.Get("/app.wasm");
  REQUIRE(first);
  const std::string etag = first->get_header_value("ETag");
  CHECK(etag.rfind("W/\"", 0) == 0);
  CHECK(first->get_header_value("Cache-Control") == "no-cache");
  auto again = client.Get("/app.wasm", {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(again->body.empty());
}

TEST_CASE("paths outside the web root and missing files are 404 with a JSON reason") {
  RunningCollector collector;
  auto client = collector.client();
  for (const char *path : {"/nope.js", "/../secret.txt", "/%2e%2e/secret.txt", "/.hidden", "/web/../secret.txt"}) {
    INFO(path);
    auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    CHECK(nlohmann::json::parse(res->body)["error"] == "not_found");
    CHECK(res->body.find("outside the web root") == std::string::npos);
  }
}

TEST_CASE("a path that is not UTF-8 is a 404 with a JSON reason, not a server error") {
  RunningCollector collector;
  auto res = collector.client().Get("/%FF%FE");
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(nlohmann::json::parse(res->body)["error"] == "not_found");
}

TEST_CASE("an oversized request body is refused with 413 and a JSON reason") {
  RunningCollector collector;
  const std::string body(2 * 1024 * 1024, 'x');
  auto res = collector.client().Post("/api/v1/reports", body, "application/json");
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(nlohmann::json::parse(res->body)["error"] == "payload_too_large");
}

TEST_CASE("an unknown API route is 404 JSON, never the app page") {
  RunningCollector collector;
  auto res = collector.client().Get("/api/v1/unknown");
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(res->body.find("<!doctype") == std::string::npos);
}

TEST_CASE("every request is logged on one line with method, path, status and time") {
  RunningCollector collector;
  REQUIRE(collector.client().Get("/healthz"));
  REQUIRE(collector.client().Get("/missing"));
  const auto lines = collector.wait_for_log_lines(2);
  REQUIRE(lines.size() == 2);
  // Each line is written after its response is sent, so two quick requests
  // may log in either order (with PostgreSQL /healthz asks the server first).
  const auto logged = [&](std::string_view text) {
    return std::count_if(lines.begin(), lines.end(),
                         [&](const std::string &line) { return line.find(text) != std::string::npos; });
  };
  CHECK(logged(" GET /healthz 200 ") == 1);
  CHECK(logged(" GET /missing 404 ") == 1);
  CHECK(logged("ms") == 2);
}

TEST_CASE("a collector stopped the moment it starts running still stops (a quick restart never hangs)") {
  // httplib ignores stop() until its listen loop runs; CollectorServer waits for it.
  for (int i = 0; i < 50; ++i) {
    RunningCollector collector; // the destructor stops it straight away
  }
  SUCCEED();
}
