// csv_text_fuzzer.cpp — csv_text(), how the aggregates CSV export (for Dutch
// Excel: ";" between fields, CRLF between rows) writes a text cell.
//
// Invariants: a row of up to six cells written with csv_text() reads back,
// through a strict RFC 4180 reader with ";" as separator, as exactly those
// cells (with the ' that guards a formula), and no cell Excel reads starts
// with a formula character.
#include "aggregates_csv.h"
#include "fuzz_support.h"

#include <fuzzer/FuzzedDataProvider.h>
#include <optional>
#include <string>
#include <vector>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

// One CSV row ending in CRLF, or nullopt when it is not well-formed.
std::optional<std::vector<std::string>> read_row(std::string_view text) {
  std::vector<std::string> cells;
  std::size_t i = 0;
  while (true) {
    std::string cell;
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size()) {
          return std::nullopt; // unterminated quote
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cell += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != ';' && text[i] != '\r') {
        if (text[i] == '"' || text[i] == '\n') {
          return std::nullopt; // a quote or line break in an unquoted cell
        }
        cell += text[i++];
      }
    }
    cells.push_back(std::move(cell));
    if (i < text.size() && text[i] == ';') {
      ++i;
      continue;
    }
    if (text.substr(i) == "\r\n") {
      return cells;
    }
    return std::nullopt; // something after a closing quote, or no CRLF at the end
  }
}

bool starts_formula(std::string_view cell) {
  return !cell.empty() && (cell.front() == '=' || cell.front() == '+' || cell.front() == '-' || cell.front() == '@' ||
                           cell.front() == '\t' || cell.front() == '\r');
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  std::vector<std::string> cells;
  const int count = in.ConsumeIntegralInRange(1, 6);
  for (int c = 0; c < count; ++c) {
    cells.push_back(c + 1 == count ? in.ConsumeRemainingBytesAsString() : in.ConsumeRandomLengthString(64));
  }
  std::string row;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    row += (c == 0 ? "" : ";") + csv_text(cells[c]);
  }
  row += "\r\n";
  const auto read = read_row(row);
  fuzz_check(read.has_value());
  fuzz_check(read->size() == cells.size());
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const std::string expected = starts_formula(cells[c]) ? "'" + cells[c] : cells[c];
    fuzz_check((*read)[c] == expected);
    fuzz_check(!starts_formula((*read)[c]));
  }
  return 0;
}
