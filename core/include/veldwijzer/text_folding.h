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

// Calls visit(std::string_view word) for each word of already folded text,
// without allocating: the index builder runs this over every description.
template <class Visit> void for_each_word(std::string_view folded, Visit &&visit) {
  std::size_t start = 0;
  const auto is_word_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  for (std::size_t i = 0; i <= folded.size(); ++i) {
    if (i < folded.size() && is_word_char(folded[i])) {
      continue;
    }
    if (i > start) {
      visit(folded.substr(start, i - start));
    }
    start = i + 1;
  }
}

} // namespace veldwijzer
