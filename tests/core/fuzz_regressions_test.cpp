// fuzz_regressions_test.cpp — inputs the fuzz/ harnesses found, kept as tests
// (each failed before its fix), so the native and wasm builds check them on
// every run without a fuzzer. See fuzz/README.md.
#include "veldwijzer/local_store.h"
#include "veldwijzer/sync_client.h"
#include "veldwijzer/text_folding.h"

#include "temp_folder.h"

#include <catch_amalgamated.hpp>

#include <cstdint>
#include <string>
#include <string_view>

using namespace veldwijzer;

namespace {

std::string replacements(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "\xEF\xBF\xBD"; // U+FFFD
  }
  return out;
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0; // continuation bytes
    std::uint32_t cp = c;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07u;
    } else if (c >= 0x80) {
      return false;
    }
    if (i + n >= s.size()) {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (next & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// Answers the enrolment request with one canned response.
struct CannedTransport : HttpTransport {
  HttpResponse answer;
  void send(const HttpRequest &, std::function<void(HttpResponse)> done) override { done(answer); }
};

// What enroll() reports for this answer body (status 200); "" is success.
std::string enroll_with_answer(const std::string &body, std::optional<Enrollment> &enrolled) {
  TempFolder tmp;
  auto store = LocalStore::open(tmp.file("device.sqlite3"));
  REQUIRE(store.ok());
  CannedTransport transport;
  transport.answer = {200, body, ""};
  SyncClient client(
      store.value(), transport, [] { return std::int64_t{1'795'694'400}; }, [] { return 0.5; });
  std::string error = "not called";
  client.enroll("K7QM-XW3P-9DTF", [&](const std::string &e) { error = e; });
  enrolled = client.enrollment();
  return error;
}

} // namespace

TEST_CASE("folding text that is not UTF-8 gives valid UTF-8, one U+FFFD per bad byte") {
  // fuzz/text_folding: F7 9A 91 96 decoded as U+1DA456 and was written back as is.
  CHECK(fold_text("a\xF7\x9A\x91\x96z") == "a" + replacements(4) + "z");
  CHECK(fold_text("\xF4\x90\x80\x80") == replacements(4)); // U+110000, beyond Unicode
  CHECK(fold_text("\xED\xA0\x80") == replacements(3));     // a UTF-16 surrogate, U+D800
  CHECK(fold_text("\xC0\xAF") == replacements(2));         // an overlong "/"
  CHECK(fold_text("\xE0\x80\x80") == replacements(3));     // an overlong NUL
  // The largest code point and the replacement character itself stay.
  CHECK(fold_text("\xF4\x8F\xBF\xBF") == "\xF4\x8F\xBF\xBF");
  CHECK(fold_text("\xEF\xBF\xBD") == replacements(1));

  // The whole input the fuzzer found (37 bytes, two of them NUL).
  const std::string_view found(
      "_\xFF\xFF\xC0\x00\x00GGD \x0CTw\xCF\x8B\xF7\x9A\x91\x96=\xD6\x90\xC3\xB4rden \xE2\x80inati\xED", 37);
  const std::string folded = fold_text(found);
  CHECK(is_valid_utf8(folded));
  CHECK(fold_text(folded) == folded);
}

TEST_CASE("an enrolment answer with a field of the wrong type is refused, not thrown") {
  // fuzz/enroll_answer: json::value() threw type_error.302 on a non-text kind,
  // token_id or organisation; the wasm build cannot catch it and aborts.
  std::optional<Enrollment> enrolled;
  CHECK(enroll_with_answer(R"({"token": "t0k3n", "kind": 1})", enrolled) ==
        "the collector's answer holds no device token");
  CHECK_FALSE(enrolled);
  CHECK(enroll_with_answer(R"({"token": "t0k3n", "kind": "submit", "token_id": 7, "organisation": ["GGD"]})", enrolled)
            .empty());
  REQUIRE(enrolled);
  CHECK(enrolled->token == "t0k3n");
  CHECK(enrolled->token_id.empty());
  CHECK(enrolled->organisation.empty());
}

TEST_CASE("an enrolment answer with an empty token is refused rather than reported as success") {
  // fuzz/enroll_answer: "" was stored and reported as enrolled, but a device
  // with an empty token counts as not enrolled, so the screen contradicted itself.
  std::optional<Enrollment> enrolled;
  CHECK(enroll_with_answer(R"({"token": "", "kind": "submit"})", enrolled) ==
        "the collector's answer holds no device token");
  CHECK_FALSE(enrolled);
}

TEST_CASE("an enrolment answer whose token could not be sent in a header is refused, not stored cut short") {
  // fuzz/enroll_answer: "a\u0000b" was stored as "a" (the NUL ended it), and
  // the device reported a coupling with a token the collector never gave.
  // CR/LF or a space would split or bend the Authorization header instead.
  for (const char *answer :
       {R"({"token": "a\u0000b", "kind": "submit"})", R"({"token": "ab\r\nX-Evil: 1", "kind": "submit"})",
        R"({"token": "a b", "kind": "submit"})", R"({"token": "tökén", "kind": "submit"})"}) {
    INFO(answer);
    std::optional<Enrollment> enrolled;
    CHECK(enroll_with_answer(answer, enrolled) ==
          "the collector's answer holds a token that cannot be sent in a header");
    CHECK_FALSE(enrolled);
  }
  std::optional<Enrollment> enrolled;
  CHECK(enroll_with_answer(R"({"token": "0123456789abcdef", "kind": "submit"})", enrolled).empty());
  REQUIRE(enrolled);
  CHECK(enrolled->token == "0123456789abcdef");
}
