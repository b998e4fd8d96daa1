// seed_checklists_test.cpp — the shipped checklists (assets/checklists) load
// against the shipped routes, score sensibly, and carry no questionnaire text.
#include "veldwijzer/checklist.h"
#include "veldwijzer/directory_data.h"
#include "veldwijzer/text_folding.h"

#include "seed_assets.h"

#include <catch_amalgamated.hpp>

#include <cstddef>
#include <string_view>

using namespace veldwijzer;

namespace {

const DirectoryData &seed() {
  static const std::unique_ptr<DirectoryData> data = [] {
    auto loaded = load_directory_data(
        {seed_assets::region(), seed_assets::directory(), seed_assets::synonyms(), seed_assets::routes()});
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
  }();
  return *data;
}

Checklist seed_checklist(std::string_view json, const char *name) {
  auto loaded = load_checklist(json, name, &seed().routes);
  INFO((loaded.ok() ? "" : loaded.error().message()));
  REQUIRE(loaded.ok());
  return std::move(loaded).value();
}

Checklist jgz() {
  return seed_checklist(seed_assets::jgz_checklist(), "jgz-vroegsignalering.json");
}
Checklist ouderen() {
  return seed_checklist(seed_assets::ouderen_checklist(), "ouderen-vroegsignalering.json");
}

} // namespace

TEST_CASE("the JGZ and ouderen checklists load with nine domains each") {
  const Checklist j = jgz();
  const Checklist o = ouderen();
  CHECK(j.id == "jgz-vroegsignalering");
  CHECK(o.id == "ouderen-vroegsignalering");
  CHECK(j.domains.size() == 9);
  CHECK(o.domains.size() == 9);
  CHECK(j.allows_age_band("prenataal"));
  CHECK(j.allows_age_band("12-17"));
  CHECK_FALSE(j.allows_age_band("65-74"));
  CHECK(o.allows_age_band("85+"));
  CHECK_FALSE(o.allows_age_band("0-3"));
}

TEST_CASE("every domain that can reach level 3 has an acute item and starts its level-3 routes with acute danger") {
  for (const Checklist &c : {jgz(), ouderen()}) {
    for (const ChecklistDomain &d : c.domains) {
      INFO(d.id);
      if (d.max_level != SignalLevel::acute) {
        continue;
      }
      CHECK(d.routes_for(SignalLevel::acute).front() == "route-acuut-gevaar");
      bool has_acute = false;
      for (const ChecklistItem &item : d.items) {
        has_acute = has_acute || item.acute;
      }
      CHECK(has_acute);
    }
  }
}

TEST_CASE("a child's spontaneous disclosure of violence puts the acute route first") {
  const Checklist c = jgz();
  const ChecklistOutcome outcome = score_checklist(c, {{"J4.4", 1}});
  CHECK(outcome.acute);
  for (const DomainOutcome &d : outcome.domains) {
    if (d.domain->id == "J4") {
      CHECK(d.primary_route() == "route-acuut-gevaar");
    }
  }
}

TEST_CASE("an EDIZ-plus total at the published cut-off of 9 means zorg for the carer") {
  const Checklist c = ouderen();
  const ChecklistItem *ediz = c.find_item("O7.5");
  REQUIRE(ediz != nullptr);
  REQUIRE(ediz->instrument.has_value());
  CHECK(ediz->instrument->cutoff == 9);
  const auto level_o7 = [&](int score) {
    for (const DomainOutcome &d : score_checklist(c, {{"O7.5", score}}).domains) {
      if (d.domain->id == "O7") {
        return d.level;
      }
    }
    return SignalLevel::acute;
  };
  CHECK(level_o7(8) == SignalLevel::none);
  CHECK(level_o7(9) == SignalLevel::concern);
}

TEST_CASE("no item quotes a copyrighted questionnaire; instruments appear only as entered results") {
  // The names may appear only on the items meant to hold an entered result.
  const char *kInstruments[] = {"sdq", "gfi", "tfi",  "prisma", "jong gierveld", "ediz", "wiechen",
                                "zrm", "mna", "mmse", "lirik",  "sputovamo",     "snaq"};
  for (const Checklist &c : {jgz(), ouderen()}) {
    for (const ChecklistDomain &d : c.domains) {
      for (const ChecklistItem &item : d.items) {
        const std::string folded = fold_text(item.text.nl) + " " + fold_text(item.text.en);
        for (const char *name : kInstruments) {
          if (folded.find(name) != std::string::npos) {
            INFO(item.id << " names " << name);
            const bool result_item = item.kind == AnswerKind::score || item.id == "J1.5" || item.id == "O5.4";
            CHECK(result_item);
          }
        }
        CHECK(item.text.nl.size() <= 120);
      }
    }
  }
}
