// report_intake_fuzzer.cpp — POST /api/v1/reports without the HTTP around
// it: ReportIntake::receive() with a valid submit token, any body, and an
// Idempotency-Key that matches the body's report_id or not (first byte),
// against an in-memory store that keeps what it counted.
//
// Invariants: 200 exactly when decode_report() accepts the body, the key
// matches and no cell's month is still open by the collector's clock (409
// period_open, nothing stored, otherwise); the ack then names the report, has
// one verdict per cell (accepted exactly for the token's municipalities in a
// sealed month, never a future one) and the store counted exactly the
// accepted cells; sending it again is a replay with the same verdicts and
// nothing added; every other answer is a JSON error.
#include "fuzz_support.h"

#include "report_intake.h"
#include "veldwijzer/outbox.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

const std::string kToken(64, 'a');
const std::vector<std::string> kMunicipalities = {"GM0153", "GM0164"};
// 2026-01-01 00:00 UTC: December 2025 is still open, November sealed, 2026-02 on is future.
constexpr std::int64_t kNow = 1767225600;

class MemoryStore final : public CollectorStore {
public:
  struct Stored {
    std::string body_sha256;
    int status = 0;
    std::string body;
  };
  std::map<std::string, Stored> reports;
  std::size_t cells_counted = 0;

  StoreHealth health() override { return {true, "memory", 1, ""}; }
  Result<std::optional<Caller>> authenticate(std::string_view token) override {
    if (token != kToken) {
      return std::optional<Caller>();
    }
    return std::optional<Caller>(Caller{"0123456789ab", TokenKind::submit, "GGD Twente", kMunicipalities});
  }
  Result<std::vector<AggregateCell>> counts(const CountFilter &) override { return std::vector<AggregateCell>{}; }
  Result<RecordedReport> record_report(const ReportToCount &r) override {
    if (const auto it = reports.find(r.report_id); it != reports.end()) {
      if (it->second.body_sha256 != r.body_sha256) {
        return RecordedReport{ReportRecording::key_reused, 0, ""};
      }
      return RecordedReport{ReportRecording::replayed, it->second.status, it->second.body};
    }
    reports[r.report_id] = {r.body_sha256, r.response_status, r.response_body};
    cells_counted += r.cells.size();
    return RecordedReport{ReportRecording::counted, r.response_status, r.response_body};
  }
};

void check_error(const ApiAnswer &answer) {
  const auto body = nlohmann::json::parse(answer.body, nullptr, false);
  fuzz_check(body.is_object() && body["error"].is_string() && body["message"].is_string());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const bool matching_key = size == 0 || data[0] % 8 != 0;
  const std::string_view body = fuzz::as_text(data, size).substr(size > 0 ? 1 : 0);
  const auto report = decode_report(body);
  const std::string key = report && matching_key ? report.value().report_id : "0123456789abcdef0123456789abcdef";

  MemoryStore store;
  CollectorMetrics metrics;
  ReportIntake intake(store, metrics, [] { return kNow; });
  const std::string authorization = "Bearer " + kToken;
  const IntakeRequest request{authorization, key, body};
  const ApiAnswer first = intake.receive(request);

  const bool acceptable = report.ok() && report.value().report_id == key;
  const SealPolicy seal;
  const auto state = [&](const AggregateCell &cell) { return period_state(cell.period, kNow, seal); };
  const bool any_open =
      acceptable && std::any_of(report.value().cells.begin(), report.value().cells.end(),
                                [&](const AggregateCell &cell) { return state(cell) == PeriodState::open; });
  fuzz_check((first.status == 200) == (acceptable && !any_open));
  if (!acceptable || any_open) {
    fuzz_check(first.status == (acceptable ? 409 : 400));
    check_error(first);
    fuzz_check(store.reports.empty());
    return 0;
  }
  const auto ack = decode_ack(first.body);
  fuzz_check(ack.ok());
  fuzz_check(ack.value().report_id == key);
  const auto &cells = report.value().cells;
  fuzz_check(ack.value().cells.size() == cells.size());
  std::size_t accepted = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const bool allowed =
        std::find(kMunicipalities.begin(), kMunicipalities.end(), cells[i].municipality) != kMunicipalities.end() &&
        state(cells[i]) == PeriodState::sealed;
    fuzz_check((ack.value().cells[i].status == AckStatus::accepted) == allowed);
    accepted += allowed ? 1 : 0;
  }
  fuzz_check(ack.value().status == (accepted > 0 ? AckStatus::accepted : AckStatus::rejected));
  fuzz_check(store.cells_counted == accepted);

  const ApiAnswer replay = intake.receive(request);
  fuzz_check(replay.status == 200);
  fuzz_check(std::find(replay.headers.begin(), replay.headers.end(),
                       std::pair<std::string, std::string>{"Idempotent-Replayed", "true"}) != replay.headers.end());
  const auto replayed = decode_ack(replay.body);
  fuzz_check(replayed.ok());
  fuzz_check(replayed.value().status == (accepted > 0 ? AckStatus::duplicate : AckStatus::rejected));
  fuzz_check(replayed.value().cells.size() == cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    fuzz_check(replayed.value().cells[i].status == ack.value().cells[i].status);
  }
  fuzz_check(store.cells_counted == accepted);
  return 0;
}
