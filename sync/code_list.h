// code_list.h — how both collector stores keep a token's municipality codes:
// one text column, comma-separated ("GM0153,GM0164"). Codes never contain a
// comma (they are checked against the region before they are stored).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer::collector {

inline std::string join_codes(const std::vector<std::string> &codes) {
  std::string out;
  for (const std::string &code : codes) {
    out += (out.empty() ? "" : ",") + code;
  }
  return out;
}

inline std::vector<std::string> split_codes(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

} // namespace veldwijzer::collector
