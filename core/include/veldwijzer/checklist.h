// checklist.h — early-signal checklist definitions and how they score.
//
// A Checklist is data (assets/checklists/*.json): domains of short observed
// signals, rules that turn answers into a SignalLevel per domain, and the
// referral routes each level suggests. load_checklist() validates a file
// against the routes it names; score_checklist() is a pure function of a
// definition and answers, so a record made with version 1 scores the same
// forever, whatever version is installed later.
//
// Answers are integers per item id: yes = 1, no = 0, a scale value or an
// entered score; kUnknown for "onbekend". An item without an answer is
// simply absent from the map.
#pragma once

#include "veldwijzer/directory.h"
#include "veldwijzer/referral_routes.h"
#include "veldwijzer/result.h"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

enum class SignalLevel { none = 0, attention = 1, concern = 2, acute = 3 };
// "geen-zorg", "aandacht", "zorg", "acuut": stable codes for storage and uploads.
std::string_view signal_level_code(SignalLevel level);
std::optional<SignalLevel> signal_level_from_code(std::string_view code);

enum class AnswerKind { yes_no, scale, score };

constexpr int kUnknown = -1; // "onbekend", or the instrument was not done

struct InstrumentRef {
  std::string name;     // e.g. "EDIZ-plus"; cited, never copied
  std::string citation; // publication the professional can look up
  int cutoff = 0;       // published cut-off, shown beside the entry field
};

struct ScaleOption {
  int value = 0;
  LocalizedText text;
};

struct ChecklistItem {
  std::string id; // "J4.4"
  AnswerKind kind = AnswerKind::yes_no;
  LocalizedText text;
  bool acute = false;               // yes -> domain level acute, acute route first
  std::vector<ScaleOption> options; // scale only, values 0..n
  int min = 0, max = 0;             // score only
  std::optional<InstrumentRef> instrument;
  bool accepts(int value) const; // kUnknown always; otherwise within the kind's range
};

struct LevelRule {
  SignalLevel level = SignalLevel::none;
  int points_at_least = 0; // used when item is empty
  std::string item;        // when set: that item's value >= at_least
  int at_least = 0;
};

struct ChecklistDomain {
  std::string id; // "J4": stable, counted in aggregates
  LocalizedText title;
  SignalLevel max_level = SignalLevel::concern;
  std::vector<ChecklistItem> items;
  std::vector<LevelRule> rules;
  // Route ids per level 1..3 (index level-1); the first id is the primary route.
  std::array<std::vector<std::string>, 3> routes;
  const std::vector<std::string> &routes_for(SignalLevel level) const;
};

struct Checklist {
  std::string id;
  int version = 0;
  LocalizedText title;
  LocalizedText description;
  std::vector<std::string> age_bands; // the bands this set is meant for
  std::vector<ChecklistDomain> domains;

  const ChecklistItem *find_item(std::string_view item_id) const;
  std::size_t item_count() const;
  bool allows_age_band(std::string_view band) const;
};

using Answers = std::map<std::string, int, std::less<>>;

// Checks the structure, every reference (items in rules, routes in routes)
// and every level against the domain's maximum. routes == nullptr skips the
// route check: a definition kept with old records stays readable even if a
// route it named has since been retired.
Result<Checklist, LoadError> load_checklist(std::string_view json_text, std::string_view file_name,
                                            const ReferralRoutes *routes);

struct DomainOutcome {
  const ChecklistDomain *domain = nullptr;
  SignalLevel level = SignalLevel::none;
  int answered = 0;        // items with an answer (incl. onbekend)
  bool acute_item = false; // an acute item was answered yes
  // The primary suggested route id, empty at level none.
  std::string_view primary_route() const;
};

struct ChecklistOutcome {
  std::vector<DomainOutcome> domains; // in definition order
  SignalLevel highest = SignalLevel::none;
  bool acute = false; // show the acute route above everything else
  int answered = 0;
  int total = 0;
};

// Unknown item ids and out-of-range values are ignored (they cannot occur via
// the store, which validates, but scoring never trusts its input).
ChecklistOutcome score_checklist(const Checklist &checklist, const Answers &answers);

} // namespace veldwijzer
