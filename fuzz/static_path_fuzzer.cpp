// static_path_fuzzer.cpp — safe_relative_path(), the collector's guard
// between a request path and the web root.
//
// Invariants: an accepted path is relative, has no "..", "." or empty
// segment, no backslash, NUL or hidden (dot) file, so joined to the root it
// stays inside it; and the MIME lookup always answers.
#include "fuzz_support.h"

#include "static_files.h"

#include <filesystem>

using namespace veldwijzer::collector;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view url_path = veldwijzer::fuzz::as_text(data, size);
  const auto relative = safe_relative_path(url_path);
  if (!relative) {
    return 0;
  }
  const std::string &p = *relative;
  fuzz_check(!p.empty() && p.front() != '/');
  fuzz_check(p.find('\\') == std::string::npos && p.find('\0') == std::string::npos);
  std::size_t start = 0;
  while (start <= p.size()) {
    const std::size_t end = std::min(p.find('/', start), p.size());
    const std::string_view segment = std::string_view(p).substr(start, end - start);
    fuzz_check(!segment.empty() && segment.front() != '.');
    start = end + 1;
  }
  const std::filesystem::path root = "/srv/web";
  const std::filesystem::path joined = (root / p).lexically_normal();
  fuzz_check(joined.string().rfind("/srv/web/", 0) == 0);
  fuzz_check(!mime_type_for(p).empty());
  return 0;
}
