// request_limits_test.cpp — limits every request passes, sent by hand over a
// raw socket where httplib's client would not send such a request: too many
// headers, compressed or chunked bodies, missing or doubled lengths, bodies
// over 1 MiB, and JSON that is too deep or not JSON.
#include "raw_http.h"
#include "running_collector.h"
#include "upload_fixture.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

namespace {

std::string request_with_headers(int extra_headers) {
  std::string request = "GET /healthz HTTP/1.1\r\nHost: collector\r\n";
  for (int i = 0; i < extra_headers; ++i) {
    request += "X-Filler-" + std::to_string(i) + ": x\r\n";
  }
  return request + "\r\n";
}

std::string post(const std::string &path, const std::string &headers, const std::string &body) {
  return "POST " + path + " HTTP/1.1\r\nHost: collector\r\nContent-Type: application/json\r\n" + headers + "\r\n" +
         body;
}

std::string error_code(const RawResponse &res) {
  const auto body = nlohmann::json::parse(res.body, nullptr, false);
  return body.is_object() && body.contains("error") ? body["error"].get<std::string>() : "(no JSON error)";
}

} // namespace

TEST_CASE("a request with 51 header fields is refused with 431, and one with 50 is served") {
  RunningCollector collector;
  const RawResponse refused = raw_exchange(collector.server->port(), request_with_headers(50)); // + Host = 51
  CHECK(refused.status == 431);
  CHECK(error_code(refused) == "too_many_headers");
  CHECK(refused.header("content-type") == "application/json");
  CHECK(refused.header("connection") == "close");

  const RawResponse served = raw_exchange(collector.server->port(), request_with_headers(49)); // + Host = 50
  CHECK(served.status == 200);
}

TEST_CASE("a gzip-compressed request body is refused with 415 without being inflated") {
  RunningCollector collector;
  const std::string bomb = gzip(std::string(4 * 1024 * 1024, '['));
  const RawResponse res =
      raw_exchange(collector.server->port(),
                   post("/api/v1/reports",
                        "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n", bomb));
  CHECK(res.status == 415);
  CHECK(error_code(res) == "unsupported_encoding");
  CHECK(res.header("connection") == "close");
  CHECK(res.header("keep-alive").empty());
}

TEST_CASE("a chunked request body is refused with 411 and the connection is to be closed") {
  RunningCollector collector;
  const RawResponse res = raw_exchange(
      collector.server->port(), post("/api/v1/reports", "Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"));
  CHECK(res.status == 411);
  CHECK(error_code(res) == "length_required");
  CHECK(res.header("connection") == "close");
}

TEST_CASE("a POST without Content-Length, or with two, is refused before its body is read") {
  RunningCollector collector;
  const RawResponse missing = raw_exchange(collector.server->port(), post("/api/v1/reports", "", ""));
  CHECK(missing.status == 411);
  CHECK(error_code(missing) == "length_required");

  const RawResponse doubled = raw_exchange(collector.server->port(),
                                           post("/api/v1/reports", "Content-Length: 2\r\nContent-Length: 4\r\n", "{}"));
  CHECK(doubled.status == 400);
  CHECK(error_code(doubled) == "bad_request");

  const RawResponse garbled =
      raw_exchange(collector.server->port(), post("/api/v1/reports", "Content-Length: 2x\r\n", "{}"));
  CHECK(garbled.status == 400);
}

TEST_CASE("a 2 MiB body is refused with 413; announced with Expect: 100-continue, before it is sent") {
  RunningCollector collector;
  const std::string body(2 * 1024 * 1024, 'x');
  const RawResponse sent =
      raw_exchange(collector.server->port(),
                   post("/api/v1/reports", "Content-Length: " + std::to_string(body.size()) + "\r\n", body));
  CHECK(sent.status == 413);
  CHECK(error_code(sent) == "payload_too_large");

  // Only the headers go out: the answer must come without the body.
  const RawResponse asked = raw_exchange(
      collector.server->port(),
      post("/api/v1/reports", "Content-Length: " + std::to_string(body.size()) + "\r\nExpect: 100-continue\r\n", ""));
  CHECK(asked.status == 413);
  CHECK(error_code(asked) == "payload_too_large");
  CHECK(asked.header("connection") == "close");
}

TEST_CASE("a body within the limit with Expect: 100-continue is told to continue and then answered") {
  RunningCollector collector;
  const int fd = connect_loopback(collector.server->port());
  REQUIRE(fd >= 0);
  const std::string body = R"({"code": "AAAA-BBBB-CCCC"})";
  REQUIRE(send_all(fd, post("/api/v1/enroll",
                            "Content-Length: " + std::to_string(body.size()) + "\r\nExpect: 100-continue\r\n", "")));
  const RawResponse go_on = read_response(fd);
  CHECK(go_on.status == 100);
  REQUIRE(send_all(fd, body));
  const RawResponse answer = read_response(fd);
  ::close(fd);
  CHECK(answer.status == 400);
  CHECK(error_code(answer) == "unknown_code");
}

TEST_CASE("a report nested 10 000 levels deep, or not JSON at all, is refused with 400 and a reason") {
  RunningCollector collector;
  const std::string token = enroll_directly(collector.store(), {"GM0153"});
  const std::string headers =
      "Authorization: Bearer " + token + "\r\nIdempotency-Key: 0123456789abcdef0123456789abcdef\r\n";
  for (const std::string &body : {std::string(10000, '[') + std::string(10000, ']'),
                                  std::string(R"({"format": 1, "report_id": )"), std::string("\xff\xfe{}")}) {
    INFO(body.substr(0, 40));
    const RawResponse res = raw_exchange(
        collector.server->port(),
        post("/api/v1/reports", headers + "Content-Length: " + std::to_string(body.size()) + "\r\n", body));
    CHECK(res.status == 400);
    CHECK(error_code(res) == "bad_report");
    CHECK(nlohmann::json::parse(res.body)["message"] == "not valid JSON, or nested deeper than a report");
  }
}

TEST_CASE("a refused request is logged and counted like any other") {
  RunningCollector collector;
  REQUIRE(raw_exchange(collector.server->port(), request_with_headers(60)).status == 431);
  const auto lines = collector.wait_for_log_lines(1);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find(" GET /healthz 431 ") != std::string::npos);
  CHECK(collector.server->metrics().prometheus_text().find(
            "veldwijzer_http_requests_total{route=\"/healthz\",status=\"431\"} 1") != std::string::npos);
}
