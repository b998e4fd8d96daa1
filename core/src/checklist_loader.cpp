// checklist_loader.cpp — reading and validating a checklist definition.
//
// Everything a record depends on is checked here, once: ids unique, rules
// naming existing items, levels within the domain's maximum, acute items only
// where level 3 exists, routes existing. Scoring then never meets a surprise.
#include "veldwijzer/age_band.h"
#include "veldwijzer/checklist.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace veldwijzer {
namespace {

using nlohmann::json;

// "J4", "O8": an upper-case letter and digits. Hand-written: std::regex is large in wasm.
bool is_domain_id(std::string_view id) {
  return id.size() >= 2 && id[0] >= 'A' && id[0] <= 'Z' &&
         std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "jgz-vroegsignalering": lower-case words of letters and digits joined by '-'.
bool is_checklist_id(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-' || id.find("--") != std::string_view::npos) {
    return false;
  }
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// The first problem found, as a JSON pointer and a reason.
struct Problem {
  std::string path;
  std::string reason;
};

bool read_text(const json &object, const char *key, LocalizedText &out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_object()) {
    return false;
  }
  const auto nl = it->find("nl");
  const auto en = it->find("en");
  if (nl == it->end() || en == it->end() || !nl->is_string() || !en->is_string() ||
      nl->get_ref<const std::string &>().empty() || en->get_ref<const std::string &>().empty()) {
    return false;
  }
  out = {nl->get<std::string>(), en->get<std::string>()};
  return true;
}

std::optional<int> read_int(const json &object, const char *key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) {
    return std::nullopt;
  }
  const auto value = it->get<long long>();
  if (value < -1000000 || value > 1000000) {
    return std::nullopt;
  }
  return static_cast<int>(value);
}

std::optional<std::string> read_string(const json &object, const char *key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string() || it->get_ref<const std::string &>().empty()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<Problem> read_item(const json &j, const std::string &path, const std::string &domain_id,
                                 SignalLevel max_level, ChecklistItem &item) {
  if (!j.is_object()) {
    return Problem{path, "must be an object"};
  }
  const auto id = read_string(j, "id");
  if (!id || id->rfind(domain_id + ".", 0) != 0) {
    return Problem{path + "/id", "item id must start with the domain id, e.g. " + domain_id + ".1"};
  }
  item.id = *id;
  if (!read_text(j, "text", item.text)) {
    return Problem{path + "/text", "needs Dutch and English text (nl, en)"};
  }
  const auto answer = read_string(j, "answer");
  if (answer == "yes_no") {
    item.kind = AnswerKind::yes_no;
  } else if (answer == "scale") {
    item.kind = AnswerKind::scale;
    const auto options = j.find("options");
    if (options == j.end() || !options->is_array() || options->size() < 2 || options->size() > 5) {
      return Problem{path + "/options", "a scale needs 2 to 5 options"};
    }
    for (std::size_t o = 0; o < options->size(); ++o) {
      ScaleOption option;
      const json &oj = (*options)[o];
      const std::string option_path = path + "/options/" + std::to_string(o);
      if (!oj.is_object() || read_int(oj, "value") != static_cast<int>(o)) {
        return Problem{option_path + "/value", "scale values run 0, 1, 2, ... in order"};
      }
      option.value = static_cast<int>(o);
      if (!read_text(oj, "text", option.text)) {
        return Problem{option_path + "/text", "needs Dutch and English text (nl, en)"};
      }
      item.options.push_back(std::move(option));
    }
  } else if (answer == "score") {
    item.kind = AnswerKind::score;
    const auto min = read_int(j, "min");
    const auto max = read_int(j, "max");
    if (!min || !max || *min < 0 || *max <= *min || *max > 1000) {
      return Problem{path + "/max", "a score needs whole numbers 0 <= min < max <= 1000"};
    }
    item.min = *min;
    item.max = *max;
    const auto instrument = j.find("instrument");
    if (instrument == j.end() || !instrument->is_object()) {
      return Problem{path + "/instrument", "an entered score must cite its instrument (name, citation, cutoff)"};
    }
    InstrumentRef ref;
    const auto name = read_string(*instrument, "name");
    const auto citation = read_string(*instrument, "citation");
    const auto cutoff = read_int(*instrument, "cutoff");
    if (!name || !citation || !cutoff || *cutoff < *min || *cutoff > *max) {
      return Problem{path + "/instrument", "needs name, citation and a cutoff within min..max"};
    }
    ref.name = *name;
    ref.citation = *citation;
    ref.cutoff = *cutoff;
    item.instrument = std::move(ref);
  } else {
    return Problem{path + "/answer", "must be yes_no, scale or score"};
  }
  if (const auto acute = j.find("acute"); acute != j.end()) {
    if (!acute->is_boolean()) {
      return Problem{path + "/acute", "must be true or false"};
    }
    item.acute = acute->get<bool>();
    if (item.acute && (item.kind != AnswerKind::yes_no || max_level != SignalLevel::acute)) {
      return Problem{path + "/acute", "only a yes/no item in a domain that reaches level 3 can be acute"};
    }
  }
  return std::nullopt;
}

std::optional<Problem> read_domain(const json &j, const std::string &path, const ReferralRoutes *routes,
                                   std::set<std::string, std::less<>> &item_ids, ChecklistDomain &domain) {
  if (!j.is_object()) {
    return Problem{path, "must be an object"};
  }
  const auto id = read_string(j, "id");
  if (!id || !is_domain_id(*id)) {
    return Problem{path + "/id", "domain id must look like J4 or O8"};
  }
  domain.id = *id;
  if (!read_text(j, "title", domain.title)) {
    return Problem{path + "/title", "needs Dutch and English text (nl, en)"};
  }
  const auto max_level = read_int(j, "max_level");
  if (!max_level || *max_level < 1 || *max_level > 3) {
    return Problem{path + "/max_level", "must be 1, 2 or 3"};
  }
  domain.max_level = static_cast<SignalLevel>(*max_level);

  const auto items = j.find("items");
  if (items == j.end() || !items->is_array() || items->empty()) {
    return Problem{path + "/items", "a domain needs at least one item"};
  }
  for (std::size_t i = 0; i < items->size(); ++i) {
    ChecklistItem item;
    const std::string item_path = path + "/items/" + std::to_string(i);
    if (auto problem = read_item((*items)[i], item_path, domain.id, domain.max_level, item)) {
      return problem;
    }
    if (!item_ids.insert(item.id).second) {
      return Problem{item_path + "/id", "duplicate item id '" + item.id + "'"};
    }
    domain.items.push_back(std::move(item));
  }

  const auto rules = j.find("rules");
  if (rules == j.end() || !rules->is_array() || rules->empty()) {
    return Problem{path + "/rules", "a domain needs at least one rule"};
  }
  for (std::size_t r = 0; r < rules->size(); ++r) {
    const json &rj = (*rules)[r];
    const std::string rule_path = path + "/rules/" + std::to_string(r);
    LevelRule rule;
    const auto level = rj.is_object() ? read_int(rj, "level") : std::nullopt;
    if (!level || *level < 1 || *level > *max_level) {
      return Problem{rule_path + "/level", "level must be 1.." + std::to_string(*max_level) + " (max_level)"};
    }
    rule.level = static_cast<SignalLevel>(*level);
    if (const auto points = read_int(rj, "points_at_least")) {
      if (*points < 1 || rj.contains("item")) {
        return Problem{rule_path, "points_at_least must be >= 1 and stand alone"};
      }
      rule.points_at_least = *points;
    } else if (const auto item_id = read_string(rj, "item")) {
      const auto it = std::find_if(domain.items.begin(), domain.items.end(),
                                   [&](const ChecklistItem &item) { return item.id == *item_id; });
      const auto at_least = read_int(rj, "at_least");
      if (it == domain.items.end()) {
        return Problem{rule_path + "/item", "no item '" + *item_id + "' in this domain"};
      }
      if (!at_least || *at_least < 1 || !it->accepts(*at_least)) {
        return Problem{rule_path + "/at_least", "must be a value item '" + *item_id + "' can take (>= 1)"};
      }
      rule.item = *item_id;
      rule.at_least = *at_least;
    } else {
      return Problem{rule_path, "a rule needs points_at_least, or item and at_least"};
    }
    domain.rules.push_back(std::move(rule));
  }

  const auto route_map = j.find("routes");
  if (route_map == j.end() || !route_map->is_object()) {
    return Problem{path + "/routes", "needs route ids per level (\"1\", \"2\", ...)"};
  }
  for (auto it = route_map->begin(); it != route_map->end(); ++it) {
    const std::string key = it.key();
    const int level = key.size() == 1 ? key[0] - '0' : 0;
    if (level < 1 || level > *max_level) {
      return Problem{path + "/routes/" + key, "level key must be 1.." + std::to_string(*max_level)};
    }
    if (!it->is_array() || it->empty()) {
      return Problem{path + "/routes/" + key, "needs at least one route id"};
    }
    for (std::size_t k = 0; k < it->size(); ++k) {
      const json &route = (*it)[k];
      if (!route.is_string() || (routes != nullptr && routes->find(route.get_ref<const std::string &>()) == nullptr)) {
        return Problem{path + "/routes/" + key + "/" + std::to_string(k), "unknown route " + route.dump()};
      }
      domain.routes[static_cast<std::size_t>(level - 1)].push_back(route.get<std::string>());
    }
  }
  for (int level = 1; level <= *max_level; ++level) {
    if (domain.routes[static_cast<std::size_t>(level - 1)].empty()) {
      return Problem{path + "/routes", "level " + std::to_string(level) + " has no route"};
    }
  }
  return std::nullopt;
}

std::optional<Problem> read_checklist(const json &doc, const ReferralRoutes *routes, Checklist &checklist) {
  if (!doc.is_object()) {
    return Problem{"", "a checklist file is a JSON object"};
  }
  if (read_int(doc, "format") != 1) {
    return Problem{"/format", "unknown format; this app reads format 1"};
  }
  const auto id = read_string(doc, "id");
  if (!id || !is_checklist_id(*id)) {
    return Problem{"/id", "id must be lower-case words joined by '-'"};
  }
  checklist.id = *id;
  const auto version = read_int(doc, "version");
  if (!version || *version < 1) {
    return Problem{"/version", "version must be a whole number >= 1"};
  }
  checklist.version = *version;
  if (!read_text(doc, "title", checklist.title)) {
    return Problem{"/title", "needs Dutch and English text (nl, en)"};
  }
  if (!read_text(doc, "description", checklist.description)) {
    return Problem{"/description", "needs Dutch and English text (nl, en)"};
  }
  const auto bands = doc.find("age_bands");
  if (bands == doc.end() || !bands->is_array() || bands->empty()) {
    return Problem{"/age_bands", "needs the age bands this checklist is for"};
  }
  for (std::size_t b = 0; b < bands->size(); ++b) {
    const json &band = (*bands)[b];
    const auto &known = all_age_bands();
    if (!band.is_string() || std::find(known.begin(), known.end(), band.get<std::string>()) == known.end()) {
      return Problem{"/age_bands/" + std::to_string(b), "unknown age band " + band.dump()};
    }
    checklist.age_bands.push_back(band.get<std::string>());
  }
  const auto domains = doc.find("domains");
  if (domains == doc.end() || !domains->is_array() || domains->empty()) {
    return Problem{"/domains", "needs at least one domain"};
  }
  std::set<std::string, std::less<>> domain_ids;
  std::set<std::string, std::less<>> item_ids;
  for (std::size_t d = 0; d < domains->size(); ++d) {
    ChecklistDomain domain;
    const std::string path = "/domains/" + std::to_string(d);
    if (auto problem = read_domain((*domains)[d], path, routes, item_ids, domain)) {
      return problem;
    }
    if (!domain_ids.insert(domain.id).second) {
      return Problem{path + "/id", "duplicate domain id '" + domain.id + "'"};
    }
    checklist.domains.push_back(std::move(domain));
  }
  return std::nullopt;
}

} // namespace

Result<Checklist, LoadError> load_checklist(std::string_view json_text, std::string_view file_name,
                                            const ReferralRoutes *routes) {
  // Definitions are small; a deep or huge document is refused before parsing.
  if (json_text.size() > 1024 * 1024) {
    return fail(LoadError{std::string(file_name), "", "file larger than 1 MiB"});
  }
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) {
    return fail(LoadError{std::string(file_name), "", "not valid JSON"});
  }
  Checklist checklist;
  if (auto problem = read_checklist(doc, routes, checklist)) {
    return fail(LoadError{std::string(file_name), problem->path, problem->reason});
  }
  return checklist;
}

} // namespace veldwijzer
