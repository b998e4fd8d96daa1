// directory_data_fuzzer.cpp — load_directory_data(): region, directory,
// synonyms and routes together, as an update would deliver them, then the
// index built from them.
//
// The input is the four texts separated by a line "@@" (the seeds are
// written so). Invariants: when everything loads, every route resolves for
// every municipality to services of the directory that serve it (or are
// marked outside it), and searches obey check_search().
#include "assets.h"
#include "search_checks.h"

using namespace veldwijzer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const auto parts = fuzz::split_parts(fuzz::as_text(data, size), "\n@@\n", 4);
  const auto loaded = load_directory_data({parts[0], parts[1], parts[2], parts[3]});
  if (!loaded) {
    fuzz_check(!loaded.error().message().empty());
    return 0;
  }
  const DirectoryData &d = *loaded.value();
  const std::size_t municipalities = std::min<std::size_t>(d.region.municipalities.size(), 16);
  const std::size_t routes = std::min<std::size_t>(d.routes.routes.size(), 32);
  for (std::size_t r = 0; r < routes; ++r) {
    const ReferralRoute &route = d.routes.routes[r];
    fuzz_check(d.routes.find(route.id) != nullptr);
    for (std::size_t m = 0; m < municipalities; ++m) {
      const std::string &code = d.region.municipalities[m].code;
      const auto steps = resolve_route(route, d.directory, code);
      fuzz_check(steps.size() == route.steps.size());
      for (const ResolvedStep &step : steps) {
        for (const Service *s : step.services) {
          fuzz_check(d.directory.service(s->id) == s);
          fuzz_check(step.outside_municipality || s->covers(code));
        }
      }
    }
  }
  SearchQuery q;
  for (const char *text : {"", "geweld", "schuld", "wijkteam", "hulp bij opvoeden", "kindertelefon"}) {
    q.text = text;
    fuzz::check_search(d.index, d.directory, q);
    if (municipalities > 0) {
      q.municipality = d.region.municipalities.front().code;
      q.preferred_municipality = q.municipality;
      fuzz::check_search(d.index, d.directory, q);
      q.municipality.clear();
    }
  }
  for (const SynonymGroup &group : d.synonyms.groups) {
    q.text = group.terms.empty() ? "" : group.terms.front();
    fuzz::check_search(d.index, d.directory, q);
  }
  return 0;
}
