// checklist_fuzzer.cpp — load_checklist(), a checklist definition as an
// update delivers it, checked against the real routes, then scored.
//
// Invariants: a loaded checklist has unique item ids and a route for every
// level up to each domain's maximum; loading without routes accepts whatever
// loads with them; scoring any answers (none, all unknown, all lowest, all
// highest, and a mix derived from the input) counts every item once and
// never rates a domain above its maximum.
#include "assets.h"
#include "fuzz_support.h"

#include <set>

using namespace veldwijzer;

namespace {

int highest_value(const ChecklistItem &item) {
  switch (item.kind) {
  case AnswerKind::yes_no:
    return 1;
  case AnswerKind::scale:
    return static_cast<int>(item.options.size()) - 1;
  case AnswerKind::score:
    return item.max;
  }
  return 0;
}

void check_outcome(const Checklist &checklist, const Answers &answers) {
  const ChecklistOutcome outcome = score_checklist(checklist, answers);
  fuzz_check(outcome.domains.size() == checklist.domains.size());
  fuzz_check(outcome.total == static_cast<int>(checklist.item_count()));
  fuzz_check(outcome.answered >= 0 && outcome.answered <= outcome.total);
  SignalLevel highest = SignalLevel::none;
  for (std::size_t d = 0; d < outcome.domains.size(); ++d) {
    const DomainOutcome &o = outcome.domains[d];
    fuzz_check(o.domain == &checklist.domains[d]);
    fuzz_check(o.level <= o.domain->max_level);
    fuzz_check(o.answered <= static_cast<int>(o.domain->items.size()));
    fuzz_check((o.level == SignalLevel::none) == o.primary_route().empty());
    highest = std::max(highest, o.level);
  }
  fuzz_check(outcome.highest == highest);
  fuzz_check(outcome.acute == (highest == SignalLevel::acute));
  // Pure: the same answers score the same.
  const ChecklistOutcome again = score_checklist(checklist, answers);
  fuzz_check(again.highest == outcome.highest && again.answered == outcome.answered);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const auto with_routes = load_checklist(text, "checklist.json", &fuzz::real_data().routes);
  const auto without_routes = load_checklist(text, "checklist.json", nullptr);
  fuzz_check(!with_routes.ok() || without_routes.ok());
  if (!without_routes) {
    fuzz_check(!without_routes.error().message().empty());
    return 0;
  }
  const Checklist &checklist = without_routes.value();
  fuzz_check(checklist.version >= 1);
  fuzz_check(!checklist.domains.empty() && !checklist.age_bands.empty());
  std::set<std::string> ids;
  for (const ChecklistDomain &domain : checklist.domains) {
    for (const ChecklistItem &item : domain.items) {
      fuzz_check(ids.insert(item.id).second);
      fuzz_check(checklist.find_item(item.id) == &item);
      fuzz_check(item.accepts(kUnknown));
    }
    for (int level = 1; level <= static_cast<int>(domain.max_level); ++level) {
      fuzz_check(!domain.routes_for(static_cast<SignalLevel>(level)).empty());
    }
    for (const LevelRule &rule : domain.rules) {
      fuzz_check(rule.level >= SignalLevel::attention && rule.level <= domain.max_level);
    }
  }

  Answers none, unknown, lowest, highest, mixed;
  std::size_t k = 0;
  for (const ChecklistDomain &domain : checklist.domains) {
    for (const ChecklistItem &item : domain.items) {
      unknown[item.id] = kUnknown;
      lowest[item.id] = item.kind == AnswerKind::score ? item.min : 0;
      highest[item.id] = highest_value(item);
      // Any int, in range or not: scoring must never trust its input.
      const unsigned char byte = size > 0 ? data[k++ % size] : 0;
      mixed[item.id] = byte % 4 == 0 ? kUnknown : byte % 4 == 1 ? highest_value(item) : static_cast<int>(byte) - 128;
    }
  }
  for (const Answers *answers : {&none, &unknown, &lowest, &highest, &mixed}) {
    check_outcome(checklist, *answers);
  }
  return 0;
}
