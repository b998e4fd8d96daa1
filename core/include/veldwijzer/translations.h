// translations.h — the UI's translation table (Dutch first, English second).
//
// Every string the app shows comes from assets/i18n/strings.json:
//   { "about.title": { "nl": "Over Veldwijzer", "en": "About Veldwijzer" }, ... }
// Parse once with Translations::parse(); look up with text(key, language).
// A table missing a language for any key is rejected at parse time, so a
// running app never falls back silently.
#pragma once

#include "veldwijzer/result.h"

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

enum class Language { nl, en };
inline constexpr std::array<Language, 2> kLanguages = {Language::nl, Language::en};
std::string_view language_code(Language language); // "nl", "en"

class Translations {
public:
  static Result<Translations> parse(std::string_view json_text);

  // The text for key in language. An unknown key returns the key itself, so
  // a missing entry is visible on screen (and caught by tests), never blank.
  std::string_view text(std::string_view key, Language language) const;
  bool contains(std::string_view key) const;
  std::vector<std::string> keys() const;

private:
  std::map<std::string, std::array<std::string, kLanguages.size()>, std::less<>> table_;
};

} // namespace veldwijzer
