// aggregates_csv.cpp — the data team's CSV file (see aggregates_csv.h).
#include "aggregates_csv.h"

namespace veldwijzer::collector {
namespace {

// Dutch column headers; the level codes aandacht, zorg, acuut are Dutch already.
std::string csv_header(Measure measure) {
  switch (measure) {
  case Measure::assessed:
    return "beoordeeld";
  case Measure::signals:
    return "signalen";
  case Measure::no_concern:
    return "geen zorg";
  default:
    return std::string(measure_code(measure));
  }
}

} // namespace

std::string csv_text(std::string_view text) {
  std::string value;
  if (!text.empty() && (text.front() == '=' || text.front() == '+' || text.front() == '-' || text.front() == '@' ||
                        text.front() == '\t' || text.front() == '\r')) {
    value = "'";
  }
  value += text;
  if (value.find_first_of(";\"\r\n") == std::string::npos &&
      (value.empty() || (value.front() != ' ' && value.back() != ' '))) {
    return value;
  }
  std::string quoted = "\"";
  for (const char c : value) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

std::string published_area_name(const AggregatesConfig &config, const std::string &area) {
  if (area == kRegionArea) {
    return config.region.name;
  }
  const Municipality *m = config.region.find(area);
  return m ? m->name : area;
}

std::string published_domain_title(const AggregatesConfig &config, std::string_view checklist,
                                   const std::string &domain) {
  if (domain == kAllDomains) {
    return "Alle domeinen";
  }
  for (const Checklist &c : config.checklists) {
    if (c.id != checklist) {
      continue;
    }
    for (const ChecklistDomain &d : c.domains) {
      if (d.id == domain) {
        return d.title.nl;
      }
    }
  }
  return "";
}

std::string aggregates_csv(std::span<const PublishedRow> rows, std::span<const Measure> measures,
                           const AggregatesConfig &config) {
  std::string out = "\xEF\xBB\xBF"; // UTF-8 BOM: Excel reads the file as UTF-8
  out += "checklist;periode;gebied;gemeentecode;domein;domeinnaam";
  for (const Measure m : measures) {
    out += ";" + csv_header(m);
  }
  out += "\r\n";
  for (const PublishedRow &published : rows) {
    const ViewRow &row = *published.row;
    out += csv_text(published.checklist) + ";" + csv_text(row.period) + ";" +
           csv_text(published_area_name(config, row.area)) + ";" + csv_text(row.area == kRegionArea ? "" : row.area) +
           ";" + csv_text(row.domain == kAllDomains ? "alle" : row.domain) + ";" +
           csv_text(published_domain_title(config, published.checklist, row.domain));
    for (const Measure m : measures) {
      const auto &count = row.counts[measure_index(m)];
      out += ";" + (count ? std::to_string(*count) : std::string("."));
    }
    out += "\r\n";
  }
  return out;
}

} // namespace veldwijzer::collector
