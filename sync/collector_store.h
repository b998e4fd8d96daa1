// collector_store.h — where the collector keeps what it receives.
//
// The server talks to this interface only, so a PostgreSQL store can sit
// beside the SQLite one later. open_sqlite_collector_store() is the default:
// one file, WAL mode, schema versioned and migrated forward.
//
// What it keeps: enrollment codes and tokens (only their SHA-256), the
// reports it counted (id, body digest and the answer it gave, so a retry gets
// the same answer), and one count per aggregate cell key. record_report()
// checks the report id, adds the counts and stores the answer in one
// transaction: a report is counted once or not at all.
#pragma once

#include "veldwijzer/result.h"
#include "veldwijzer/upload_format.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer::collector {

struct StoreHealth {
  bool ok = false;
  std::string engine; // "sqlite 3.53.4"
  int schema_version = 0;
  std::string problem; // why not ok
};

// Who is calling, from a bearer token. Devices submit counts for their
// organisation's municipalities; the data team reads aggregates.
enum class TokenKind { submit, read };

struct Caller {
  std::string token_id; // public short id (for logs, listing, revoking), never the secret
  TokenKind kind = TokenKind::submit;
  std::string organisation;
  std::vector<std::string> municipalities; // CBS codes the token may submit for (submit tokens)
};

// Which counts the data team asks for. Empty = no restriction.
struct CountFilter {
  std::string period_from; // "YYYY-MM", inclusive
  std::string period_to;   // "YYYY-MM", inclusive
  std::vector<std::string> municipalities;
  std::string checklist;
  std::string domain;
};

std::string_view token_kind_code(TokenKind kind); // "submit", "read"
std::optional<TokenKind> token_kind_from_code(std::string_view code);

// What an enrollment code grants once it is redeemed.
struct EnrollmentGrant {
  TokenKind kind = TokenKind::submit;
  std::string organisation;
  std::vector<std::string> municipalities;
};

// A code as the admin created it. Times are seconds since 1970 (UTC).
struct NewEnrollmentCode {
  std::string code_sha256; // of the canonical code (credentials.h)
  EnrollmentGrant grant;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

// Why a code could not be redeemed (store_failed: the database, not the code).
enum class RedeemRefusal { unknown, used, expired, store_failed };

struct RedeemFailure {
  RedeemRefusal refusal = RedeemRefusal::unknown;
  std::string message;
};

struct TokenRecord {
  std::string token_id;
  TokenKind kind = TokenKind::submit;
  std::string organisation;
  std::vector<std::string> municipalities;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_used_at;
  std::optional<std::int64_t> revoked_at;
};

enum class RevokeOutcome { revoked, already_revoked, unknown };

// A report to count: the cells to add (those the token may submit) and the
// answer to store for a retry.
struct ReportToCount {
  std::string report_id;
  std::string token_id;
  std::string body_sha256; // of the request body as received
  std::vector<AggregateCell> cells;
  int response_status = 200;
  std::string response_body;
  std::int64_t received_at = 0;
};

// counted: this call added the counts. replayed: the id was counted before
// with the same body; the stored answer is returned. key_reused: the id was
// counted before with a different body; nothing was added.
enum class ReportRecording { counted, replayed, key_reused };

struct RecordedReport {
  ReportRecording outcome = ReportRecording::counted;
  int response_status = 200;
  std::string response_body; // the stored answer (replayed), or the one just stored
};

class CollectorStore {
public:
  virtual ~CollectorStore() = default;
  // A cheap round trip to the database, for /healthz.
  virtual StoreHealth health() = 0;
  // nullopt for an unknown or revoked token (compared by SHA-256, constant
  // time); an error when the store could not be asked. The two must differ:
  // "unknown token" (401) tells a device to enrol again, while a store that is
  // down (503) only means "try later".
  virtual Result<std::optional<Caller>> authenticate(std::string_view bearer_token) = 0;
  // The stored counts, summed over reports, one row per distinct cell key.
  virtual Result<std::vector<AggregateCell>> counts(const CountFilter &filter) = 0;

  // The write side. Defaults refuse, so a read-only store (or a test's fixed
  // store for the aggregates API) needs only the three methods above; the
  // SQLite store implements them all.
  //
  // Enrollment: the admin adds a code; a device redeems it, which consumes
  // the code and creates the token in one transaction.
  virtual Result<bool> add_enrollment_code(const NewEnrollmentCode &) { return unsupported(); }
  virtual Result<Caller, RedeemFailure> redeem_enrollment_code(std::string_view /*code_sha256*/,
                                                               std::string_view /*token_sha256*/,
                                                               std::string_view /*token_id*/, std::int64_t /*now*/) {
    return fail(RedeemFailure{RedeemRefusal::store_failed, kUnsupported});
  }
  virtual Result<std::vector<TokenRecord>> tokens() { return unsupported(); }
  virtual Result<RevokeOutcome> revoke_token(std::string_view /*token_id*/, std::int64_t /*now*/) {
    return unsupported();
  }
  // Counts a report once; see ReportRecording.
  virtual Result<RecordedReport> record_report(const ReportToCount &) { return unsupported(); }

protected:
  static constexpr const char *kUnsupported = "this store is read-only";
  static Failure<std::string> unsupported() { return fail(std::string(kUnsupported)); }
};

// Test-only fault injection: called after each count upsert inside
// record_report's transaction with (upserts done, cells to upsert); returning
// true makes the transaction fail there, as a crash or a full disk would.
using UpsertFault = std::function<bool(std::size_t done, std::size_t total)>;

// Test-only: called in record_report's batch transaction just before COMMIT;
// returning false makes the commit fail (every report of the batch fails).
// Tests block in it to check that no report is answered before its commit.
using BeforeCommit = std::function<bool()>;

Result<std::unique_ptr<CollectorStore>> open_sqlite_collector_store(const std::string &path, UpsertFault fault = {},
                                                                    BeforeCommit before_commit = {});

} // namespace veldwijzer::collector
