// builtin_assets.cpp — access to the embedded asset bytes.
#include "veldwijzer/builtin_assets.h"

#include <cstddef>

extern const unsigned char veldwijzer_strings_json[];
extern const std::size_t veldwijzer_strings_json_size;

namespace veldwijzer {

std::string_view builtin_strings_json() {
  return {reinterpret_cast<const char *>(veldwijzer_strings_json), veldwijzer_strings_json_size};
}

Result<Translations> builtin_translations() {
  return Translations::parse(builtin_strings_json());
}

} // namespace veldwijzer
