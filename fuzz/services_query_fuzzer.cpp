// services_query_fuzzer.cpp — the collector's directory API parameters:
// a query string, split and percent-decoded by cpp-httplib as the server
// does, read by parse_services_request() / parse_terms_request() /
// reject_params() (sync/directory_query.h), then searched and paged as
// GET /services does.
//
// Invariants: accepted parameters are within their documented ranges and
// name real codes; the search obeys check_search(); a page never reaches
// outside the hits; every refusal is a message the API can send as JSON.
#include "assets.h"
#include "search_checks.h"

#include "api_answer.h"
#include "directory_query.h"

#include <httplib.h>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

void check_refusal(const std::string &message) {
  fuzz_check(!message.empty());
  const auto body = nlohmann::json::parse(error_json("bad_request", message), nullptr, false);
  fuzz_check(body.is_object() && body["message"].is_string());
}

void check_page(const PageRequest &page, std::size_t total) {
  fuzz_check(page.page >= 1 && page.page <= 1'000'000);
  fuzz_check(page.per_page >= 1 && page.per_page <= kMaxPerPage);
  const std::size_t begin = std::min(total, (page.page - 1) * page.per_page);
  const std::size_t end = std::min(total, begin + page.per_page);
  fuzz_check(begin <= end && end <= total && end - begin <= page.per_page);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const DirectoryData &real = fuzz::real_data();
  QueryParams params;
  httplib::detail::parse_query_text(std::string(fuzz::as_text(data, size)), params);

  const LocalTime now = amsterdam_time(1767225600); // 2026-01-01 01:00
  const auto services = parse_services_request(params, real.directory, real.region, now);
  if (services) {
    SearchQuery q = services.value().search;
    fuzz_check(q.text.size() <= kMaxSearchBytes);
    fuzz_check(q.municipality.empty() || real.region.find(q.municipality) != nullptr);
    fuzz_check(q.topic.empty() || real.directory.term(q.topic) != nullptr);
    fuzz_check(!(q.prenatal && q.age_months));
    fuzz_check(!q.age_months || (*q.age_months >= 0 && *q.age_months <= 150 * 12));
    fuzz_check(q.open_now == q.now.has_value());
    q.limit = real.directory.services.size(); // as GET /services: pages are cut from the whole list
    fuzz::check_search(real.index, real.directory, q);
    check_page(services.value().page, real.index.search(q).size());
  } else {
    check_refusal(services.error());
  }

  const auto terms = parse_terms_request(params, real.directory);
  if (terms) {
    check_page(terms.value().page, real.directory.terms.size());
    fuzz_check(terms.value().taxonomy.empty() ||
               std::any_of(real.directory.terms.begin(), real.directory.terms.end(),
                           [&](const TaxonomyTerm &t) { return t.taxonomy == terms.value().taxonomy; }));
  } else {
    check_refusal(terms.error());
  }

  const auto rejected = reject_params(params);
  fuzz_check(rejected.has_value() == !params.empty());
  if (rejected) {
    check_refusal(*rejected);
  }
  return 0;
}
