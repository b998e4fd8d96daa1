// fuzz_support.h — what the libFuzzer harnesses in fuzz/ share.
//
// Each harness is one LLVMFuzzerTestOneInput() over one parser. An invariant
// that fails calls fuzz_check(), which prints what broke and aborts, so
// libFuzzer saves the input as a crash just like a sanitizer report. The real
// assets are compiled in (fuzz/CMakeLists.txt), so harnesses that need a
// region, directory or routes to check references against use the real ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer::fuzz {

[[noreturn]] inline void invariant_failed(const char *what, const char *file, int line) {
  std::fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
  std::abort();
}

#define fuzz_check(condition)                                                                                          \
  do {                                                                                                                 \
    if (!(condition)) {                                                                                                \
      ::veldwijzer::fuzz::invariant_failed(#condition, __FILE__, __LINE__);                                            \
    }                                                                                                                  \
  } while (0)

inline std::string_view as_text(const std::uint8_t *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

// Splits fuzz input into parts at a separator line, for parsers that take
// several texts at once (the seeds are written the same way).
inline std::vector<std::string_view> split_parts(std::string_view input, std::string_view separator,
                                                 std::size_t parts) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < parts) {
    const std::size_t at = input.find(separator);
    if (at == std::string_view::npos) {
      break;
    }
    out.push_back(input.substr(0, at));
    input.remove_prefix(at + separator.size());
  }
  out.push_back(input);
  out.resize(parts);
  return out;
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) {
      return false; // truncated sequence
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if ((b(i + k) & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

} // namespace veldwijzer::fuzz
