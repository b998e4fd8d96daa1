// enrollment_test.cpp — enrollment codes and tokens: the code's shape, the
// exchange over HTTP and every way it is refused (used, expired, unknown,
// malformed, too many wrong codes), and what the database keeps.
#include "credentials.h"
#include "enrollment.h"
#include "running_collector.h"
#include "upload_fixture.h"

#include <catch_amalgamated.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <future>
#include <set>

using namespace veldwijzer::collector;

namespace {

constexpr std::int64_t kDay = 24 * 60 * 60;

httplib::Result enroll(httplib::Client &client, const std::string &code) {
  return client.Post("/api/v1/enroll", nlohmann::json{{"code", code}}.dump(), "application/json");
}

std::string error_of(const httplib::Result &res) {
  return nlohmann::json::parse(res->body)["error"].get<std::string>();
}

// A clock the test moves; the collector reads it.
struct TestClock {
  std::shared_ptr<std::atomic<std::int64_t>> now = std::make_shared<std::atomic<std::int64_t>>(std::time(nullptr));
  UnixClock function() const {
    return [now = now] { return now->load(); };
  }
};

} // namespace

TEST_CASE("an enrollment code has 12 characters without look-alikes, grouped in fours") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string code = new_enrollment_code();
    REQUIRE(code.size() == 12);
    for (const char c : code) {
      CHECK(kEnrollmentCodeAlphabet.find(c) != std::string_view::npos);
    }
    seen.insert(code);
  }
  CHECK(seen.size() == 200);
  for (const char c : std::string("01ILO")) {
    CHECK(kEnrollmentCodeAlphabet.find(c) == std::string_view::npos);
  }
  CHECK(grouped_enrollment_code("K7QMXW3P9DTF") == "K7QM-XW3P-9DTF");
}

TEST_CASE("a typed code is read in lower case, with spaces or dashes, and nothing else is a code") {
  CHECK(canonical_enrollment_code("k7qm xw3p-9dtf") == "K7QMXW3P9DTF");
  CHECK(canonical_enrollment_code("K7QMXW3P9DTF") == "K7QMXW3P9DTF");
  CHECK_FALSE(canonical_enrollment_code("K7QM-XW3P-9DT").has_value());   // too short
  CHECK_FALSE(canonical_enrollment_code("K7QM-XW3P-9DTFF").has_value()); // too long
  CHECK_FALSE(canonical_enrollment_code("K7QM-XW3P-9DT0").has_value());  // 0 is not in the alphabet
  CHECK_FALSE(canonical_enrollment_code("").has_value());
}

TEST_CASE("tokens are 256 random bits as hex; digests and bearer headers are read strictly") {
  const std::string token = new_token();
  CHECK(is_token(token));
  CHECK(token != new_token());
  CHECK_FALSE(is_token(token.substr(1)));
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK(bearer_token("Bearer " + token) == token);
  CHECK(bearer_token("bearer  " + token + " ") == token);
  CHECK_FALSE(bearer_token("Basic " + token).has_value());
  CHECK_FALSE(bearer_token("Bearer ").has_value());
  CHECK(is_token_id(new_token_id()));
}

TEST_CASE("an enrollment code is exchanged once for a token that then authenticates the device") {
  RunningCollector collector;
  auto issued = issue_enrollment_code(collector.store(), {TokenKind::submit, "GGD Twente JGZ", {"GM0153", "GM0164"}},
                                      std::time(nullptr), "http://collector.example:8080/");
  REQUIRE(issued.ok());
  CHECK(issued.value().url == "http://collector.example:8080/#enroll/" + issued.value().code);
  CHECK(issued.value().expires_at == std::time(nullptr) + 7 * kDay);

  auto client = collector.client();
  auto res = enroll(client, issued.value().code);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  const auto body = nlohmann::json::parse(res->body);
  const std::string token = body["token"];
  CHECK(is_token(token));
  CHECK(body["kind"] == "submit");
  CHECK(body["organisation"] == "GGD Twente JGZ");
  CHECK(body["municipalities"] == nlohmann::json::array({"GM0153", "GM0164"}));
  CHECK(is_token_id(body["token_id"].get<std::string>()));

  const auto looked_up = collector.store().authenticate(token);
  REQUIRE((looked_up.ok() && looked_up.value().has_value()));
  const auto &caller = looked_up.value();
  CHECK(caller->token_id == body["token_id"]);
  CHECK(caller->kind == TokenKind::submit);
  CHECK(caller->municipalities == std::vector<std::string>{"GM0153", "GM0164"});

  // Only digests are kept: neither the code nor the token is in the database file.
  const std::string db = read_bytes(collector.tmp.file("var/collector.sqlite3")) +
                         read_bytes(collector.tmp.file("var/collector.sqlite3-wal"));
  CHECK(db.find(token) == std::string::npos);
  CHECK(db.find(*canonical_enrollment_code(issued.value().code)) == std::string::npos);
  CHECK(db.find(sha256_hex(token)) != std::string::npos);
}

TEST_CASE("a code typed in lower case with spaces enrolls; a read code gives a read token") {
  RunningCollector collector;
  auto issued = issue_enrollment_code(collector.store(), {TokenKind::read, "Data team Twente", {}}, std::time(nullptr),
                                      "http://localhost:8080");
  REQUIRE(issued.ok());
  std::string typed = issued.value().code;
  for (char &c : typed) {
    c = c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto client = collector.client();
  auto res = enroll(client, typed);
  REQUIRE(res);
  CHECK(res->status == 200);
  const auto body = nlohmann::json::parse(res->body);
  CHECK(body["kind"] == "read");
  CHECK(collector.store().authenticate(body["token"].get<std::string>()).value()->kind == TokenKind::read);
}

TEST_CASE("a used code is refused with 410, and an expired one with 410") {
  TestClock clock;
  CollectorSetup setup;
  setup.hooks.clock = clock.function();
  RunningCollector collector(setup);
  auto client = collector.client();
  auto used = issue_enrollment_code(collector.store(), {TokenKind::submit, "GGD", {"GM0153"}}, *clock.now, "http://x");
  REQUIRE(enroll(client, used.value().code)->status == 200);
  auto again = enroll(client, used.value().code);
  REQUIRE(again);
  CHECK(again->status == 410);
  CHECK(error_of(again) == "code_used");

  auto old = issue_enrollment_code(collector.store(), {TokenKind::submit, "GGD", {"GM0153"}}, *clock.now, "http://x");
  *clock.now += 7 * kDay; // expires_at is exclusive
  auto expired = enroll(client, old.value().code);
  REQUIRE(expired);
  CHECK(expired->status == 410);
  CHECK(error_of(expired) == "code_expired");
  CHECK(nlohmann::json::parse(expired->body)["message"].get<std::string>().find("7 days") != std::string::npos);
}

TEST_CASE("an unknown or malformed code, or a body that is not {\"code\": ...}, is refused with 400") {
  RunningCollector collector;
  auto client = collector.client();
  auto unknown = enroll(client, "AAAA-BBBB-CCCC");
  REQUIRE(unknown);
  CHECK(unknown->status == 400);
  CHECK(error_of(unknown) == "unknown_code");
  auto malformed = enroll(client, "hello");
  REQUIRE(malformed);
  CHECK(malformed->status == 400);
  CHECK(error_of(malformed) == "malformed_code");
  for (const char *body : {"", "[]", "{\"code\": 12}", "{\"code\": \"AAAA-BBBB-CCCC\", \"x\": 1}",
                           "{\"code\": [\"AAAA-BBBB-CCCC\"]}", "{\"code\": "}) {
    INFO(body);
    auto res = client.Post("/api/v1/enroll", body, "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(error_of(res) == "bad_request");
  }
}

TEST_CASE("after 10 wrong codes in a minute an address gets 429, even with a good code, until the minute passes") {
  TestClock clock;
  CollectorSetup setup;
  setup.hooks.clock = clock.function();
  RunningCollector collector(setup);
  auto client = collector.client();
  auto good = issue_enrollment_code(collector.store(), {TokenKind::submit, "GGD", {"GM0153"}}, *clock.now, "http://x");
  for (int i = 0; i < 10; ++i) {
    REQUIRE(enroll(client, "AAAA-BBBB-CCC" + std::string(1, "ABCDEFGHJK"[i]))->status == 400);
  }
  auto blocked = enroll(client, good.value().code);
  REQUIRE(blocked);
  CHECK(blocked->status == 429);
  CHECK(error_of(blocked) == "too_many_attempts");
  CHECK(blocked->get_header_value("Retry-After") == "60");

  *clock.now += 30;
  CHECK(enroll(client, good.value().code)->get_header_value("Retry-After") == "30");
  *clock.now += 30;
  auto allowed = enroll(client, good.value().code);
  REQUIRE(allowed);
  CHECK(allowed->status == 200);
}

TEST_CASE("one code redeemed by eight devices at once gives exactly one token") {
  CollectorSetup setup;
  setup.threads = 8;
  RunningCollector collector(setup);
  auto issued =
      issue_enrollment_code(collector.store(), {TokenKind::submit, "GGD", {"GM0153"}}, std::time(nullptr), "http://x");
  std::vector<std::future<int>> attempts;
  for (int i = 0; i < 8; ++i) {
    attempts.push_back(std::async(std::launch::async, [&] {
      auto client = collector.client();
      auto res = enroll(client, issued.value().code);
      return res ? res->status : 0;
    }));
  }
  std::multiset<int> statuses;
  for (auto &attempt : attempts) {
    statuses.insert(attempt.get());
  }
  CHECK(statuses.count(200) == 1);
  CHECK(statuses.count(410) == 7);
  CHECK(collector.store().tokens().value().size() == 1);
}
