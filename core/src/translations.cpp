// translations.cpp — parsing and lookup for the translation table.
#include "veldwijzer/translations.h"

#include <nlohmann/json.hpp>

namespace veldwijzer {

std::string_view language_code(Language language) {
  switch (language) {
  case Language::nl:
    return "nl";
  case Language::en:
    return "en";
  }
  return "nl";
}

Result<Translations> Translations::parse(std::string_view json_text) {
  // Parse without exceptions: the wasm build does not catch them.
  const auto doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return fail(std::string("translation table is not valid JSON"));
  }
  if (!doc.is_object()) {
    return fail(std::string("translation table must be a JSON object of keys"));
  }
  Translations result;
  for (const auto &[key, entry] : doc.items()) {
    if (key.empty()) {
      return fail(std::string("translation table has an empty key"));
    }
    if (!entry.is_object()) {
      return fail("/" + key + ": must be an object with \"nl\" and \"en\"");
    }
    std::array<std::string, kLanguages.size()> texts;
    for (Language language : kLanguages) {
      const std::string code(language_code(language));
      const auto it = entry.find(code);
      if (it == entry.end() || !it->is_string() || it->get_ref<const std::string &>().empty()) {
        return fail("/" + key + "/" + code + ": missing or empty text");
      }
      texts[static_cast<std::size_t>(language)] = it->get<std::string>();
    }
    for (const auto &[code, ignored] : entry.items()) {
      (void)ignored;
      if (code != "nl" && code != "en") {
        return fail("/" + key + "/" + code + ": unknown language (expected nl or en)");
      }
    }
    result.table_.emplace(key, std::move(texts));
  }
  return result;
}

std::string_view Translations::text(std::string_view key, Language language) const {
  const auto it = table_.find(key);
  if (it == table_.end()) {
    return key;
  }
  return it->second[static_cast<std::size_t>(language)];
}

bool Translations::contains(std::string_view key) const {
  return table_.find(key) != table_.end();
}

std::vector<std::string> Translations::keys() const {
  std::vector<std::string> out;
  out.reserve(table_.size());
  for (const auto &[key, texts] : table_) {
    (void)texts;
    out.push_back(key);
  }
  return out;
}

} // namespace veldwijzer
