// aggregates_api.cpp — /api/v1/aggregates (JSON, CSV), its meta route and
// the compiled-in /dashboard/ page.
#include "aggregates_api.h"

#include "aggregates_csv.h"
#include "suppression.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string_view>

// The dashboard, embedded by veldwijzer_embed (sync/CMakeLists.txt).
extern const unsigned char veldwijzer_dashboard_html[];
extern const std::size_t veldwijzer_dashboard_html_size;
extern const unsigned char veldwijzer_dashboard_js[];
extern const std::size_t veldwijzer_dashboard_js_size;
extern const unsigned char veldwijzer_dashboard_css[];
extern const std::size_t veldwijzer_dashboard_css_size;

namespace veldwijzer::collector {
namespace {

using ojson = nlohmann::ordered_json;

constexpr int kMaxYears = 10;          // per request: each year is a table to protect
constexpr std::size_t kMaxEcho = 40;   // bytes of a bad value repeated in a message
constexpr std::size_t kMaxValues = 50; // municipalities or domains in one parameter

void send_json(httplib::Response &res, int status, const ojson &body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  // Messages may repeat a client's bytes, which need not be UTF-8.
  res.set_content(body.dump(-1, ' ', false, ojson::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response &res, int status, std::string_view code, std::string_view message) {
  send_json(res, status, ojson{{"error", code}, {"message", message}});
}

std::string echo(std::string_view value) {
  return "'" + std::string(value.substr(0, kMaxEcho)) + (value.size() > kMaxEcho ? "...'" : "'");
}

// ---- Who may read

enum class Access { granted, unauthenticated, forbidden, unavailable };

Access check_access(CollectorStore &store, const httplib::Request &req) {
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view scheme = "bearer ";
  if (header.size() <= scheme.size() || !std::equal(scheme.begin(), scheme.end(), header.begin(), [](char a, char b) {
        return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
      })) {
    return Access::unauthenticated;
  }
  std::string_view token = std::string_view(header).substr(scheme.size());
  while (!token.empty() && token.front() == ' ') {
    token.remove_prefix(1);
  }
  while (!token.empty() && token.back() == ' ') {
    token.remove_suffix(1);
  }
  const auto caller = store.authenticate(token);
  if (!caller) {
    return Access::unavailable;
  }
  if (!caller.value()) {
    return Access::unauthenticated;
  }
  return caller.value()->kind == TokenKind::read ? Access::granted : Access::forbidden;
}

} // namespace

bool read_token_authorised(CollectorStore &store, const httplib::Request &req, httplib::Response &res) {
  res.set_header("Vary", "Authorization");
  switch (check_access(store, req)) {
  case Access::granted:
    return true;
  case Access::unauthenticated:
    res.set_header("WWW-Authenticate", "Bearer realm=\"veldwijzer\"");
    send_error(res, 401, "unauthorized", "a data-team read token is needed: Authorization: Bearer <token>");
    return false;
  case Access::forbidden:
    send_error(res, 403, "forbidden", "this is a device's submit token; this needs a data-team read token");
    return false;
  case Access::unavailable:
    res.set_header("Retry-After", "5");
    send_error(res, 503, "store_unavailable", "the token could not be checked: the database is not reachable");
    return false;
  }
  return false;
}

namespace {

// ---- The query

struct Query {
  std::string checklist; // empty = every checklist
  std::string from, to;  // YYYY-MM; empty = unbounded
  ViewSpec view;
  std::vector<std::string> municipalities; // empty = all
  std::vector<std::string> domains;        // ids; empty = all (with DomainRollup::each)
  std::vector<Measure> measures;
  bool csv = false;
};

std::vector<std::string> values_of(const httplib::Request &req, const std::string &name) {
  std::vector<std::string> out;
  const auto [first, last] = req.params.equal_range(name);
  for (auto it = first; it != last; ++it) {
    std::string_view rest = it->second;
    while (true) {
      const std::size_t comma = rest.find(',');
      out.emplace_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

bool is_checklist_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_domain_id(std::string_view id) {
  return !id.empty() && id.size() <= 16 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

int month_of(const std::string &period) {
  return std::stoi(period.substr(5, 2));
}

Result<Query> parse_query(const httplib::Request &req, const AggregatesConfig &config) {
  static const std::set<std::string, std::less<>> known = {"checklist",    "from",   "to",    "period", "geo",
                                                           "municipality", "domain", "level", "format"};
  static const std::set<std::string, std::less<>> repeatable = {"municipality", "domain", "level"};
  for (auto it = req.params.begin(); it != req.params.end(); it = req.params.upper_bound(it->first)) {
    if (!known.contains(it->first)) {
      return fail("unknown parameter " + echo(it->first) +
                  " (known: checklist, from, to, period, geo, municipality, domain, level, format)");
    }
    if (!repeatable.contains(it->first) && req.params.count(it->first) > 1) {
      return fail(it->first + ": given more than once");
    }
  }
  const auto one = [&](const std::string &name, std::string fallback) {
    return req.has_param(name) ? req.get_param_value(name) : fallback;
  };

  Query q;
  q.checklist = one("checklist", "");
  if (req.has_param("checklist") && !is_checklist_id(q.checklist)) {
    return fail("checklist: " + echo(q.checklist) + " is not a checklist id (lower-case letters, digits, -)");
  }
  q.from = one("from", "");
  q.to = one("to", "");
  for (const auto &[name, value] : {std::pair<std::string, std::string>{"from", q.from}, {"to", q.to}}) {
    if (req.has_param(name) && !is_period(value)) {
      return fail(name + ": expected a month as YYYY-MM, got " + echo(value));
    }
  }
  if (!q.from.empty() && !q.to.empty() && q.from > q.to) {
    return fail("from: " + q.from + " is after to: " + q.to);
  }

  const std::string period = one("period", "month");
  if (period == "month") {
    q.view.period = PeriodRollup::month;
  } else if (period == "quarter") {
    q.view.period = PeriodRollup::quarter;
  } else if (period == "year") {
    q.view.period = PeriodRollup::year;
  } else {
    return fail("period: expected month, quarter or year, got " + echo(period));
  }
  if (q.view.period != PeriodRollup::month) {
    const int span = q.view.period == PeriodRollup::quarter ? 3 : 12;
    const std::string unit = q.view.period == PeriodRollup::quarter ? "quarter" : "year";
    if (!q.from.empty() && (month_of(q.from) - 1) % span != 0) {
      return fail("from: " + q.from + " is not the first month of a " + unit + "; with period=" + unit + " whole " +
                  unit + "s are published, never parts");
    }
    if (!q.to.empty() && month_of(q.to) % span != 0) {
      return fail("to: " + q.to + " is not the last month of a " + unit + "; with period=" + unit + " whole " + unit +
                  "s are published, never parts");
    }
  }

  const std::string geo = one("geo", "municipality");
  if (geo == "municipality") {
    q.view.geo = GeoRollup::municipality;
  } else if (geo == kRegionArea) {
    q.view.geo = GeoRollup::region;
  } else {
    return fail("geo: expected municipality or twente, got " + echo(geo));
  }
  if (req.has_param("municipality")) {
    if (q.view.geo == GeoRollup::region) {
      return fail("municipality: cannot be combined with geo=twente, which is always all " +
                  std::to_string(config.region.municipalities.size()) + " municipalities");
    }
    q.municipalities = values_of(req, "municipality");
    if (q.municipalities.size() > kMaxValues) {
      return fail("municipality: more than " + std::to_string(kMaxValues) + " values");
    }
    for (const std::string &code : q.municipalities) {
      if (!is_municipality_code(code)) {
        return fail("municipality: expected a CBS code like GM0153, got " + echo(code));
      }
      if (!config.region.find(code)) {
        return fail("municipality: " + code + " is not a municipality of " + config.region.name);
      }
    }
  }

  const std::vector<std::string> domains =
      req.has_param("domain") ? values_of(req, "domain") : std::vector<std::string>{"each"};
  if (domains.size() == 1 && domains[0] == "each") {
    q.view.domain = DomainRollup::each;
  } else if (domains.size() == 1 && domains[0] == kAllDomains) {
    q.view.domain = DomainRollup::all;
  } else {
    if (domains.size() > kMaxValues) {
      return fail("domain: more than " + std::to_string(kMaxValues) + " values");
    }
    for (const std::string &id : domains) {
      if (id == "each" || id == kAllDomains || !is_domain_id(id)) {
        return fail("domain: expected each, all, or one or more domain ids like J4, got " + echo(id));
      }
    }
    q.view.domain = DomainRollup::each;
    q.domains = domains;
  }

  if (req.has_param("level")) {
    for (const std::string &code : values_of(req, "level")) {
      const auto measure = measure_from_code(code);
      if (!measure) {
        return fail("level: expected assessed, signals, aandacht, zorg, acuut or geen-zorg, got " + echo(code));
      }
      if (std::find(q.measures.begin(), q.measures.end(), *measure) == q.measures.end()) {
        q.measures.push_back(*measure);
      }
    }
  } else {
    q.measures.assign(kAllMeasures.begin(), kAllMeasures.end());
  }

  if (!q.from.empty() && !q.to.empty() && std::stoi(q.to.substr(0, 4)) - std::stoi(q.from.substr(0, 4)) >= kMaxYears) {
    return fail("from, to: at most " + std::to_string(kMaxYears) + " years at once; ask for fewer");
  }

  const std::string format = one("format", "json");
  if (format != "json" && format != "csv") {
    return fail("format: expected json or csv, got " + echo(format));
  }
  q.csv = format == "csv";
  return q;
}

// ---- Protected tables, cached per checklist and year until the counts change

struct TableKey {
  std::string checklist;
  int year = 0;
  auto operator<=>(const TableKey &) const = default;
};

std::uint64_t fingerprint(std::vector<const AggregateCell *> cells) {
  std::sort(cells.begin(), cells.end(), [](const AggregateCell *a, const AggregateCell *b) {
    return std::tie(a->period, a->municipality, a->domain, a->level, a->age_band, a->route, a->checklist_version,
                    a->count) < std::tie(b->period, b->municipality, b->domain, b->level, b->age_band, b->route,
                                         b->checklist_version, b->count);
  });
  std::uint64_t h = 1469598103934665603ULL; // FNV-1a
  const auto mix = [&h](std::string_view bytes) {
    for (const char c : bytes) {
      h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    h = (h ^ 0xff) * 1099511628211ULL;
  };
  for (const AggregateCell *c : cells) {
    mix(c->period);
    mix(c->municipality);
    mix(c->domain);
    mix(signal_level_code(c->level));
    mix(std::to_string(c->count));
  }
  return h;
}

struct CachedTable {
  std::uint64_t fingerprint = 0;
  std::shared_ptr<const SignalTable> table;
};

struct AggregatesApi {
  AggregatesApi(CollectorStore &store_, AggregatesConfig config_)
      : store(store_), config(std::move(config_)), rules{config.minimum_cell, config.round_to_5} {
    for (const Municipality &m : config.region.municipalities) {
      municipality_codes.push_back(m.code);
    }
  }

  CollectorStore &store;
  AggregatesConfig config;
  SuppressionRules rules;
  std::vector<std::string> municipality_codes;
  std::mutex mutex; // guards cache
  std::map<TableKey, CachedTable> cache;

  const Checklist *known_checklist(std::string_view id) const {
    for (const Checklist &c : config.checklists) {
      if (c.id == id) {
        return &c;
      }
    }
    return nullptr;
  }

  std::string area_name(const std::string &area) const { return published_area_name(config, area); }

  std::string domain_title(const std::string &checklist, const std::string &domain) const {
    return published_domain_title(config, checklist, domain);
  }

  // The protected table of one checklist and year. Its input never depends
  // on the request's filters: always the whole year, every area and domain.
  Result<std::shared_ptr<const SignalTable>> table(const std::string &checklist, int year,
                                                   const std::vector<const AggregateCell *> &cells) {
    const std::uint64_t print = fingerprint(cells);
    std::lock_guard lock(mutex);
    CachedTable &cached = cache[{checklist, year}];
    if (cached.table && cached.fingerprint == print) {
      return cached.table;
    }
    std::vector<std::string> domains;
    if (const Checklist *c = known_checklist(checklist)) {
      for (const ChecklistDomain &d : c->domains) {
        domains.push_back(d.id);
      }
    }
    std::vector<AggregateCell> copy;
    copy.reserve(cells.size());
    for (const AggregateCell *c : cells) {
      copy.push_back(*c);
    }
    auto protected_table = SignalTable::protect(checklist, year, municipality_codes, domains, copy, rules);
    if (!protected_table) {
      return fail(protected_table.error());
    }
    cached = {print, std::make_shared<const SignalTable>(std::move(protected_table).value())};
    return cached.table;
  }
};

// ---- Output

std::string_view rollup_name(PeriodRollup p) {
  return p == PeriodRollup::month ? "month" : p == PeriodRollup::quarter ? "quarter" : "year";
}

struct SelectedRow {
  const SignalTable *table;
  const ViewRow *row;
};

void send_rows(httplib::Response &res, const AggregatesApi &api, const Query &q,
               const std::vector<std::shared_ptr<const SignalTable>> &tables) {
  std::vector<std::vector<ViewRow>> all_rows;
  std::vector<SelectedRow> selected;
  all_rows.reserve(tables.size());
  for (const auto &table : tables) {
    all_rows.push_back(table->rows(q.view));
  }
  for (std::size_t t = 0; t < tables.size(); ++t) {
    for (const ViewRow &row : all_rows[t]) {
      // A row's months: a month, a quarter's three, or a year's twelve.
      std::string first = row.period, last = row.period;
      if (row.period.size() == 4) {
        first = row.period + "-01";
        last = row.period + "-12";
      } else if (row.period[5] == 'Q') {
        const int quarter = row.period[6] - '0';
        const auto two = [](int m) { return std::string(m < 10 ? "0" : "") + std::to_string(m); };
        first = row.period.substr(0, 4) + "-" + two(quarter * 3 - 2);
        last = row.period.substr(0, 4) + "-" + two(quarter * 3);
      }
      if ((!q.from.empty() && first < q.from) || (!q.to.empty() && last > q.to)) {
        continue;
      }
      if (!q.municipalities.empty() &&
          std::find(q.municipalities.begin(), q.municipalities.end(), row.area) == q.municipalities.end()) {
        continue;
      }
      if (!q.domains.empty() && std::find(q.domains.begin(), q.domains.end(), row.domain) == q.domains.end()) {
        continue;
      }
      selected.push_back({tables[t].get(), &row});
    }
  }

  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  if (q.csv) {
    std::vector<PublishedRow> published;
    published.reserve(selected.size());
    for (const SelectedRow &s : selected) {
      published.push_back({s.table->checklist(), s.row});
    }
    const std::string out = aggregates_csv(published, q.measures, api.config);
    const std::string name = "veldwijzer-" + (q.checklist.empty() ? std::string("alle") : q.checklist) + "-" +
                             std::string(rollup_name(q.view.period)) + ".csv";
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    res.set_content(out, "text/csv; charset=utf-8");
    return;
  }

  ojson rows = ojson::array();
  for (const SelectedRow &s : selected) {
    const ViewRow &row = *s.row;
    ojson counts = ojson::object();
    for (const Measure m : q.measures) {
      const auto &count = row.counts[measure_index(m)];
      counts[std::string(measure_code(m))] = count ? ojson(*count) : ojson(nullptr);
    }
    rows.push_back(ojson{{"checklist", s.table->checklist()},
                         {"period", row.period},
                         {"area", row.area},
                         {"area_name", api.area_name(row.area)},
                         {"domain", row.domain},
                         {"domain_title", api.domain_title(s.table->checklist(), row.domain)},
                         {"counts", std::move(counts)}});
  }
  ojson levels = ojson::array();
  for (const Measure m : q.measures) {
    levels.push_back(measure_code(m));
  }
  const ojson body = {
      {"checklist", q.checklist.empty() ? ojson(nullptr) : ojson(q.checklist)},
      {"period", rollup_name(q.view.period)},
      {"geo", q.view.geo == GeoRollup::region ? kRegionArea : "municipality"},
      {"domain", q.view.domain == DomainRollup::all ? kAllDomains : "each"},
      {"from", q.from.empty() ? ojson(nullptr) : ojson(q.from)},
      {"to", q.to.empty() ? ojson(nullptr) : ojson(q.to)},
      {"levels", std::move(levels)},
      {"suppression",
       {{"minimum_cell", api.rules.minimum_cell}, {"rounded_to", api.rules.round_to_5 ? 5 : 1}, {"zero_shown", true}}},
      {"rows", std::move(rows)}};
  res.set_content(body.dump(-1, ' ', false, ojson::error_handler_t::replace), "application/json");
}

void handle_aggregates(AggregatesApi &api, const httplib::Request &req, httplib::Response &res) {
  if (!read_token_authorised(api.store, req, res)) {
    return;
  }
  auto parsed = parse_query(req, api.config);
  if (!parsed) {
    send_error(res, 400, "bad_request", parsed.error());
    return;
  }
  const Query &q = parsed.value();

  // Whole years, every area and domain: the tables' input is the same
  // whatever the filters.
  CountFilter filter;
  filter.checklist = q.checklist;
  if (!q.from.empty()) {
    filter.period_from = q.from.substr(0, 4) + "-01";
  }
  if (!q.to.empty()) {
    filter.period_to = q.to.substr(0, 4) + "-12";
  }
  auto counts = api.store.counts(filter);
  if (!counts) {
    send_error(res, 503, "store_unavailable", "the counts cannot be read: " + counts.error());
    return;
  }
  std::map<TableKey, std::vector<const AggregateCell *>> groups;
  for (const AggregateCell &cell : counts.value()) {
    if (is_period(cell.period) && is_checklist_id(cell.checklist)) {
      groups[{cell.checklist, std::stoi(cell.period.substr(0, 4))}].push_back(&cell);
    }
  }
  // Asked-for years show zeros even without counts, for the asked-for (or known) checklists.
  if (!q.from.empty() && !q.to.empty()) {
    const int first = std::stoi(q.from.substr(0, 4)), last = std::stoi(q.to.substr(0, 4));
    std::vector<std::string> ids;
    if (!q.checklist.empty()) {
      ids.push_back(q.checklist);
    } else {
      for (const Checklist &c : api.config.checklists) {
        ids.push_back(c.id);
      }
    }
    for (const std::string &id : ids) {
      for (int year = first; year <= last; ++year) {
        groups[{id, year}]; // an empty group: a table of zeros, if the checklist's domains are known
      }
    }
  }
  // A mistyped checklist is an error, not an empty table.
  if (!q.checklist.empty() && !api.config.checklists.empty() && !api.known_checklist(q.checklist) &&
      std::none_of(groups.begin(), groups.end(), [](const auto &g) { return !g.second.empty(); })) {
    std::string known;
    for (const Checklist &c : api.config.checklists) {
      known += (known.empty() ? "" : ", ") + c.id;
    }
    send_error(res, 400, "bad_request",
               "checklist: no counts for " + echo(q.checklist) + ", and it is not a known checklist (known: " + known +
                   ")");
    return;
  }
  std::set<int> years;
  for (const auto &[key, cells] : groups) {
    years.insert(key.year);
  }
  if (years.size() > static_cast<std::size_t>(kMaxYears)) {
    send_error(res, 400, "bad_request",
               "there are counts for " + std::to_string(years.size()) + " years; ask for at most " +
                   std::to_string(kMaxYears) + " with from and to");
    return;
  }

  std::vector<std::shared_ptr<const SignalTable>> tables;
  for (const auto &[key, cells] : groups) {
    if (cells.empty() && !api.known_checklist(key.checklist)) {
      continue; // no counts and no known domains: nothing to show
    }
    auto table = api.table(key.checklist, key.year, cells);
    if (!table) {
      send_error(res, 500, "internal_error",
                 "the counts of " + key.checklist + " " + std::to_string(key.year) +
                     " could not be protected: " + table.error());
      return;
    }
    tables.push_back(std::move(table).value());
  }
  if (!q.domains.empty() && !q.checklist.empty()) {
    for (const std::string &id : q.domains) {
      const bool known = std::any_of(tables.begin(), tables.end(), [&](const auto &t) {
        return std::find(t->domains().begin(), t->domains().end(), id) != t->domains().end();
      });
      if (!known && (!tables.empty() || api.known_checklist(q.checklist))) {
        send_error(res, 400, "bad_request", "domain: " + id + " is not a domain of " + q.checklist);
        return;
      }
    }
  }
  send_rows(res, api, q, tables);
}

void handle_meta(AggregatesApi &api, const httplib::Request &req, httplib::Response &res) {
  if (!read_token_authorised(api.store, req, res)) {
    return;
  }
  if (!req.params.empty()) {
    send_error(res, 400, "bad_request",
               "unknown parameter " + echo(req.params.begin()->first) + " (this route takes none)");
    return;
  }
  auto counts = api.store.counts({});
  if (!counts) {
    send_error(res, 503, "store_unavailable", "the counts cannot be read: " + counts.error());
    return;
  }
  std::set<int> years;
  std::map<std::string, std::set<std::string>> seen; // checklist -> domains with counts
  for (const AggregateCell &cell : counts.value()) {
    if (is_period(cell.period) && is_checklist_id(cell.checklist)) {
      years.insert(std::stoi(cell.period.substr(0, 4)));
      seen[cell.checklist].insert(cell.domain);
    }
  }
  ojson checklists = ojson::array();
  for (const Checklist &c : api.config.checklists) {
    ojson domains = ojson::array();
    for (const ChecklistDomain &d : c.domains) {
      domains.push_back({{"id", d.id}, {"title", d.title.nl}});
    }
    checklists.push_back({{"id", c.id}, {"title", c.title.nl}, {"domains", std::move(domains)}});
  }
  for (const auto &[id, domain_ids] : seen) {
    if (api.known_checklist(id)) {
      continue;
    }
    ojson domains = ojson::array();
    for (const std::string &d : domain_ids) {
      domains.push_back({{"id", d}, {"title", ""}});
    }
    checklists.push_back({{"id", id}, {"title", id}, {"domains", std::move(domains)}});
  }
  ojson municipalities = ojson::array();
  for (const Municipality &m : api.config.region.municipalities) {
    municipalities.push_back({{"code", m.code}, {"name", m.name}});
  }
  ojson levels = ojson::array();
  for (const Measure m : kAllMeasures) {
    levels.push_back(measure_code(m));
  }
  send_json(res, 200,
            {{"region", api.config.region.name},
             {"municipalities", std::move(municipalities)},
             {"checklists", std::move(checklists)},
             {"years", years},
             {"levels", std::move(levels)},
             {"suppression",
              {{"minimum_cell", api.rules.minimum_cell},
               {"rounded_to", api.rules.round_to_5 ? 5 : 1},
               {"zero_shown", true}}}});
}

// ---- The dashboard page

struct PageFile {
  std::string_view body;
  std::string_view mime;
  std::string etag;
};

PageFile page_file(const unsigned char *bytes, std::size_t size, std::string_view mime) {
  const std::string_view body(reinterpret_cast<const char *>(bytes), size);
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : body) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  char tag[32];
  std::snprintf(tag, sizeof tag, "W/\"%016llx\"", static_cast<unsigned long long>(h));
  return {body, mime, tag};
}

void serve_page_file(const PageFile &file, const httplib::Request &req, httplib::Response &res) {
  // The page holds a token: no framing, no inline script, no other origin.
  res.set_header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                                            "connect-src 'self'; img-src 'self' data:; form-action 'self'; "
                                            "base-uri 'none'; frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-cache");
  res.set_header("ETag", file.etag);
  if (req.get_header_value("If-None-Match") == file.etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(std::string(file.body), std::string(file.mime));
}

} // namespace

Result<std::vector<Checklist>> load_checklists_for_aggregates(const std::filesystem::path &folder) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.ends_with(".json") && !name.ends_with(".schema.json")) {
      files.push_back(entry.path());
    }
  }
  if (ec) {
    return fail(folder.string() + ": cannot list the checklists (" + ec.message() + ")");
  }
  std::sort(files.begin(), files.end());
  std::vector<Checklist> out;
  for (const auto &file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in && !in.eof()) {
      return fail(file.string() + ": cannot be read");
    }
    auto checklist = load_checklist(text, file.filename().string(), nullptr);
    if (!checklist) {
      return fail(checklist.error().message());
    }
    out.push_back(std::move(checklist).value());
  }
  return out;
}

std::optional<std::string> aggregates_config_problem(const AggregatesConfig &config) {
  if (auto problem = suppression_rules_problem({config.minimum_cell, config.round_to_5})) {
    return "aggregates: " + *problem;
  }
  if (config.region.municipalities.empty()) {
    return "aggregates: the region has no municipalities";
  }
  if (config.region.municipalities.size() > 63) {
    return "aggregates: more than 63 municipalities in one region";
  }
  for (const Checklist &c : config.checklists) {
    if (!is_checklist_id(c.id)) {
      return "aggregates: '" + c.id + "' is not a checklist id";
    }
    if (c.domains.size() > 64) {
      return "aggregates: checklist " + c.id + " has more than 64 domains";
    }
  }
  return std::nullopt;
}

void install_aggregates_api(httplib::Server &http, CollectorStore &store, const AggregatesConfig &config) {
  if (auto problem = aggregates_config_problem(config)) {
    throw std::invalid_argument(*problem);
  }
  auto api = std::make_shared<AggregatesApi>(store, config);

  http.Get("/api/v1/aggregates",
           [api](const httplib::Request &req, httplib::Response &res) { handle_aggregates(*api, req, res); });
  http.Get("/api/v1/aggregates/meta",
           [api](const httplib::Request &req, httplib::Response &res) { handle_meta(*api, req, res); });

  auto html = std::make_shared<PageFile>(
      page_file(veldwijzer_dashboard_html, veldwijzer_dashboard_html_size, "text/html; charset=utf-8"));
  auto js = std::make_shared<PageFile>(
      page_file(veldwijzer_dashboard_js, veldwijzer_dashboard_js_size, "text/javascript; charset=utf-8"));
  auto css = std::make_shared<PageFile>(
      page_file(veldwijzer_dashboard_css, veldwijzer_dashboard_css_size, "text/css; charset=utf-8"));
  http.Get("/dashboard",
           [](const httplib::Request &, httplib::Response &res) { res.set_redirect("/dashboard/", 301); });
  http.Get("/dashboard/",
           [html](const httplib::Request &req, httplib::Response &res) { serve_page_file(*html, req, res); });
  http.Get("/dashboard/index.html",
           [html](const httplib::Request &req, httplib::Response &res) { serve_page_file(*html, req, res); });
  http.Get("/dashboard/dashboard.js",
           [js](const httplib::Request &req, httplib::Response &res) { serve_page_file(*js, req, res); });
  http.Get("/dashboard/dashboard.css",
           [css](const httplib::Request &req, httplib::Response &res) { serve_page_file(*css, req, res); });
}

} // namespace veldwijzer::collector
