// region_fuzzer.cpp — load_region(), the municipalities of a region.
//
// Invariants: a loaded region has a name and at least one municipality, each
// with a unique CBS code GMnnnn and a name, and find() returns it.
#include "fuzz_support.h"

#include "veldwijzer/directory.h"
#include "veldwijzer/upload_format.h"

using namespace veldwijzer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const auto loaded = load_region(fuzz::as_text(data, size), "twente.json");
  if (!loaded) {
    fuzz_check(!loaded.error().reason.empty());
    fuzz_check(!loaded.error().message().empty());
    return 0;
  }
  const Region &region = loaded.value();
  fuzz_check(!region.name.empty());
  fuzz_check(!region.municipalities.empty());
  for (const Municipality &m : region.municipalities) {
    fuzz_check(is_municipality_code(m.code));
    fuzz_check(!m.name.empty());
    fuzz_check(region.find(m.code) == &m); // unique codes
  }
  return 0;
}
