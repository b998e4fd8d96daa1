// text_folding_test.cpp — Dutch diacritics, ligatures and punctuation fold
// to the words the search index stores.
#include "veldwijzer/text_folding.h"

#include <catch_amalgamated.hpp>

using veldwijzer::fold_text;
using veldwijzer::search_words;

TEST_CASE("Dutch diacritics and the ij ligature fold to plain lowercase letters") {
  CHECK(fold_text("Één café") == "een cafe");
  CHECK(fold_text("cliënten, geëmigreerd, reünie") == "clienten, geemigreerd, reunie");
  CHECK(fold_text("\xC4\xB2ssel \xC4\xB3s") == "ijssel ijs");
  CHECK(fold_text("Straße, Œuvre, Ærø") == "strasse, oeuvre, aero");
}

TEST_CASE("typographic apostrophes and dashes become their ASCII forms") {
  CHECK(fold_text("’s-Heerenberg") == "'s-heerenberg");
  CHECK(fold_text("Zwolle–Enschede — nu") == "zwolle-enschede - nu");
}

TEST_CASE("text splits into words of letters and digits") {
  CHECK(search_words("Meldpunt Zorgwekkend Gedrag (0800-1205)") ==
        std::vector<std::string>{"meldpunt", "zorgwekkend", "gedrag", "0800", "1205"});
  CHECK(search_words("’s-Heerenberg") == std::vector<std::string>{"s", "heerenberg"});
  CHECK(search_words("  ,;  ").empty());
}

TEST_CASE("broken UTF-8 never crashes folding and loses only the broken bytes") {
  const std::string broken = "caf\xC3 \xFF\xFE ok \xE2\x82";
  const auto words = search_words(broken);
  REQUIRE_FALSE(words.empty());
  CHECK(words.back() == "ok");
}
