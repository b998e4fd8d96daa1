// text_folding.h — Dutch-aware text normalisation for search.
//
// fold_text() lowercases and strips diacritics with a small table of our own
// (ICU is too big for the download budget): "Één café, Ĳssel" -> "een cafe, ijssel".
// search_words() splits folded text into words of [a-z0-9] — the unit the
// search index stores and the query is cut into.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

std::string fold_text(std::string_view utf8);
std::vector<std::string> search_words(std::string_view utf8);

} // namespace veldwijzer
