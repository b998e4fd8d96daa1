// aggregates_api_test.cpp — /api/v1/aggregates, its meta route and the
// dashboard page over real HTTP, against a store fixture holding fixed
// counts: tokens, JSON and Excel CSV, filters, roll-ups, strict parameters,
// and differencing attempts made with the API's own responses.
#include "aggregates_api.h"
#include "suppression.h"

#include <catch_amalgamated.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace veldwijzer;
using namespace veldwijzer::collector;
using nlohmann::json;

namespace {

constexpr const char *kRead = "read-token-secret";
constexpr const char *kSubmit = "submit-token-secret";
constexpr const char *kJgz = "jgz-vroegsignalering";

const std::vector<std::pair<std::string, std::string>> kTwente = {
    {"GM0141", "Almelo"},      {"GM0147", "Borne"},       {"GM1774", "Dinkelland"},     {"GM0153", "Enschede"},
    {"GM0158", "Haaksbergen"}, {"GM0163", "Hellendoorn"}, {"GM0164", "Hengelo"},        {"GM1735", "Hof van Twente"},
    {"GM0168", "Losser"},      {"GM0173", "Oldenzaal"},   {"GM1742", "Rijssen-Holten"}, {"GM0183", "Tubbergen"},
    {"GM1700", "Twenterand"},  {"GM0189", "Wierden"}};

// A store with fixed counts and two tokens; counts() honours the filter as
// the SQLite store does.
class FixedStore : public CollectorStore {
public:
  std::vector<AggregateCell> cells;
  std::atomic<bool> broken = false;      // counts() fails
  std::atomic<bool> auth_broken = false; // authenticate() cannot ask the database
  std::atomic<int> count_calls = 0;

  StoreHealth health() override { return {true, "fixture", 1, ""}; }
  Result<std::optional<Caller>> authenticate(std::string_view token) override {
    if (auth_broken) {
      return fail("database is locked");
    }
    if (token == kRead) {
      return std::optional<Caller>(Caller{"tok-read", TokenKind::read, "GGD Twente", {}});
    }
    if (token == kSubmit) {
      return std::optional<Caller>(Caller{"tok-submit", TokenKind::submit, "JGZ Twente", {"GM0153"}});
    }
    return std::optional<Caller>();
  }
  Result<std::vector<AggregateCell>> counts(const CountFilter &filter) override {
    ++count_calls;
    if (broken) {
      return fail("database is locked");
    }
    std::map<std::tuple<std::string, std::string, std::string, std::string, int, std::string, int, std::string>,
             AggregateCell>
        summed;
    for (const AggregateCell &c : cells) {
      if ((!filter.period_from.empty() && c.period < filter.period_from) ||
          (!filter.period_to.empty() && c.period > filter.period_to) ||
          (!filter.checklist.empty() && c.checklist != filter.checklist) ||
          (!filter.domain.empty() && c.domain != filter.domain) ||
          (!filter.municipalities.empty() && std::find(filter.municipalities.begin(), filter.municipalities.end(),
                                                       c.municipality) == filter.municipalities.end())) {
        continue;
      }
      auto [it, inserted] = summed.try_emplace({c.period, c.municipality, c.age_band, c.checklist, c.checklist_version,
                                                c.domain, static_cast<int>(c.level), c.route},
                                               c);
      if (!inserted) {
        it->second.count += c.count;
      }
    }
    std::vector<AggregateCell> out;
    for (auto &[key, cell] : summed) {
      out.push_back(cell);
    }
    return out;
  }
};

AggregateCell cell(std::string period, std::string municipality, std::string domain, SignalLevel level,
                   std::int64_t count, std::string checklist = kJgz) {
  AggregateCell c;
  c.period = std::move(period);
  c.municipality = std::move(municipality);
  c.age_band = "0-3";
  c.checklist = std::move(checklist);
  c.checklist_version = 1;
  c.domain = std::move(domain);
  c.level = level;
  c.route = level == SignalLevel::none ? "" : "route-veilig-thuis";
  c.count = count;
  return c;
}

// Seeded small counts for one year: most month × municipality × domain cells
// below 10, as in practice.
std::vector<AggregateCell> small_counts(int year, std::uint32_t seed) {
  std::uint32_t x = seed;
  const auto next = [&x](std::uint32_t n) {
    x = x * 1664525u + 1013904223u;
    return (x >> 8) % n;
  };
  std::vector<AggregateCell> out;
  for (int m = 1; m <= 12; ++m) {
    const std::string period = std::to_string(year) + (m < 10 ? "-0" : "-") + std::to_string(m);
    for (std::size_t g = 0; g < kTwente.size(); ++g) {
      const std::uint32_t size = g == 3 ? 40 : g == 6 || g == 0 ? 20 : 8; // Enschede, Hengelo, Almelo are larger
      for (const char *domain : {"J1", "J3", "J4"}) {
        out.push_back(cell(period, kTwente[g].first, domain, SignalLevel::none, 5 + next(size * 2)));
        out.push_back(cell(period, kTwente[g].first, domain, SignalLevel::attention, next(size / 4 + 2)));
        out.push_back(cell(period, kTwente[g].first, domain, SignalLevel::concern, next(size / 8 + 2)));
        if (std::string(domain) == "J4" && next(6) == 0) {
          out.push_back(cell(period, kTwente[g].first, domain, SignalLevel::acute, 1));
        }
      }
    }
  }
  return out;
}

Checklist checklist_labels(std::string id, std::string title,
                           std::vector<std::pair<std::string, std::string>> domains) {
  Checklist c;
  c.id = std::move(id);
  c.version = 1;
  c.title = {std::move(title), ""};
  for (auto &[domain_id, domain_title] : domains) {
    ChecklistDomain d;
    d.id = domain_id;
    d.title = {domain_title, ""};
    c.domains.push_back(d);
  }
  return c;
}

AggregatesConfig twente_config() {
  AggregatesConfig config;
  config.region.name = "Twente";
  for (const auto &[code, name] : kTwente) {
    config.region.municipalities.push_back({code, name});
  }
  config.checklists = {checklist_labels(kJgz, "JGZ vroegsignalering",
                                        {{"J1", "Ontwikkeling & groei"},
                                         {"J2", "Ouder-kindinteractie"},
                                         {"J3", "Opvoedstress"},
                                         {"J4", "Veiligheid thuis / huiselijk geweld"}})};
  return config;
}

struct RunningAggregatesApi {
  FixedStore store;
  httplib::Server server;
  std::thread thread;
  int port = 0;

  explicit RunningAggregatesApi(std::vector<AggregateCell> cells, AggregatesConfig config = twente_config()) {
    store.cells = std::move(cells);
    install_aggregates_api(server, store, config);
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread = std::thread([this] { server.listen_after_bind(); });
  }
  ~RunningAggregatesApi() {
    server.stop();
    thread.join();
  }
  httplib::Result get(const std::string &target, const char *token = kRead) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    httplib::Headers headers;
    if (token) {
      headers.emplace("Authorization", std::string("Bearer ") + token);
    }
    return client.Get(target.c_str(), headers);
  }
  json get_json(const std::string &target, int expected_status = 200) {
    auto res = get(target);
    INFO(target);
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == expected_status);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    return json::parse(res->body);
  }
};

// "period|area|domain|level" -> count (nullopt = suppressed), from a JSON answer.
std::map<std::string, std::optional<std::int64_t>> by_key(const json &body) {
  std::map<std::string, std::optional<std::int64_t>> out;
  for (const json &row : body.at("rows")) {
    for (const auto &[level, value] : row.at("counts").items()) {
      const std::string key = row.at("period").get<std::string>() + "|" + row.at("area").get<std::string>() + "|" +
                              row.at("domain").get<std::string>() + "|" + level;
      out[key] = value.is_null() ? std::nullopt : std::optional<std::int64_t>(value.get<std::int64_t>());
    }
  }
  return out;
}

std::vector<std::string> split(const std::string &text, const std::string &separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(separator, start)) != std::string::npos; start = at + separator.size()) {
    out.push_back(text.substr(start, at - start));
  }
  out.push_back(text.substr(start));
  return out;
}

} // namespace

TEST_CASE("aggregates need a data-team read token: none or unknown is 401, a device's submit token 403") {
  RunningAggregatesApi api({cell("2026-01", "GM0153", "J1", SignalLevel::none, 30)});
  for (const char *target : {"/api/v1/aggregates", "/api/v1/aggregates/meta", "/api/v1/aggregates?format=csv"}) {
    INFO(target);
    auto none = api.get(target, nullptr);
    REQUIRE(none);
    CHECK(none->status == 401);
    CHECK(none->get_header_value("WWW-Authenticate").starts_with("Bearer"));
    CHECK(json::parse(none->body).at("error") == "unauthorized");
    auto unknown = api.get(target, "not-a-token");
    REQUIRE(unknown);
    CHECK(unknown->status == 401);
    auto submit = api.get(target, kSubmit);
    REQUIRE(submit);
    CHECK(submit->status == 403);
    CHECK(json::parse(submit->body).at("error") == "forbidden");
    auto read = api.get(target, kRead);
    REQUIRE(read);
    CHECK(read->status == 200);
    CHECK(read->get_header_value("Cache-Control") == "no-store");
  }
  // The scheme is case-insensitive; the token is not.
  httplib::Client client("127.0.0.1", api.port);
  auto lower = client.Get("/api/v1/aggregates", {{"Authorization", std::string("bearer ") + kRead}});
  REQUIRE(lower);
  CHECK(lower->status == 200);
  auto basic = client.Get("/api/v1/aggregates", {{"Authorization", std::string("Basic ") + kRead}});
  REQUIRE(basic);
  CHECK(basic->status == 401);
  CHECK(api.store.count_calls == 4); // no counts read for a refused caller
}

TEST_CASE("JSON rows show suppressed counts as null and never a count from 1 to 9") {
  RunningAggregatesApi api(small_counts(2026, 1));
  const json body = api.get_json("/api/v1/aggregates?checklist=jgz-vroegsignalering&from=2026-01&to=2026-12");
  CHECK(body.at("period") == "month");
  CHECK(body.at("geo") == "municipality");
  CHECK(body.at("domain") == "each");
  CHECK(body.at("suppression").at("minimum_cell") == 10);
  CHECK(body.at("suppression").at("rounded_to") == 5);
  CHECK(body.at("levels") == json::array({"assessed", "signals", "aandacht", "zorg", "acuut", "geen-zorg"}));
  // 12 months × 14 municipalities × 4 domains (J2 has no counts, but the checklist names it).
  REQUIRE(body.at("rows").size() == 12 * 14 * 4);
  const json &first = body.at("rows").at(0);
  CHECK(first.at("checklist") == kJgz);
  CHECK(first.at("period") == "2026-01");
  CHECK(first.at("area") == "GM0141");
  CHECK(first.at("area_name") == "Almelo");
  CHECK(first.at("domain") == "J1");
  CHECK(first.at("domain_title") == "Ontwikkeling & groei");
  std::size_t suppressed = 0, shown = 0;
  for (const auto &[key, value] : by_key(body)) {
    if (value) {
      ++shown;
      CHECK((*value == 0 || *value >= 10));
      CHECK(*value % 5 == 0);
    } else {
      ++suppressed;
    }
  }
  CHECK(suppressed > 0);
  CHECK(shown > 0);
}

TEST_CASE("CSV opens in Dutch Excel: BOM, semicolons, CRLF, '.' for suppressed, quoted and formula-safe text") {
  AggregatesConfig config = twente_config();
  // Names are data; a hostile or unlucky one must stay text in Excel.
  config.region.municipalities[3].name = "=HYPERLINK(\"http://x\";\"klik\")";
  config.region.municipalities[6].name = "-Hengelo; \"centrum\"";
  config.checklists[0].domains[2].title.nl = "@Opvoedstress";
  config.checklists[0].domains[3].title.nl = "+Veiligheid\r\nthuis";
  RunningAggregatesApi api(small_counts(2026, 2), config);
  auto res = api.get("/api/v1/aggregates?checklist=jgz-vroegsignalering&period=quarter&format=csv");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(res->get_header_value("Content-Disposition") ==
        "attachment; filename=\"veldwijzer-jgz-vroegsignalering-quarter.csv\"");
  const std::string &body = res->body;
  REQUIRE(body.starts_with("\xEF\xBB\xBF"));
  REQUIRE(body.ends_with("\r\n"));
  // Every line ends in CRLF; no bare LF outside quotes.
  const std::vector<std::string> lines = split(body.substr(3, body.size() - 5), "\r\n");
  CHECK(lines.at(0) == "checklist;periode;gebied;gemeentecode;domein;domeinnaam;beoordeeld;signalen;aandacht;zorg;"
                       "acuut;geen zorg");
  // A quoted field with CRLF inside splits a row in two here; count fields over the whole body instead.
  bool saw_suppressed = false, saw_formula_guard = false, saw_quoted = false;
  for (const std::string &line : lines) {
    if (line.find(";.;") != std::string::npos || line.ends_with(";.")) {
      saw_suppressed = true;
    }
    if (line.find(";\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\";GM0153;") != std::string::npos) {
      saw_formula_guard = true; // ' prefixed, then quoted because of ; and "
    }
    if (line.find(";\"'-Hengelo; \"\"centrum\"\"\";GM0164;") != std::string::npos) {
      saw_quoted = true;
    }
    CHECK(line.find(";=") == std::string::npos);
    CHECK(line.find(";+") == std::string::npos);
    CHECK(line.find(";@") == std::string::npos);
    CHECK(line.find(";-") == std::string::npos);
  }
  CHECK(saw_suppressed);
  CHECK(saw_formula_guard);
  CHECK(saw_quoted);
  CHECK(body.find(";'@Opvoedstress;") != std::string::npos);
  CHECK(body.find(";\"'+Veiligheid\r\nthuis\";") != std::string::npos);
  // Quarters × 14 municipalities × 4 domains, plus the header (the CRLF inside a quoted title adds 56 lines).
  CHECK(lines.size() == 1 + 4 * 14 * 4 + 4 * 14);
}

TEST_CASE("a CSV row has one field per column and a suppressed count is '.', never 0") {
  RunningAggregatesApi api(small_counts(2026, 3));
  const json body = api.get_json("/api/v1/aggregates?checklist=jgz-vroegsignalering&geo=twente&domain=all");
  auto res = api.get("/api/v1/aggregates?checklist=jgz-vroegsignalering&geo=twente&domain=all&format=csv");
  REQUIRE(res);
  const std::vector<std::string> lines = split(res->body.substr(3, res->body.size() - 5), "\r\n");
  REQUIRE(lines.size() == 1 + body.at("rows").size());
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> fields = split(lines[i], ";");
    REQUIRE(fields.size() == 12);
    CHECK(fields[2] == "Twente");
    CHECK(fields[3] == "");
    CHECK(fields[4] == "alle");
    CHECK(fields[5] == "Alle domeinen");
    const json &counts = body.at("rows").at(i - 1).at("counts");
    std::size_t f = 6;
    for (const char *level : {"assessed", "signals", "aandacht", "zorg", "acuut", "geen-zorg"}) {
      CHECK(fields[f++] == (counts.at(level).is_null() ? "." : std::to_string(counts.at(level).get<int>())));
    }
  }
}

TEST_CASE("roll-ups give quarters, years, the Twente total and all domains; filters only pick rows") {
  RunningAggregatesApi api(small_counts(2026, 4));
  const std::string base = "/api/v1/aggregates?checklist=jgz-vroegsignalering&level=signals";
  const json quarters = api.get_json(base + "&period=quarter&geo=twente&domain=all");
  REQUIRE(quarters.at("rows").size() == 4);
  CHECK(quarters.at("rows").at(0).at("period") == "2026-Q1");
  CHECK(quarters.at("rows").at(0).at("area") == "twente");
  CHECK(quarters.at("rows").at(0).at("area_name") == "Twente");
  CHECK(quarters.at("rows").at(0).at("domain") == "all");
  CHECK(quarters.at("rows").at(0).at("counts").size() == 1);
  const json year = api.get_json(base + "&period=year&geo=twente");
  REQUIRE(year.at("rows").size() == 4); // J1..J4
  CHECK(year.at("rows").at(0).at("period") == "2026");

  // The same cell reads the same in a filtered and an unfiltered answer.
  const auto all = by_key(api.get_json(base + "&period=quarter"));
  const json filtered =
      api.get_json(base + "&period=quarter&municipality=GM0153,GM0164&domain=J4&from=2026-04&to=2026-09");
  REQUIRE(filtered.at("rows").size() == 2 * 2);
  for (const auto &[key, value] : by_key(filtered)) {
    INFO(key);
    CHECK(all.at(key) == value);
  }
  CHECK(filtered.at("rows").at(0).at("period") == "2026-Q2");
  CHECK(filtered.at("rows").at(0).at("area") == "GM0153");
  // Repeated parameters work as well as commas.
  CHECK(api.get_json(base + "&municipality=GM0153&municipality=GM0164&domain=J4&domain=J1").at("rows").size() ==
        12 * 2 * 2);
  CHECK(api.get_json(base + "&level=zorg&level=acuut").at("levels") == json::array({"signals", "zorg", "acuut"}));
}

TEST_CASE("differences of the API's own answers do not reveal a suppressed count") {
  // Three years of small counts; each answer is a slice of one protected table per year.
  std::vector<AggregateCell> cells = small_counts(2026, 5);
  const auto more = small_counts(2025, 6);
  cells.insert(cells.end(), more.begin(), more.end());
  RunningAggregatesApi api(cells);
  const std::string base = "/api/v1/aggregates?checklist=jgz-vroegsignalering&from=2025-01&to=2026-12";
  const auto months_twente = by_key(api.get_json(base + "&geo=twente"));
  const auto quarters_twente = by_key(api.get_json(base + "&geo=twente&period=quarter"));
  const auto years_twente = by_key(api.get_json(base + "&geo=twente&period=year"));
  const auto quarters_each = by_key(api.get_json(base + "&period=quarter"));
  const auto months_all_domains = by_key(api.get_json(base + "&geo=twente&domain=all"));

  const char *levels[] = {"assessed", "signals", "aandacht", "zorg", "acuut", "geen-zorg"};
  std::size_t attempts = 0;
  for (const char *year : {"2025", "2026"}) {
    for (const char *domain : {"J1", "J3", "J4"}) {
      for (const char *level : levels) {
        const std::string tail = std::string("|twente|") + domain + "|" + level;
        const std::string y(year);
        // Q1 − January − February = March.
        if (!months_twente.at(y + "-03" + tail)) {
          ++attempts;
          CHECK_FALSE((quarters_twente.at(y + "-Q1" + tail) && months_twente.at(y + "-01" + tail) &&
                       months_twente.at(y + "-02" + tail)));
        }
        // Year − Q1..Q3 = Q4.
        if (!quarters_twente.at(y + "-Q4" + tail)) {
          ++attempts;
          CHECK_FALSE((years_twente.at(y + tail) && quarters_twente.at(y + "-Q1" + tail) &&
                       quarters_twente.at(y + "-Q2" + tail) && quarters_twente.at(y + "-Q3" + tail)));
        }
        // Twente − 13 municipalities = the 14th.
        for (const char *q : {"-Q1", "-Q2", "-Q3", "-Q4"}) {
          std::size_t hidden = 0;
          for (const auto &[code, name] : kTwente) {
            hidden += quarters_each.at(y + q + "|" + code + "|" + domain + "|" + level) ? 0 : 1;
          }
          if (hidden > 0) {
            ++attempts;
            hidden += quarters_twente.at(y + q + tail) ? 0 : 1;
            CHECK(hidden >= 2);
          }
        }
      }
      // All domains − J1 − J3 (− J2, empty) = J4, per month.
      for (int m = 1; m <= 12; ++m) {
        const std::string p = std::string(year) + (m < 10 ? "-0" : "-") + std::to_string(m) + "|twente|";
        if (!months_twente.at(p + "J4|signals")) {
          ++attempts;
          CHECK_FALSE((months_all_domains.at(p + "all|signals") && months_twente.at(p + "J1|signals") &&
                       months_twente.at(p + "J3|signals")));
        }
      }
    }
  }
  CHECK(attempts > 20); // the data gives the attacker plenty to try
}

TEST_CASE("bad parameters are a 400 that names the parameter") {
  RunningAggregatesApi api(small_counts(2026, 7));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"?colour=red", "unknown parameter 'colour'"},
      {"?period=week", "period: expected month, quarter or year, got 'week'"},
      {"?from=2026-13", "from: expected a month as YYYY-MM, got '2026-13'"},
      {"?from=2026-05&to=2026-01", "from: 2026-05 is after to: 2026-01"},
      {"?period=quarter&from=2026-02", "from: 2026-02 is not the first month of a quarter"},
      {"?period=year&to=2026-11", "to: 2026-11 is not the last month of a year"},
      {"?geo=nederland", "geo: expected municipality or twente, got 'nederland'"},
      {"?geo=twente&municipality=GM0153", "municipality: cannot be combined with geo=twente"},
      {"?municipality=GM0363", "municipality: GM0363 is not a municipality of Twente"},
      {"?municipality=Enschede", "municipality: expected a CBS code like GM0153, got 'Enschede'"},
      {"?domain=J4,all", "domain: expected each, all, or one or more domain ids"},
      {"?checklist=jgz-vroegsignalering&domain=J12", "domain: J12 is not a domain of jgz-vroegsignalering"},
      {"?level=veel", "level: expected assessed, signals, aandacht, zorg, acuut or geen-zorg, got 'veel'"},
      {"?format=xlsx", "format: expected json or csv, got 'xlsx'"},
      {"?checklist=a&checklist=b", "checklist: given more than once"},
      {"?checklist=JGZ", "checklist: 'JGZ' is not a checklist id"},
      {"?checklist=onbekend", "checklist: no counts for 'onbekend', and it is not a known checklist"},
      {"?from=2000-01&to=2026-12", "from, to: at most 10 years at once"},
  };
  for (const auto &[query, message] : cases) {
    const json body = api.get_json("/api/v1/aggregates" + query, 400);
    INFO(query);
    CHECK(body.at("error") == "bad_request");
    CHECK_THAT(body.at("message").get<std::string>(), Catch::Matchers::StartsWith(message));
  }
  CHECK(api.get_json("/api/v1/aggregates/meta?x=1", 400).at("message") ==
        "unknown parameter 'x' (this route takes none)");
}

TEST_CASE("asked-for years without counts show zeros for the known checklists, and the store failing is a 503") {
  RunningAggregatesApi api({});
  const json body = api.get_json("/api/v1/aggregates?from=2026-01&to=2026-12&period=year&geo=twente&domain=all");
  REQUIRE(body.at("rows").size() == 1);
  CHECK(body.at("rows").at(0).at("counts").at("signals") == 0);
  CHECK(api.get_json("/api/v1/aggregates").at("rows").empty());
  api.store.broken = true;
  CHECK(api.get_json("/api/v1/aggregates", 503).at("error") == "store_unavailable");
  CHECK(api.get_json("/api/v1/aggregates/meta", 503).at("error") == "store_unavailable");
}

TEST_CASE("a token that cannot be checked because the store is down is 503 with Retry-After, not 401") {
  RunningAggregatesApi api(small_counts(2026, 8));
  api.store.auth_broken = true;
  const auto res = api.get("/api/v1/aggregates");
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK(nlohmann::json::parse(res->body).at("error") == "store_unavailable");
  CHECK(res->get_header_value("Retry-After") == "5");
  CHECK_FALSE(res->has_header("WWW-Authenticate")); // nothing tells the caller its token is wrong
  CHECK(api.store.count_calls == 0);
  api.store.auth_broken = false;
  CHECK(api.get_json("/api/v1/aggregates", 200).is_object());
}

TEST_CASE("meta names the region's municipalities, the checklists with their domains, and the years") {
  std::vector<AggregateCell> cells = small_counts(2026, 8);
  cells.push_back(cell("2025-11", "GM0153", "O8", SignalLevel::concern, 2, "ouderen-vroegsignalering"));
  RunningAggregatesApi api(cells);
  const json meta = api.get_json("/api/v1/aggregates/meta");
  CHECK(meta.at("region") == "Twente");
  CHECK(meta.at("municipalities").size() == 14);
  CHECK(meta.at("municipalities").at(3) == json{{"code", "GM0153"}, {"name", "Enschede"}});
  REQUIRE(meta.at("checklists").size() == 2);
  CHECK(meta.at("checklists").at(0).at("id") == kJgz);
  CHECK(meta.at("checklists").at(0).at("domains").at(3) ==
        json{{"id", "J4"}, {"title", "Veiligheid thuis / huiselijk geweld"}});
  CHECK(meta.at("checklists").at(1).at("id") == "ouderen-vroegsignalering");
  CHECK(meta.at("years") == json::array({2025, 2026}));
  CHECK(meta.at("suppression").at("minimum_cell") == 10);
}

TEST_CASE("a minimum cell below 5 is refused; without rounding counts are exact") {
  AggregatesConfig config = twente_config();
  config.minimum_cell = 4;
  REQUIRE(aggregates_config_problem(config));
  CHECK_THAT(*aggregates_config_problem(config), Catch::Matchers::ContainsSubstring("below 5"));
  httplib::Server server;
  FixedStore store;
  CHECK_THROWS_AS(install_aggregates_api(server, store, config), std::invalid_argument);
  config.minimum_cell = 5;
  CHECK_FALSE(aggregates_config_problem(config));
  config.region.municipalities.clear();
  CHECK(aggregates_config_problem(config) == "aggregates: the region has no municipalities");

  AggregatesConfig exact = twente_config();
  exact.round_to_5 = false;
  exact.minimum_cell = 5;
  RunningAggregatesApi api({cell("2026-03", "GM0153", "J1", SignalLevel::none, 17),
                            cell("2026-03", "GM0153", "J1", SignalLevel::attention, 6)},
                           exact);
  const json body = api.get_json("/api/v1/aggregates?period=year&municipality=GM0153&domain=J1");
  CHECK(body.at("suppression").at("rounded_to") == 1);
  CHECK(body.at("rows").at(0).at("counts").at("assessed") == 23);
}

TEST_CASE("the dashboard is served at /dashboard/ with its script and style under a strict policy") {
  RunningAggregatesApi api({});
  httplib::Client client("127.0.0.1", api.port);
  auto redirect = client.Get("/dashboard");
  REQUIRE(redirect);
  CHECK(redirect->status == 301);
  CHECK(redirect->get_header_value("Location") == "/dashboard/");
  auto page = client.Get("/dashboard/");
  REQUIRE(page);
  REQUIRE(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body.find("<html lang=\"nl\">") != std::string::npos);
  CHECK(page->body.find("src=\"dashboard.js\"") != std::string::npos);
  CHECK(page->body.find("https://") == std::string::npos); // nothing from elsewhere
  const std::string csp = page->get_header_value("Content-Security-Policy");
  CHECK_THAT(csp, Catch::Matchers::ContainsSubstring("script-src 'self'"));
  CHECK_THAT(csp, Catch::Matchers::ContainsSubstring("frame-ancestors 'none'"));
  CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
  auto again = client.Get("/dashboard/", {{"If-None-Match", page->get_header_value("ETag")}});
  REQUIRE(again);
  CHECK(again->status == 304);

  auto js = client.Get("/dashboard/dashboard.js");
  REQUIRE(js);
  CHECK(js->status == 200);
  CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(js->body.find("const STRINGS = {") != std::string::npos);
  CHECK(js->body.find("innerHTML") == std::string::npos); // server text only ever as textContent
  auto css = client.Get("/dashboard/dashboard.css");
  REQUIRE(css);
  CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
  CHECK(css->body.find("@import") == std::string::npos);
}

TEST_CASE("a protected table is computed once per checklist and year until the counts change") {
  RunningAggregatesApi api(small_counts(2026, 9));
  const std::string target = "/api/v1/aggregates?checklist=jgz-vroegsignalering&period=quarter&geo=twente";
  const auto first = by_key(api.get_json(target));
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    CHECK(by_key(api.get_json(target)) == first);
  }
  const double cached_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(cached_s < 2.0);
  // A new report changes the counts: the answer follows.
  api.store.cells.push_back(cell("2026-02", "GM0153", "J1", SignalLevel::attention, 40));
  const auto after = by_key(api.get_json(target));
  CHECK(after != first);
}

TEST_CASE("the real checklists load for their titles and domains") {
  auto checklists = load_checklists_for_aggregates(VELDWIJZER_SOURCE_DIR "/assets/checklists");
  INFO((checklists ? std::string() : checklists.error()));
  REQUIRE(checklists.ok());
  REQUIRE(checklists.value().size() == 2);
  CHECK(checklists.value()[0].id == kJgz);
  CHECK(checklists.value()[0].domains.size() == 9);
  CHECK(checklists.value()[1].id == "ouderen-vroegsignalering");
  auto missing = load_checklists_for_aggregates("/nonexistent/checklists");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error(), Catch::Matchers::ContainsSubstring("cannot list the checklists"));
}
