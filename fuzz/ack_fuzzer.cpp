// ack_fuzzer.cpp — decode_ack(), how the device reads the collector's answer.
//
// Invariant: a decoded acknowledgement round-trips through encode_ack().
#include "fuzz_support.h"

#include "veldwijzer/upload_format.h"

using namespace veldwijzer;

namespace {

bool same_ack(const ReportAck &a, const ReportAck &b) {
  if (a.report_id != b.report_id || a.status != b.status || a.reason != b.reason || a.cells.size() != b.cells.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    if (a.cells[i].status != b.cells[i].status || a.cells[i].reason != b.cells[i].reason) {
      return false;
    }
  }
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const auto decoded = decode_ack(fuzz::as_text(data, size));
  if (!decoded) {
    fuzz_check(!decoded.error().empty());
    return 0;
  }
  const std::string encoded = encode_ack(decoded.value());
  const auto again = decode_ack(encoded);
  fuzz_check(again.ok());
  fuzz_check(same_ack(decoded.value(), again.value()));
  fuzz_check(encode_ack(again.value()) == encoded);
  return 0;
}
