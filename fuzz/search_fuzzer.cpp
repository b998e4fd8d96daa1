// search_fuzzer.cpp — SearchIndex::search() over the real Twente directory
// with any query text and any combination of filters.
//
// The first bytes choose the filters, the rest is the text typed. The text is
// capped at 256 bytes (the collector allows 200; the app's search field is a
// line): longer texts only repeat the per-word work.
#include "assets.h"
#include "search_checks.h"

#include <fuzzer/FuzzedDataProvider.h>

using namespace veldwijzer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const DirectoryData &real = fuzz::real_data();
  FuzzedDataProvider in(data, size);
  const auto pick_code = [&]() -> std::string {
    const auto &list = real.region.municipalities;
    switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0:
      return "";
    case 1:
      return in.ConsumeRandomLengthString(8);
    default:
      return list[in.ConsumeIntegralInRange<std::size_t>(0, list.size() - 1)].code;
    }
  };
  SearchQuery q;
  q.municipality = pick_code();
  q.preferred_municipality = pick_code();
  if (in.ConsumeBool()) {
    q.age_months = in.ConsumeIntegralInRange(-12, 2000);
  }
  q.prenatal = in.ConsumeBool();
  switch (in.ConsumeIntegralInRange(0, 3)) {
  case 0:
    break;
  case 1:
    q.topic = in.ConsumeRandomLengthString(24);
    break;
  default:
    q.topic = real.directory.terms[in.ConsumeIntegralInRange<std::size_t>(0, real.directory.terms.size() - 1)].id;
  }
  q.open_now = in.ConsumeBool();
  if (in.ConsumeBool()) {
    // Any instant from 1970 to 2200.
    q.now = amsterdam_time(in.ConsumeIntegralInRange<std::int64_t>(0, 7258118400));
  }
  q.always_open_only = in.ConsumeBool();
  q.audience = static_cast<Audience>(in.ConsumeIntegralInRange(0, 2));
  q.include_policy = in.ConsumeBool();
  q.limit = in.ConsumeIntegralInRange<std::size_t>(0, 60);
  q.text = in.ConsumeRandomLengthString(256);
  fuzz::check_search(real.index, real.directory, q);
  return 0;
}
