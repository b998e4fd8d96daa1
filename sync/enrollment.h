// enrollment.h — how a device (or the data team) gets a token.
//
// The admin runs `veldwijzer-collector enroll-code --org ... --municipalities
// ...` on the server: issue_enrollment_code() stores the code's SHA-256 with
// what it grants and returns the code and a URL for a QR code,
// <base-url>/#enroll/<code>. The device posts the code once:
//
//   POST /api/v1/enroll {"code": "K7QM-XW3P-9DTF"}
//   200 {"token": "<64 hex>", "token_id": "...", "organisation": "...",
//        "municipalities": [...], "kind": "submit" | "read"}
//   400 bad_request (not {"code": "..."}) / malformed_code / unknown_code
//   410 code_used / code_expired
//   429 too_many_attempts: more than `wrong_codes_per_minute` wrong codes from
//       one address in the last minute (Retry-After says when to try again)
//
// The code is consumed and the token created in one transaction; the token
// itself is never stored, only its SHA-256.
#pragma once

#include "api_answer.h"
#include "collector_store.h"
#include "directory_api.h"

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace veldwijzer::collector {

inline constexpr std::int64_t kEnrollmentCodeLifetime = 7 * 24 * 60 * 60;

struct IssuedCode {
  std::string code; // grouped for typing: "K7QM-XW3P-9DTF"
  std::string url;  // <base-url>/#enroll/<code>
  std::int64_t expires_at = 0;
};

Result<IssuedCode> issue_enrollment_code(CollectorStore &store, const EnrollmentGrant &grant, std::int64_t now,
                                         std::string_view base_url);

class EnrollmentDesk {
public:
  EnrollmentDesk(CollectorStore &store, UnixClock clock = unix_now, int wrong_codes_per_minute = 10);

  ApiAnswer redeem(std::string_view remote_address, std::string_view body);

private:
  // Seconds until the address may try again; 0 when it may now.
  std::int64_t blocked_for(std::string_view address, std::int64_t now);
  void wrong_code(std::string_view address, std::int64_t now);
  ApiAnswer refuse(std::string_view address, std::int64_t now, int status, std::string_view code,
                   std::string_view message);

  CollectorStore &store_;
  UnixClock clock_;
  int wrong_codes_per_minute_;
  std::mutex mutex_;
  std::map<std::string, std::deque<std::int64_t>, std::less<>> wrong_codes_; // per address, times in the last minute
};

} // namespace veldwijzer::collector
