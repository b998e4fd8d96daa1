// directory_export.cpp — the directory written back as HSDS 3 compiled services.
#include "veldwijzer/directory.h"

#include "veldwijzer/opening_hours.h"

#include <nlohmann/json.hpp>

namespace veldwijzer {
namespace {

using ojson = nlohmann::ordered_json;

ojson text_or_null(const std::string &value) {
  return value.empty() ? ojson(nullptr) : ojson(value);
}

std::string days(std::uint8_t mask) {
  static constexpr const char *kDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  std::string out;
  for (int i = 0; i < 7; ++i) {
    if (mask & (1u << i)) {
      out += (out.empty() ? "" : ",");
      out += kDays[i];
    }
  }
  return out;
}

template <class T> ojson optional_value(const std::optional<T> &value) {
  return value ? ojson(*value) : ojson(nullptr);
}

ojson service_json(const Service &s) {
  ojson service = {{"id", s.id},
                   {"organization_id", text_or_null(s.organization_id)},
                   {"name", s.name},
                   {"alternate_name", text_or_null(s.alternate_name)},
                   {"description", s.description},
                   {"url", text_or_null(s.url)},
                   {"email", text_or_null(s.email)},
                   {"status", s.status},
                   {"eligibility_description", text_or_null(s.eligibility)},
                   {"minimum_age", optional_value(s.minimum_age_years)},
                   {"maximum_age", optional_value(s.maximum_age_years)},
                   {"assured_date", text_or_null(s.verified)}};
  service["phones"] = ojson::array();
  for (const Phone &p : s.phones) {
    service["phones"].push_back({{"id", p.id}, {"number", p.number}, {"description", text_or_null(p.description)}});
  }
  service["schedules"] = ojson::array();
  for (const WeeklyHours &h : s.hours) {
    service["schedules"].push_back({{"id", h.id},
                                    {"freq", "WEEKLY"},
                                    {"byday", days(h.days)},
                                    {"opens_at", format_clock(h.opens_minute)},
                                    {"closes_at", format_clock(h.closes_minute)},
                                    {"description", text_or_null(h.description)}});
  }
  service["service_areas"] = ojson::array();
  for (std::size_t i = 0; i < s.municipalities.size(); ++i) {
    service["service_areas"].push_back(
        {{"id", s.area_ids[i]}, {"extent", s.municipalities[i]}, {"extent_type", "text"}});
  }
  service["attributes"] = ojson::array();
  for (std::size_t i = 0; i < s.terms.size(); ++i) {
    service["attributes"].push_back({{"id", s.attribute_ids[i]}, {"taxonomy_term_id", s.terms[i]}});
  }
  service["x_veldwijzer"] = {{"description_en", text_or_null(s.description_en)},
                             {"sources", s.sources},
                             {"verified", text_or_null(s.verified)},
                             {"unverified_note", text_or_null(s.unverified_note)},
                             {"minimum_age_months", optional_value(s.minimum_age_months)},
                             {"maximum_age_months", optional_value(s.maximum_age_months)},
                             {"prenatal", s.prenatal},
                             {"professional_line", s.professional_line}};

  return service;
}

ojson term_json(const TaxonomyTerm &t) {
  return {{"id", t.id},
          {"code", t.code},
          {"name", t.name},
          {"description", t.description},
          {"taxonomy", t.taxonomy},
          {"x_name_en", text_or_null(t.name_en)}};
}

} // namespace

std::string export_service_hsds(const Service &service) {
  return service_json(service).dump();
}

std::string export_term_hsds(const TaxonomyTerm &term) {
  return term_json(term).dump();
}

std::string export_hsds(const Directory &d) {
  ojson doc;
  doc["dataset"] = {{"id", d.info.id},
                    {"version", d.info.version},
                    {"name", d.info.name},
                    {"generated", d.info.generated},
                    {"source", d.info.source}};
  doc["organizations"] = ojson::array();
  for (const Organization &o : d.organizations) {
    doc["organizations"].push_back(
        {{"id", o.id}, {"name", o.name}, {"description", o.description}, {"website", text_or_null(o.website)}});
  }
  doc["services"] = ojson::array();
  for (const Service &s : d.services) {
    doc["services"].push_back(service_json(s));
  }
  doc["taxonomy_terms"] = ojson::array();
  for (const TaxonomyTerm &t : d.terms) {
    doc["taxonomy_terms"].push_back(term_json(t));
  }
  return doc.dump(2);
}

} // namespace veldwijzer
