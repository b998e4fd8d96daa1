// directory_loader.cpp — strict reading of HSDS 3 JSON into the model.
//
// Every check names the JSON pointer of the offending value. Parsing never
// throws (the wasm build does not catch exceptions): nlohmann is used with
// allow_exceptions=false and every access is type-checked first.
#include "veldwijzer/directory.h"

#include <nlohmann/json.hpp>

#include <set>

namespace veldwijzer {
namespace {

using nlohmann::json;

// Reads typed fields; remembers the first problem and then stays quiet, so
// the loader reads straight through and reports one clear error.
class Reader {
public:
  explicit Reader(std::string_view file) { error_.file = file; }
  bool ok() const { return error_.reason.empty(); }
  const LoadError &error() const { return error_; }

  void fail(const std::string &path, const std::string &reason) {
    if (ok()) {
      error_.json_path = path;
      error_.reason = reason;
    }
  }

  std::string text(const json &object, const char *key, const std::string &path, bool required) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) {
        fail(path + "/" + key, "required text is missing");
      }
      return {};
    }
    if (!it->is_string()) {
      fail(path + "/" + key, "must be text");
      return {};
    }
    if (required && it->get_ref<const std::string &>().empty()) {
      fail(path + "/" + key, "must not be empty");
    }
    return it->get<std::string>();
  }

  std::optional<double> number(const json &object, const char *key, const std::string &path) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      return std::nullopt;
    }
    if (!it->is_number()) {
      fail(path + "/" + key, "must be a number");
      return std::nullopt;
    }
    return it->get<double>();
  }

  bool flag(const json &object, const char *key, const std::string &path) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      return false;
    }
    if (!it->is_boolean()) {
      fail(path + "/" + key, "must be true or false");
      return false;
    }
    return it->get<bool>();
  }

  // The array under key, or an empty one; an object where an array belongs is an error.
  const json &array(const json &object, const char *key, const std::string &path, bool required) {
    static const json empty = json::array();
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) {
        fail(path + "/" + key, "required list is missing");
      }
      return empty;
    }
    if (!it->is_array()) {
      fail(path + "/" + key, "must be a list");
      return empty;
    }
    return *it;
  }

  bool is_object(const json &value, const std::string &path) {
    if (!value.is_object()) {
      fail(path, "must be an object");
      return false;
    }
    return true;
  }

private:
  LoadError error_;
};

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 120) {
    return false;
  }
  for (const char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

bool valid_date(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
    return false;
  }
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (date[i] < '0' || date[i] > '9') {
      return false;
    }
  }
  const int month = (date[5] - '0') * 10 + (date[6] - '0');
  const int day = (date[8] - '0') * 10 + (date[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// "HH:MM" -> minutes after midnight; "24:00" is the end of the day. -1 if malformed.
int parse_clock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') {
    return -1;
  }
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') {
      return -1;
    }
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
    return -1;
  }
  return hours * 60 + minutes;
}

// RFC 5545 BYDAY list ("MO,TU,WE") -> bit mask, bit 0 = Monday. 0 if malformed.
std::uint8_t parse_days(std::string_view text) {
  static constexpr std::string_view kDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  std::uint8_t mask = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    const std::string_view day = text.substr(start, end - start);
    bool known = false;
    for (std::size_t i = 0; i < 7; ++i) {
      if (day == kDays[i]) {
        mask = static_cast<std::uint8_t>(mask | (1u << i));
        known = true;
      }
    }
    if (!known) {
      return 0;
    }
    start = end + 1;
  }
  return mask;
}

std::string at(const std::string &path, std::size_t index) {
  return path + "/" + std::to_string(index);
}

void read_service(Reader &r, const json &s, const std::string &path, const Region &region,
                  const std::set<std::string, std::less<>> &organization_ids,
                  const std::set<std::string, std::less<>> &term_ids, Service &out) {
  out.id = r.text(s, "id", path, true);
  if (r.ok() && !valid_id(out.id)) {
    r.fail(path + "/id", "id '" + out.id + "' may only use a-z, 0-9, '-', '_' and '.'");
  }
  out.organization_id = r.text(s, "organization_id", path, false);
  if (!out.organization_id.empty() && organization_ids.count(out.organization_id) == 0) {
    r.fail(path + "/organization_id", "unknown organization '" + out.organization_id + "'");
  }
  out.name = r.text(s, "name", path, true);
  out.alternate_name = r.text(s, "alternate_name", path, false);
  out.description = r.text(s, "description", path, false);
  out.url = r.text(s, "url", path, false);
  out.email = r.text(s, "email", path, false);
  out.status = r.text(s, "status", path, false);
  if (out.status.empty()) {
    out.status = "active";
  } else if (out.status != "active" && out.status != "inactive" && out.status != "defunct" &&
             out.status != "temporarily closed") {
    r.fail(path + "/status", "unknown status '" + out.status + "' (active, inactive, defunct, temporarily closed)");
  }
  out.eligibility = r.text(s, "eligibility_description", path, false);
  out.minimum_age_years = r.number(s, "minimum_age", path);
  out.maximum_age_years = r.number(s, "maximum_age", path);

  const json &phones = r.array(s, "phones", path, false);
  for (std::size_t i = 0; i < phones.size() && r.ok(); ++i) {
    const std::string p = at(path + "/phones", i);
    if (!r.is_object(phones[i], p)) {
      break;
    }
    Phone phone{r.text(phones[i], "id", p, false), r.text(phones[i], "number", p, true),
                r.text(phones[i], "description", p, false)};
    out.phones.push_back(std::move(phone));
  }

  const json &schedules = r.array(s, "schedules", path, false);
  for (std::size_t i = 0; i < schedules.size() && r.ok(); ++i) {
    const std::string p = at(path + "/schedules", i);
    if (!r.is_object(schedules[i], p)) {
      break;
    }
    const json &row = schedules[i];
    WeeklyHours hours;
    hours.id = r.text(row, "id", p, false);
    hours.description = r.text(row, "description", p, false);
    const std::string freq = r.text(row, "freq", p, true);
    if (r.ok() && freq != "WEEKLY") {
      r.fail(p + "/freq", "only WEEKLY schedules are supported, got '" + freq + "'");
    }
    hours.days = parse_days(r.text(row, "byday", p, true));
    if (r.ok() && hours.days == 0) {
      r.fail(p + "/byday", "expected days like MO,TU,WE");
    }
    hours.opens_minute = parse_clock(r.text(row, "opens_at", p, true));
    hours.closes_minute = parse_clock(r.text(row, "closes_at", p, true));
    if (r.ok() && (hours.opens_minute < 0 || hours.opens_minute == 24 * 60)) {
      r.fail(p + "/opens_at", "expected a time HH:MM");
    } else if (r.ok() && hours.closes_minute < 0) {
      r.fail(p + "/closes_at", "expected a time HH:MM or 24:00");
    } else if (r.ok() && hours.closes_minute <= hours.opens_minute) {
      r.fail(p + "/closes_at", "closes before it opens");
    }
    out.hours.push_back(std::move(hours));
  }

  const json &areas = r.array(s, "service_areas", path, true);
  if (r.ok() && areas.empty()) {
    r.fail(path + "/service_areas", "a service must cover at least one municipality");
  }
  for (std::size_t i = 0; i < areas.size() && r.ok(); ++i) {
    const std::string p = at(path + "/service_areas", i);
    if (!r.is_object(areas[i], p)) {
      break;
    }
    const std::string code = r.text(areas[i], "extent", p, true);
    if (r.ok() && region.find(code) == nullptr) {
      r.fail(p + "/extent", "unknown municipality code " + code + " (not in region " + region.name + ")");
    }
    out.area_ids.push_back(r.text(areas[i], "id", p, false));
    out.municipalities.push_back(code);
  }

  const json &attributes = r.array(s, "attributes", path, false);
  for (std::size_t i = 0; i < attributes.size() && r.ok(); ++i) {
    const std::string p = at(path + "/attributes", i);
    if (!r.is_object(attributes[i], p)) {
      break;
    }
    const std::string term = r.text(attributes[i], "taxonomy_term_id", p, true);
    if (r.ok() && term_ids.count(term) == 0) {
      r.fail(p + "/taxonomy_term_id", "unknown taxonomy term '" + term + "'");
    }
    out.attribute_ids.push_back(r.text(attributes[i], "id", p, false));
    out.terms.push_back(term);
  }

  const auto x = s.find("x_veldwijzer");
  if (x == s.end() || !x->is_object()) {
    r.fail(path + "/x_veldwijzer", "required object with sources and verification status is missing");
    return;
  }
  const std::string xp = path + "/x_veldwijzer";
  out.description_en = r.text(*x, "description_en", xp, false);
  const json &sources = r.array(*x, "sources", xp, true);
  for (std::size_t i = 0; i < sources.size() && r.ok(); ++i) {
    if (!sources[i].is_string() || sources[i].get_ref<const std::string &>().empty()) {
      r.fail(at(xp + "/sources", i), "must be a source URL");
    } else {
      out.sources.push_back(sources[i].get<std::string>());
    }
  }
  if (r.ok() && out.sources.empty()) {
    r.fail(xp + "/sources", "every service needs at least one source");
  }
  out.verified = r.text(*x, "verified", xp, false);
  out.unverified_note = r.text(*x, "unverified_note", xp, false);
  if (r.ok() && !out.verified.empty() && !valid_date(out.verified)) {
    r.fail(xp + "/verified", "expected a date YYYY-MM-DD");
  }
  if (r.ok() && out.verified.empty() && out.unverified_note.empty()) {
    r.fail(xp, "a service is either verified (date) or carries an unverified_note");
  }
  const auto months = [&](const char *key) -> std::optional<int> {
    const auto value = r.number(*x, key, xp);
    if (value && (*value < 0 || *value > 12 * 130 || *value != static_cast<int>(*value))) {
      r.fail(xp + "/" + key, "expected whole months from 0 to 1560");
      return std::nullopt;
    }
    return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
  };
  out.minimum_age_months = months("minimum_age_months");
  out.maximum_age_months = months("maximum_age_months");
  if (r.ok() && out.minimum_age_months && out.maximum_age_months && *out.maximum_age_months < *out.minimum_age_months) {
    r.fail(xp + "/maximum_age_months", "is below minimum_age_months");
  }
  out.prenatal = r.flag(*x, "prenatal", xp);
  out.professional_line = r.flag(*x, "professional_line", xp);
}

} // namespace

Result<Region, LoadError> load_region(std::string_view json_text, std::string_view file_name) {
  Reader r(file_name);
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) {
    r.fail("", "not valid JSON");
    return fail(r.error());
  }
  Region region;
  if (!r.is_object(doc, "")) {
    return fail(r.error());
  }
  region.name = r.text(doc, "region", "", true);
  const json &list = r.array(doc, "municipalities", "", true);
  for (std::size_t i = 0; i < list.size() && r.ok(); ++i) {
    const std::string p = at("/municipalities", i);
    if (!r.is_object(list[i], p)) {
      break;
    }
    Municipality m{r.text(list[i], "code", p, true), r.text(list[i], "name", p, true)};
    const bool code_ok = m.code.size() == 6 && m.code.rfind("GM", 0) == 0 &&
                         m.code.find_first_not_of("0123456789", 2) == std::string::npos;
    if (r.ok() && !code_ok) {
      r.fail(p + "/code", "expected a CBS code GMnnnn, got '" + m.code + "'");
    }
    if (r.ok() && region.find(m.code) != nullptr) {
      r.fail(p + "/code", "duplicate municipality " + m.code);
    }
    region.municipalities.push_back(std::move(m));
  }
  if (r.ok() && region.municipalities.empty()) {
    r.fail("/municipalities", "a region needs at least one municipality");
  }
  if (!r.ok()) {
    return fail(r.error());
  }
  return region;
}

Result<Directory, LoadError> load_directory(std::string_view json_text, std::string_view file_name,
                                            const Region &region) {
  Reader r(file_name);
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) {
    r.fail("", "not valid JSON");
    return fail(r.error());
  }
  if (!r.is_object(doc, "")) {
    return fail(r.error());
  }
  Directory directory;
  const auto info = doc.find("dataset");
  if (info == doc.end() || !info->is_object()) {
    r.fail("/dataset", "required object with id and version is missing");
    return fail(r.error());
  }
  directory.info = {r.text(*info, "id", "/dataset", true), r.text(*info, "version", "/dataset", true),
                    r.text(*info, "name", "/dataset", false), r.text(*info, "generated", "/dataset", false),
                    r.text(*info, "source", "/dataset", false)};

  std::set<std::string, std::less<>> organization_ids;
  const json &organizations = r.array(doc, "organizations", "", false);
  for (std::size_t i = 0; i < organizations.size() && r.ok(); ++i) {
    const std::string p = at("/organizations", i);
    if (!r.is_object(organizations[i], p)) {
      break;
    }
    Organization o{r.text(organizations[i], "id", p, true), r.text(organizations[i], "name", p, true),
                   r.text(organizations[i], "description", p, false), r.text(organizations[i], "website", p, false)};
    if (r.ok() && !organization_ids.insert(o.id).second) {
      r.fail(p + "/id", "duplicate organization id '" + o.id + "'");
    }
    directory.organizations.push_back(std::move(o));
  }

  std::set<std::string, std::less<>> term_ids;
  const json &terms = r.array(doc, "taxonomy_terms", "", true);
  for (std::size_t i = 0; i < terms.size() && r.ok(); ++i) {
    const std::string p = at("/taxonomy_terms", i);
    if (!r.is_object(terms[i], p)) {
      break;
    }
    TaxonomyTerm t{r.text(terms[i], "id", p, true),           r.text(terms[i], "code", p, false),
                   r.text(terms[i], "name", p, true),         r.text(terms[i], "x_name_en", p, false),
                   r.text(terms[i], "description", p, false), r.text(terms[i], "taxonomy", p, false)};
    if (r.ok() && !term_ids.insert(t.id).second) {
      r.fail(p + "/id", "duplicate taxonomy term '" + t.id + "'");
    }
    directory.terms.push_back(std::move(t));
  }

  std::set<std::string, std::less<>> service_ids;
  const json &services = r.array(doc, "services", "", true);
  for (std::size_t i = 0; i < services.size() && r.ok(); ++i) {
    const std::string p = at("/services", i);
    if (!r.is_object(services[i], p)) {
      break;
    }
    Service service;
    read_service(r, services[i], p, region, organization_ids, term_ids, service);
    if (r.ok() && !service_ids.insert(service.id).second) {
      r.fail(p + "/id", "duplicate service id '" + service.id + "'");
    }
    directory.services.push_back(std::move(service));
  }
  if (!r.ok()) {
    return fail(r.error());
  }
  return directory;
}

} // namespace veldwijzer
