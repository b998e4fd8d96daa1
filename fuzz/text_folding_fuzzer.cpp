// text_folding_fuzzer.cpp — fold_text() and search_words() on any bytes.
//
// Invariants: the folded text is valid UTF-8 (invalid input becomes U+FFFD),
// has no upper-case ASCII, and folding is idempotent; words are non-empty
// runs of [a-z0-9], exactly the words of the folded text.
#include "fuzz_support.h"

#include "veldwijzer/text_folding.h"

using namespace veldwijzer;
using veldwijzer::fuzz::as_text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view input = as_text(data, size);
  const std::string folded = fold_text(input);
  fuzz_check(fuzz::is_valid_utf8(folded));
  for (const char c : folded) {
    fuzz_check(!(c >= 'A' && c <= 'Z'));
  }
  fuzz_check(fold_text(folded) == folded);

  const std::vector<std::string> words = search_words(input);
  std::vector<std::string> from_folded;
  for_each_word(folded, [&](std::string_view word) { from_folded.emplace_back(word); });
  fuzz_check(words == from_folded);
  for (const std::string &word : words) {
    fuzz_check(!word.empty());
    for (const char c : word) {
      fuzz_check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    }
  }
  return 0;
}
