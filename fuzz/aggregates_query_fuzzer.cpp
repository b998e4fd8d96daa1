// aggregates_query_fuzzer.cpp — the data team's GET /api/v1/aggregates
// parameters: a query string split by cpp-httplib as the server does, read
// by parse_query() in sync/aggregates_api.cpp.
//
// parse_query() is file-static, so this harness compiles aggregates_api.cpp
// into itself (and links the rest of veldwijzer_aggregates); if the parser
// moves to a header of its own, include that instead.
//
// Invariants: an accepted query names a valid checklist id, months as
// YYYY-MM with from <= to and at most ten years, whole quarters/years for
// period=quarter|year, only the region's municipalities (never with
// geo=twente), domain ids, and at least one measure, each once; every
// refusal is a message the API can send as JSON.
#include "aggregates_api.cpp" // NOLINT(bugprone-suspicious-include): reaches the file-static parser

#include "assets.h"
#include "fuzz_support.h"

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

const AggregatesConfig &config() {
  static const AggregatesConfig c = [] {
    AggregatesConfig out;
    out.region = fuzz::real_data().region;
    out.checklists = fuzz::real_checklists();
    fuzz_check(!aggregates_config_problem(out));
    return out;
  }();
  return c;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  httplib::Request req;
  httplib::detail::parse_query_text(std::string(fuzz::as_text(data, size)), req.params);
  const auto parsed = parse_query(req, config());
  if (!parsed) {
    fuzz_check(!parsed.error().empty());
    const std::string body = ojson{{"error", "bad_request"}, {"message", parsed.error()}}.dump(
        -1, ' ', false, ojson::error_handler_t::replace);
    fuzz_check(!ojson::parse(body, nullptr, false).is_discarded());
    return 0;
  }
  const Query &q = parsed.value();
  fuzz_check(q.checklist.empty() || is_checklist_id(q.checklist));
  fuzz_check(q.from.empty() || is_period(q.from));
  fuzz_check(q.to.empty() || is_period(q.to));
  if (!q.from.empty() && !q.to.empty()) {
    fuzz_check(q.from <= q.to);
    fuzz_check(std::stoi(q.to.substr(0, 4)) - std::stoi(q.from.substr(0, 4)) < kMaxYears);
  }
  if (q.view.period != PeriodRollup::month) {
    const int span = q.view.period == PeriodRollup::quarter ? 3 : 12;
    fuzz_check(q.from.empty() || (month_of(q.from) - 1) % span == 0);
    fuzz_check(q.to.empty() || month_of(q.to) % span == 0);
  }
  fuzz_check(q.view.geo != GeoRollup::region || q.municipalities.empty());
  fuzz_check(q.municipalities.size() <= kMaxValues && q.domains.size() <= kMaxValues);
  for (const std::string &code : q.municipalities) {
    fuzz_check(config().region.find(code) != nullptr);
  }
  for (const std::string &id : q.domains) {
    fuzz_check(is_domain_id(id) && id != "each" && id != kAllDomains);
  }
  fuzz_check(!q.measures.empty());
  for (std::size_t i = 0; i < q.measures.size(); ++i) {
    fuzz_check(std::count(q.measures.begin(), q.measures.end(), q.measures[i]) == 1);
  }
  fuzz_check(q.csv == (req.has_param("format") && req.get_param_value("format") == "csv"));
  return 0;
}
