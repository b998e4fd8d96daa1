// enrollment.cpp — issuing codes and exchanging them for tokens.
#include "enrollment.h"

#include "credentials.h"

#include <nlohmann/json.hpp>

namespace veldwijzer::collector {
namespace {

constexpr std::int64_t kWindow = 60;                // seconds the wrong-code count looks back
constexpr std::size_t kMaxTrackedAddresses = 10000; // beyond this, idle addresses are forgotten

// {"code": "..."} and nothing else; nesting is refused while parsing.
std::optional<std::string> code_from_body(std::string_view body) {
  bool too_deep = false;
  nlohmann::json::parser_callback_t limit = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json &) {
    if ((event == nlohmann::json::parse_event_t::object_start || event == nlohmann::json::parse_event_t::array_start) &&
        depth >= 1) {
      too_deep = true;
    }
    return !too_deep;
  };
  const auto doc = nlohmann::json::parse(body, limit, false);
  if (too_deep || !doc.is_object() || doc.size() != 1 || !doc.contains("code") || !doc["code"].is_string()) {
    return std::nullopt;
  }
  return doc["code"].get<std::string>();
}

} // namespace

Result<IssuedCode> issue_enrollment_code(CollectorStore &store, const EnrollmentGrant &grant, std::int64_t now,
                                         std::string_view base_url) {
  const std::string code = new_enrollment_code();
  NewEnrollmentCode record;
  record.code_sha256 = sha256_hex(code);
  record.grant = grant;
  record.created_at = now;
  record.expires_at = now + kEnrollmentCodeLifetime;
  if (auto stored = store.add_enrollment_code(record); !stored) {
    return fail(stored.error());
  }
  std::string base(base_url);
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  IssuedCode issued;
  issued.code = grouped_enrollment_code(code);
  issued.url = base + "/#enroll/" + issued.code;
  issued.expires_at = record.expires_at;
  return issued;
}

EnrollmentDesk::EnrollmentDesk(CollectorStore &store, UnixClock clock, int wrong_codes_per_minute)
    : store_(store), clock_(std::move(clock)), wrong_codes_per_minute_(wrong_codes_per_minute) {}

std::int64_t EnrollmentDesk::blocked_for(std::string_view address, std::int64_t now) {
  std::lock_guard lock(mutex_);
  const auto it = wrong_codes_.find(address);
  if (it == wrong_codes_.end()) {
    return 0;
  }
  auto &times = it->second;
  while (!times.empty() && times.front() <= now - kWindow) {
    times.pop_front();
  }
  if (times.empty()) {
    wrong_codes_.erase(it);
    return 0;
  }
  if (static_cast<int>(times.size()) < wrong_codes_per_minute_) {
    return 0;
  }
  return times.front() + kWindow - now;
}

void EnrollmentDesk::wrong_code(std::string_view address, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (wrong_codes_.size() >= kMaxTrackedAddresses) {
    std::erase_if(wrong_codes_, [&](const auto &entry) { return entry.second.back() <= now - kWindow; });
  }
  if (wrong_codes_.size() >= kMaxTrackedAddresses) {
    wrong_codes_.erase(wrong_codes_.begin()); // still full: give up tracking one, rather than grow without bound
  }
  wrong_codes_[std::string(address)].push_back(now);
}

ApiAnswer EnrollmentDesk::refuse(std::string_view address, std::int64_t now, int status, std::string_view code,
                                 std::string_view message) {
  wrong_code(address, now);
  return api_error(status, code, message);
}

ApiAnswer EnrollmentDesk::redeem(std::string_view remote_address, std::string_view body) {
  const std::int64_t now = clock_();
  if (const std::int64_t wait = blocked_for(remote_address, now); wait > 0) {
    ApiAnswer answer =
        api_error(429, "too_many_attempts",
                  "too many wrong enrollment codes from this address; try again in " + std::to_string(wait) + " s");
    answer.headers.emplace_back("Retry-After", std::to_string(wait));
    return answer;
  }
  const auto typed = code_from_body(body);
  if (!typed) {
    return refuse(remote_address, now, 400, "bad_request", "send {\"code\": \"<enrollment code>\"}");
  }
  const auto code = canonical_enrollment_code(*typed);
  if (!code) {
    return refuse(remote_address, now, 400, "malformed_code",
                  "an enrollment code has 12 letters and digits, like K7QM-XW3P-9DTF; check what was typed");
  }
  const std::string token = new_token();
  const std::string token_id = new_token_id();
  auto redeemed = store_.redeem_enrollment_code(sha256_hex(*code), sha256_hex(token), token_id, now);
  if (!redeemed) {
    const RedeemFailure &failure = redeemed.error();
    switch (failure.refusal) {
    case RedeemRefusal::unknown:
      return refuse(remote_address, now, 400, "unknown_code",
                    "this enrollment code is not known here; check it, or ask the admin for a new one");
    case RedeemRefusal::used:
      return refuse(remote_address, now, 410, "code_used",
                    "this enrollment code was already used; each code enrolls one device — ask for a new one");
    case RedeemRefusal::expired:
      return refuse(remote_address, now, 410, "code_expired",
                    "this enrollment code has expired (codes are valid 7 days); ask the admin for a new one");
    case RedeemRefusal::store_failed:
      break;
    }
    ApiAnswer answer = api_error(503, "store_unavailable", "enrolling failed (" + failure.message + "); try again");
    answer.headers.emplace_back("Retry-After", "5");
    return answer;
  }
  const Caller &caller = redeemed.value();
  const nlohmann::json body_out = {{"token", token},
                                   {"token_id", caller.token_id},
                                   {"organisation", caller.organisation},
                                   {"municipalities", caller.municipalities},
                                   {"kind", std::string(token_kind_code(caller.kind))}};
  ApiAnswer answer{200, body_out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}};
  answer.headers.emplace_back("Cache-Control", "no-store");
  return answer;
}

} // namespace veldwijzer::collector
