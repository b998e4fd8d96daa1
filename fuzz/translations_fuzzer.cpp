// translations_fuzzer.cpp — Translations::parse(), the UI's string table.
//
// Invariants: a parsed table has a non-empty text in both languages for
// every key it lists, and an unknown key comes back as itself.
#include "fuzz_support.h"

#include "veldwijzer/translations.h"

using namespace veldwijzer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const auto parsed = Translations::parse(fuzz::as_text(data, size));
  if (!parsed) {
    fuzz_check(!parsed.error().empty());
    return 0;
  }
  const Translations &table = parsed.value();
  const std::vector<std::string> keys = table.keys();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    fuzz_check(!keys[i].empty());
    fuzz_check(i == 0 || keys[i - 1] < keys[i]);
    fuzz_check(table.contains(keys[i]));
    for (const Language language : kLanguages) {
      fuzz_check(!table.text(keys[i], language).empty());
    }
  }
  const std::string unknown = "\x01not a key";
  if (!table.contains(unknown)) {
    fuzz_check(table.text(unknown, Language::nl) == unknown);
  }
  return 0;
}
