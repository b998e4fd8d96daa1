// directory.h — the regional service directory (HSDS 3 aligned).
//
// load_directory() reads an HSDS 3 "compiled service" export (our seed data in
// assets/directory/twente.json, or a region's own sociale kaart) into plain
// values, checking every reference and code. A bad file yields a LoadError
// naming file, JSON path and reason; the caller keeps its previous Directory,
// so a bad file never replaces a good dataset. export_hsds() writes the same
// shape back (round trip). load_region() reads the municipality list.
#pragma once

#include "veldwijzer/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

struct LoadError {
  std::string file;
  std::string json_path; // RFC 6901 pointer, e.g. /services/3/service_areas/0/extent
  std::string reason;
  std::string message() const; // "twente.json /services/3/...: unknown municipality code GM9999"
};

struct Municipality {
  std::string code; // CBS code, GMxxxx
  std::string name;
};

struct Region {
  std::string name;
  std::vector<Municipality> municipalities;
  const Municipality *find(std::string_view code) const;
};

struct Phone {
  std::string id;
  std::string number;
  std::string description;
};

// One HSDS weekly schedule row: days as a bit mask (bit 0 = Monday), minutes
// after local midnight; closes_minute may be 1440 ("24:00").
struct WeeklyHours {
  std::string id;
  std::uint8_t days = 0;
  int opens_minute = 0;
  int closes_minute = 0;
  std::string description;
};

enum class HolidayPolicy { unknown, open, closed };

struct Service {
  std::string id;
  std::string organization_id;
  std::string name;
  std::string alternate_name;
  std::string description;    // Dutch
  std::string description_en; // English gloss
  std::string url;
  std::string email;
  std::string status; // HSDS: active, inactive, defunct, temporarily closed
  std::string eligibility;
  std::optional<double> minimum_age_years; // HSDS fields, kept for export
  std::optional<double> maximum_age_years;
  std::optional<int> minimum_age_months; // precise bounds; maximum is inclusive
  std::optional<int> maximum_age_months;
  bool prenatal = false;
  bool professional_line = false;
  std::vector<Phone> phones;
  std::vector<WeeklyHours> hours;
  std::vector<std::string> municipalities; // GM codes covered
  std::vector<std::string> terms;          // taxonomy term ids (topics, audience, roles, holidays)
  std::vector<std::string> attribute_ids;  // HSDS attribute ids, parallel to terms (round trip)
  std::vector<std::string> area_ids;       // HSDS service_area ids, parallel to municipalities
  std::vector<std::string> sources;        // where the facts were seen
  std::string verified;                    // ISO date, or empty when unverified
  std::string unverified_note;             // what to check, when not verified

  bool has_term(std::string_view term) const;
  bool covers(std::string_view municipality_code) const;
  bool for_citizens() const { return has_term("audience-citizens"); }
  bool for_professionals() const { return has_term("audience-professionals"); }
  bool policy_only() const { return has_term("audience-policy") && !for_citizens() && !for_professionals(); }
  HolidayPolicy holidays() const;
  bool always_open() const; // 24/7 on every day
};

struct Organization {
  std::string id;
  std::string name;
  std::string description;
  std::string website;
};

struct TaxonomyTerm {
  std::string id;
  std::string code;
  std::string name; // Dutch
  std::string name_en;
  std::string description;
  std::string taxonomy; // veldwijzer-topics, veldwijzer-audience, ...
};

struct DatasetInfo {
  std::string id;
  std::string version;
  std::string name;
  std::string generated;
  std::string source;
};

struct Directory {
  DatasetInfo info;
  std::vector<Organization> organizations;
  std::vector<Service> services;
  std::vector<TaxonomyTerm> terms;

  const Service *service(std::string_view id) const;
  const Organization *organization(std::string_view id) const;
  const TaxonomyTerm *term(std::string_view id) const;
};

Result<Region, LoadError> load_region(std::string_view json_text, std::string_view file_name);
Result<Directory, LoadError> load_directory(std::string_view json_text, std::string_view file_name,
                                            const Region &region);
std::string export_hsds(const Directory &directory);
// One service or term as an HSDS 3 JSON object (for the collector's API).
std::string export_service_hsds(const Service &service);
std::string export_term_hsds(const TaxonomyTerm &term);

} // namespace veldwijzer
