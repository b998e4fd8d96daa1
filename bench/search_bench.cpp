// search_bench.cpp — search and index-build speed on a large directory.
//
// Builds 10 000 generated services (seeded: same data every run; Dutch-like
// names and realistic text lengths) plus the real seed dataset, then times
// 1–3-word queries a nurse would type. Prints name=value lines; the suffix
// (_native / _wasm) comes from the build. Usage: search_bench ASSETS_DIR
#include "veldwijzer/directory.h"
#include "veldwijzer/search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

using namespace veldwijzer;
using Clock = std::chrono::steady_clock;

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char *kSuffix = "wasm";
#else
constexpr const char *kSuffix = "native";
#endif

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "search_bench: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Pseudo-Dutch words from common syllables, plus real domain words.
std::vector<std::string> make_vocabulary(std::mt19937 &rng) {
  const char *syllables[] = {"ge",    "be",    "ver",  "zorg", "wijk",   "huis",  "kind",  "ouder", "hulp",
                             "buurt", "team",  "raad", "werk", "school", "jeugd", "plein", "punt",  "lijn",
                             "thuis", "steun", "en",   "de",   "lo",     "ka",    "mer",   "sel",   "ling",
                             "heid",  "baar",  "lijk", "ste",  "over",   "op"};
  std::vector<std::string> words = {"ondersteuning", "opvoeding", "mantelzorg",  "eenzaamheid", "schulden",
                                    "dementie",      "wonen",     "gezin",       "ouderen",     "jongeren",
                                    "vrijwilligers", "advies",    "begeleiding", "aanmelding",  "spreekuur"};
  while (words.size() < 3000) {
    std::string w;
    for (auto i = 2 + rng() % 3; i > 0; --i) {
      w += syllables[rng() % std::size(syllables)];
    }
    words.push_back(w);
  }
  return words;
}

std::string sentence(std::mt19937 &rng, const std::vector<std::string> &vocabulary, int min_words, int max_words) {
  // Plain modulo and division instead of <random>'s distributions, whose
  // output differs between libstdc++ and libc++: native and wasm must index
  // the same data. Zipf-like: common words far more often than the tail.
  std::string out;
  for (auto i = min_words + static_cast<int>(rng() % static_cast<unsigned>(max_words - min_words + 1)); i > 0; --i) {
    const double u = static_cast<double>(rng()) / 4294967296.0;
    const auto index = static_cast<std::size_t>(std::pow(u, 3.0) * static_cast<double>(vocabulary.size() - 1));
    out += (out.empty() ? "" : " ") + vocabulary[index];
  }
  return out;
}

void add_generated(Directory &d, const Region &region, std::size_t count) {
  std::mt19937 rng(20261126);
  const auto vocabulary = make_vocabulary(rng);
  const char *kinds[] = {"Stichting", "Wijkcentrum", "Buurtteam", "Inloop", "Steunpunt", "Praktijk", "Vereniging"};
  std::vector<std::string> topics;
  for (const TaxonomyTerm &t : d.terms) {
    if (t.taxonomy == "veldwijzer-topics") {
      topics.push_back(t.id);
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    Service s;
    s.id = "gen-" + std::to_string(i);
    const Municipality &m = region.municipalities[rng() % region.municipalities.size()];
    s.name = std::string(kinds[rng() % std::size(kinds)]) + " " + sentence(rng, vocabulary, 1, 2) + " " + m.name;
    s.description = sentence(rng, vocabulary, 15, 60);
    s.description_en = sentence(rng, vocabulary, 10, 30);
    s.status = "active";
    s.municipalities = {m.code};
    s.area_ids = {"a"};
    if (!topics.empty()) {
      s.terms = {topics[rng() % topics.size()], "audience-citizens"};
      s.attribute_ids = {"t1", "t2"};
    }
    s.sources = {"generated"};
    s.verified = "2026-11-26";
    d.services.push_back(std::move(s));
  }
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: search_bench ASSETS_DIR\n");
    return 2;
  }
  const std::string assets = argv[1];
  auto region = load_region(read_file(assets + "/regions/twente.json"), "twente.json");
  if (!region) {
    std::fprintf(stderr, "%s\n", region.error().message().c_str());
    return 1;
  }
  auto directory = load_directory(read_file(assets + "/directory/twente.json"), "twente.json", region.value());
  if (!directory) {
    std::fprintf(stderr, "%s\n", directory.error().message().c_str());
    return 1;
  }
  auto synonyms = load_synonyms(read_file(assets + "/directory/synonyms.json"), "synonyms.json", directory.value());
  if (!synonyms) {
    std::fprintf(stderr, "%s\n", synonyms.error().message().c_str());
    return 1;
  }
  Directory d = std::move(directory).value();
  const std::size_t real = d.services.size();
  add_generated(d, region.value(), 10000);

  std::vector<double> build_ms;
  SearchIndex index = SearchIndex::build(d, synonyms.value());
  for (int i = 0; i < 5; ++i) {
    const auto start = Clock::now();
    index = SearchIndex::build(d, synonyms.value());
    build_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }

  const char *queries[] = {"veilig thuis", "huislijk geweld", "vervuiling", "geldzorgen",      "mantelzorg",
                           "dementie",     "eenzaam",         "opvoed",     "schulden almelo", "kindertelefoon",
                           "wijkteam",     "zorgwekkend",     "jeugd",      "ouderen hengelo", "crisis",
                           "huisarts",     "geheugen",        "opvang",     "verward gedrag",  "mishandeling"};
  std::vector<double> micros;
  std::size_t hits = 0;
  for (int round = 0; round < 10; ++round) {
    for (const char *text : queries) {
      SearchQuery q;
      q.text = text;
      q.preferred_municipality = "GM0183";
      const auto start = Clock::now();
      hits += index.search(q).size();
      micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      if (round == 9 && std::getenv("SEARCH_BENCH_VERBOSE") != nullptr) {
        std::fprintf(stderr, "%8.0f us  %s\n", micros.back(), text);
      }
    }
  }
  std::printf("search_services_%s=%zu\n", kSuffix, d.services.size());
  std::printf("search_real_services=%zu\n", real);
  std::printf("search_vocabulary_%s=%zu\n", kSuffix, index.vocabulary_size());
  std::printf("index_build_ms_%s=%.1f\n", kSuffix, percentile(build_ms, 0.5));
  std::printf("search_p50_us_%s=%.0f\n", kSuffix, percentile(micros, 0.5));
  std::printf("search_p95_us_%s=%.0f\n", kSuffix, percentile(micros, 0.95));
  std::fprintf(stderr, "(%zu hits over %zu queries)\n", hits, micros.size());
  return 0;
}
