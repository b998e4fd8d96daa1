// translations_test.cpp — the translation table parses strictly and looks up
// Dutch first, English second.
#include "veldwijzer/translations.h"

#include <catch_amalgamated.hpp>

using veldwijzer::Language;
using veldwijzer::Translations;

TEST_CASE("a key is looked up in Dutch and in English") {
  auto table = Translations::parse(R"({"menu.about": {"nl": "Over Veldwijzer", "en": "About Veldwijzer"}})");
  REQUIRE(table.ok());
  CHECK(table.value().text("menu.about", Language::nl) == "Over Veldwijzer");
  CHECK(table.value().text("menu.about", Language::en) == "About Veldwijzer");
}

TEST_CASE("text with diacritics and typographic marks survives as UTF-8") {
  auto table = Translations::parse(R"({"t": {"nl": "Één — café, ’s-Heerenberg, Ĳssel", "en": "x"}})");
  REQUIRE(table.ok());
  CHECK(table.value().text("t", Language::nl) ==
        "\xC3\x89\xC3\xA9n \xE2\x80\x94 caf\xC3\xA9, \xE2\x80\x99s-Heerenberg, "
        "\xC4\xB2ssel");
}

TEST_CASE("an unknown key shows the key itself instead of an empty string") {
  auto table = Translations::parse(R"({"a": {"nl": "A", "en": "A"}})");
  REQUIRE(table.ok());
  CHECK(table.value().text("does.not.exist", Language::nl) == "does.not.exist");
  CHECK_FALSE(table.value().contains("does.not.exist"));
}

TEST_CASE("a table missing the English text is rejected with the key's path") {
  auto table = Translations::parse(R"({"home.title": {"nl": "Start"}})");
  REQUIRE_FALSE(table.ok());
  CHECK(table.error() == "/home.title/en: missing or empty text");
}

TEST_CASE("malformed or misshapen tables are rejected with a reason") {
  CHECK(Translations::parse("{").error() == "translation table is not valid JSON");
  CHECK(Translations::parse("[]").error() == "translation table must be a JSON object of keys");
  CHECK(Translations::parse(R"({"a": "text"})").error() == "/a: must be an object with \"nl\" and \"en\"");
  CHECK(Translations::parse(R"({"a": {"nl": "A", "en": 3}})").error() == "/a/en: missing or empty text");
  CHECK(Translations::parse(R"({"a": {"nl": "A", "en": "A", "de": "A"}})").error() ==
        "/a/de: unknown language (expected nl or en)");
  CHECK(Translations::parse(R"({"a": {"nl": "", "en": "A"}})").error() == "/a/nl: missing or empty text");
}

TEST_CASE("garbage bytes never crash the parser") {
  const std::string inputs[] = {std::string("\xFF\xFE\x00\x01", 4), "{\"a\":{\"nl\":\"\xC3\"}}", "null", "123",
                                std::string(10000, '[')};
  for (const auto &input : inputs) {
    CHECK_FALSE(Translations::parse(input).ok());
  }
}
