// routes_fuzzer.cpp — load_synonyms() and load_routes() against the real
// Twente directory (an update of either file arrives alone).
//
// The input is synonyms.json, a line "@@", then routes.json. Invariants:
// loaded synonyms build an index whose searches obey check_search(); loaded
// routes have unique ids and resolve for every municipality to services that
// serve it or are marked outside it.
#include "assets.h"
#include "search_checks.h"

using namespace veldwijzer;

namespace {

void check_synonyms(std::string_view text, const DirectoryData &real) {
  const auto synonyms = load_synonyms(text, "synonyms.json", real.directory);
  if (!synonyms) {
    fuzz_check(!synonyms.error().message().empty());
    return;
  }
  const SearchIndex index = SearchIndex::build(real.directory, synonyms.value());
  SearchQuery q;
  for (const SynonymGroup &group : synonyms.value().groups) {
    fuzz_check(!group.terms.empty());
    for (const std::string &topic : group.topics) {
      fuzz_check(real.directory.term(topic) != nullptr);
    }
    q.text = group.terms.front();
    fuzz::check_search(index, real.directory, q);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const DirectoryData &real = fuzz::real_data();
  const auto parts = fuzz::split_parts(fuzz::as_text(data, size), "\n@@\n", 2);

  // Indexing the real directory is the slow part, and most inputs change only
  // the routes: the check is pure, so the same synonyms text is checked once.
  static std::string last_synonyms;
  if (parts[0] != last_synonyms || last_synonyms.empty()) {
    last_synonyms = std::string(parts[0]);
    check_synonyms(parts[0], real);
  }

  const auto routes = load_routes(parts[1], "routes.json", real.directory);
  if (!routes) {
    fuzz_check(!routes.error().message().empty());
    return 0;
  }
  for (const ReferralRoute &route : routes.value().routes) {
    fuzz_check(routes.value().find(route.id) == &route);
    for (const Municipality &m : real.region.municipalities) {
      const auto steps = resolve_route(route, real.directory, m.code);
      fuzz_check(steps.size() == route.steps.size());
      for (const ResolvedStep &step : steps) {
        for (const Service *s : step.services) {
          fuzz_check(real.directory.service(s->id) == s);
          fuzz_check(step.outside_municipality || s->covers(m.code));
        }
      }
    }
  }
  return 0;
}
