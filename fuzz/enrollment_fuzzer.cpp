// enrollment_fuzzer.cpp — POST /api/v1/enroll without the HTTP around it:
// EnrollmentDesk::redeem(address, body) against a store that knows one code,
// plus the credential parsers it and the other routes rely on
// (canonical_enrollment_code, bearer_token).
//
// Invariants: the answer is one of the documented statuses with a JSON body
// ({"error", "message"} or the token); a token is only handed out for the
// known code, once; typed codes canonicalise to 12 characters of the
// alphabet and back; a bearer token is a part of the header it came from.
#include "fuzz_support.h"

#include "credentials.h"
#include "enrollment.h"

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

constexpr std::string_view kKnownCode = "K7QMXW3P9DTF";

class OneCodeStore final : public CollectorStore {
public:
  bool used = false;
  StoreHealth health() override { return {true, "fake", 1, ""}; }
  Result<std::optional<Caller>> authenticate(std::string_view) override { return std::optional<Caller>(); }
  Result<std::vector<AggregateCell>> counts(const CountFilter &) override { return std::vector<AggregateCell>{}; }
  Result<Caller, RedeemFailure> redeem_enrollment_code(std::string_view code_sha256, std::string_view token_sha256,
                                                       std::string_view token_id, std::int64_t) override {
    fuzz_check(code_sha256.size() == 64 && token_sha256.size() == 64 && is_token_id(token_id));
    if (code_sha256 != sha256_hex(kKnownCode)) {
      return fail(RedeemFailure{RedeemRefusal::unknown, "unknown"});
    }
    if (used) {
      return fail(RedeemFailure{RedeemRefusal::used, "used"});
    }
    used = true;
    return Caller{std::string(token_id), TokenKind::submit, "GGD Twente", {"GM0153", "GM0164"}};
  }
};

void check_answer(const ApiAnswer &answer) {
  fuzz_check(answer.status == 200 || answer.status == 400 || answer.status == 410 || answer.status == 429);
  const auto body = nlohmann::json::parse(answer.body, nullptr, false);
  fuzz_check(body.is_object());
  if (answer.status == 200) {
    fuzz_check(body["token"].is_string() && is_token(body["token"].get<std::string>()));
    fuzz_check(body["kind"] == "submit");
  } else {
    fuzz_check(body["error"].is_string() && body["message"].is_string());
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string address = in.ConsumeRandomLengthString(64);
  const std::string body = in.ConsumeRemainingBytesAsString();

  // The body's code as the desk reads it, to know what the answer must be.
  std::optional<std::string> canonical;
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_object() && doc.size() == 1 && doc.contains("code") && doc["code"].is_string()) {
    const std::string typed = doc["code"].get<std::string>();
    canonical = canonical_enrollment_code(typed);
    if (canonical) {
      fuzz_check(canonical->size() == kEnrollmentCodeLength);
      fuzz_check(canonical->find_first_not_of(kEnrollmentCodeAlphabet) == std::string::npos);
      fuzz_check(canonical_enrollment_code(grouped_enrollment_code(*canonical)) == canonical);
    }
  }

  OneCodeStore store;
  EnrollmentDesk desk(
      store, [] { return std::int64_t{1767225600}; }, 3);
  const ApiAnswer first = desk.redeem(address, body);
  check_answer(first);
  fuzz_check((first.status == 200) == (canonical && *canonical == kKnownCode));
  const ApiAnswer second = desk.redeem(address, body);
  check_answer(second);
  fuzz_check(second.status != 200); // a code enrolls one device

  // The Authorization header parser, on the same bytes.
  if (const auto token = bearer_token(address)) {
    fuzz_check(address.find(*token) != std::string::npos);
  }
  return 0;
}
