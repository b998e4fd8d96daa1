// directory_fuzzer.cpp — load_directory(), the HSDS 3 import, against the
// real Twente region.
//
// Invariants: a loaded directory's references hold (organisations, terms,
// municipalities); its HSDS export loads again to the same export (round
// trip); each service and term exports as JSON the collector can parse.
#include "assets.h"
#include "fuzz_support.h"

#include <nlohmann/json.hpp>

using namespace veldwijzer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const Region &region = fuzz::real_data().region;
  const auto loaded = load_directory(fuzz::as_text(data, size), "twente.json", region);
  if (!loaded) {
    fuzz_check(!loaded.error().reason.empty());
    return 0;
  }
  const Directory &directory = loaded.value();
  for (const Service &s : directory.services) {
    fuzz_check(directory.service(s.id) == &s);
    fuzz_check(s.organization_id.empty() || directory.organization(s.organization_id) != nullptr);
    for (const std::string &term : s.terms) {
      fuzz_check(directory.term(term) != nullptr);
    }
    for (const std::string &code : s.municipalities) {
      fuzz_check(region.find(code) != nullptr);
    }
    fuzz_check(s.terms.size() == s.attribute_ids.size());
    fuzz_check(s.municipalities.size() == s.area_ids.size());
    for (const WeeklyHours &h : s.hours) {
      fuzz_check(h.days != 0 && h.days < 0x80);
      fuzz_check(h.opens_minute >= 0 && h.closes_minute <= 1440);
    }
    fuzz_check(!s.minimum_age_months || !s.maximum_age_months || *s.minimum_age_months <= *s.maximum_age_months);
    fuzz_check(!nlohmann::json::parse(export_service_hsds(s), nullptr, false).is_discarded());
  }
  for (const TaxonomyTerm &t : directory.terms) {
    fuzz_check(!nlohmann::json::parse(export_term_hsds(t), nullptr, false).is_discarded());
  }

  const std::string exported = export_hsds(directory);
  const auto reloaded = load_directory(exported, "export.json", region);
  if (!reloaded) {
    std::fprintf(stderr, "export does not load again: %s\n", reloaded.error().message().c_str());
  }
  fuzz_check(reloaded.ok());
  fuzz_check(export_hsds(reloaded.value()) == exported);
  return 0;
}
