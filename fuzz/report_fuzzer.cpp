// report_fuzzer.cpp — decode_report(), the collector's privacy gate.
//
// Invariants: a decoded report has 1..kMaxCellsPerReport cells whose fields
// pass the shared checks, and it round-trips: decode(encode(r)) == r and
// encoding is a fixpoint.
#include "fuzz_support.h"

#include "veldwijzer/age_band.h"
#include "veldwijzer/upload_format.h"

#include <algorithm>

using namespace veldwijzer;

namespace {

bool same_report(const Report &a, const Report &b) {
  if (a.report_id != b.report_id || a.cells.size() != b.cells.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    if (!a.cells[i].same_key(b.cells[i]) || a.cells[i].count != b.cells[i].count) {
      return false;
    }
  }
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const auto decoded = decode_report(fuzz::as_text(data, size));
  if (!decoded) {
    fuzz_check(!decoded.error().empty());
    return 0;
  }
  const Report &report = decoded.value();
  fuzz_check(is_report_id(report.report_id));
  fuzz_check(!report.cells.empty() && report.cells.size() <= kMaxCellsPerReport);
  const auto &bands = all_age_bands();
  for (const AggregateCell &cell : report.cells) {
    fuzz_check(is_period(cell.period));
    fuzz_check(is_municipality_code(cell.municipality));
    fuzz_check(std::find(bands.begin(), bands.end(), cell.age_band) != bands.end());
    fuzz_check(cell.checklist_version >= 1 && cell.checklist_version <= 10000);
    fuzz_check(cell.count >= 1 && cell.count <= 100000);
    fuzz_check(cell.route.empty() == (cell.level == SignalLevel::none));
  }
  const std::string encoded = encode_report(report);
  const auto again = decode_report(encoded);
  fuzz_check(again.ok());
  fuzz_check(same_report(report, again.value()));
  fuzz_check(encode_report(again.value()) == encoded);
  return 0;
}
