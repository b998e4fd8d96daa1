// checklist_scoring.cpp — from answers to a level per domain.
//
// Pure: the same definition and answers always give the same outcome, which
// is what lets an old record be shown and counted exactly as it was made.
#include "veldwijzer/checklist.h"

#include <algorithm>

namespace veldwijzer {

std::string_view signal_level_code(SignalLevel level) {
  switch (level) {
  case SignalLevel::none:
    return "geen-zorg";
  case SignalLevel::attention:
    return "aandacht";
  case SignalLevel::concern:
    return "zorg";
  case SignalLevel::acute:
    return "acuut";
  }
  return "geen-zorg";
}

std::optional<SignalLevel> signal_level_from_code(std::string_view code) {
  for (SignalLevel level : {SignalLevel::none, SignalLevel::attention, SignalLevel::concern, SignalLevel::acute}) {
    if (signal_level_code(level) == code) {
      return level;
    }
  }
  return std::nullopt;
}

bool ChecklistItem::accepts(int value) const {
  if (value == kUnknown) {
    return true;
  }
  switch (kind) {
  case AnswerKind::yes_no:
    return value == 0 || value == 1;
  case AnswerKind::scale:
    return value >= 0 && value < static_cast<int>(options.size());
  case AnswerKind::score:
    return value >= min && value <= max;
  }
  return false;
}

const std::vector<std::string> &ChecklistDomain::routes_for(SignalLevel level) const {
  static const std::vector<std::string> kNone;
  const int index = static_cast<int>(level) - 1;
  return index < 0 ? kNone : routes[static_cast<std::size_t>(index)];
}

std::string_view DomainOutcome::primary_route() const {
  if (domain == nullptr) {
    return {};
  }
  const auto &ids = domain->routes_for(level);
  return ids.empty() ? std::string_view{} : std::string_view(ids.front());
}

const ChecklistItem *Checklist::find_item(std::string_view item_id) const {
  for (const ChecklistDomain &domain : domains) {
    for (const ChecklistItem &item : domain.items) {
      if (item.id == item_id) {
        return &item;
      }
    }
  }
  return nullptr;
}

std::size_t Checklist::item_count() const {
  std::size_t count = 0;
  for (const ChecklistDomain &domain : domains) {
    count += domain.items.size();
  }
  return count;
}

bool Checklist::allows_age_band(std::string_view band) const {
  return std::find(age_bands.begin(), age_bands.end(), band) != age_bands.end();
}

ChecklistOutcome score_checklist(const Checklist &checklist, const Answers &answers) {
  ChecklistOutcome outcome;
  for (const ChecklistDomain &domain : checklist.domains) {
    DomainOutcome result;
    result.domain = &domain;
    int points = 0;
    // Known values only: onbekend and out-of-range answers count as absent.
    const auto value_of = [&](const ChecklistItem &item) -> std::optional<int> {
      const auto it = answers.find(item.id);
      if (it == answers.end() || it->second == kUnknown || !item.accepts(it->second)) {
        return std::nullopt;
      }
      return it->second;
    };
    for (const ChecklistItem &item : domain.items) {
      outcome.total += 1;
      if (const auto it = answers.find(item.id); it != answers.end() && item.accepts(it->second)) {
        result.answered += 1;
      }
      const auto value = value_of(item);
      if (!value) {
        continue;
      }
      if (item.kind != AnswerKind::score) {
        points += *value;
      }
      if (item.acute && *value == 1) {
        result.acute_item = true;
      }
    }
    for (const LevelRule &rule : domain.rules) {
      bool matches = false;
      if (rule.item.empty()) {
        matches = points >= rule.points_at_least;
      } else {
        const ChecklistItem *item = checklist.find_item(rule.item);
        const auto value = item != nullptr ? value_of(*item) : std::nullopt;
        matches = value && *value >= rule.at_least;
      }
      if (matches && rule.level > result.level) {
        result.level = rule.level;
      }
    }
    if (result.acute_item) {
      result.level = SignalLevel::acute;
    }
    result.level = std::min(result.level, domain.max_level);
    outcome.answered += result.answered;
    outcome.highest = std::max(outcome.highest, result.level);
    outcome.acute = outcome.acute || result.level == SignalLevel::acute;
    outcome.domains.push_back(result);
  }
  return outcome;
}

} // namespace veldwijzer
