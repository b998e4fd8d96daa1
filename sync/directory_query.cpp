// directory_query.cpp — query parameters to SearchQuery and page, or a reason.
#include "directory_query.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

namespace veldwijzer::collector {
namespace {

constexpr std::size_t kMaxPage = 1'000'000;
constexpr std::size_t kMaxAgeMonths = 150 * 12;
constexpr std::size_t kMaxEcho = 40; // bytes of a bad value repeated in a message

// Values come from the client; a message repeats only the start of one.
std::string echo(std::string_view value) {
  return "'" + std::string(value.substr(0, kMaxEcho)) + (value.size() > kMaxEcho ? "...'" : "'");
}

std::string join(std::initializer_list<std::string_view> names) {
  std::string out;
  for (const std::string_view name : names) {
    out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out;
}

// Only known names, each at most once.
std::optional<std::string> check_names(const QueryParams &params, std::initializer_list<std::string_view> known) {
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    if (std::find(known.begin(), known.end(), it->first) == known.end()) {
      return "unknown parameter " + echo(it->first) +
             (known.size() == 0 ? " (this route takes none)" : " (known: " + join(known) + ")");
    }
    if (params.count(it->first) > 1) {
      return it->first + ": given more than once";
    }
  }
  return std::nullopt;
}

const std::string *find(const QueryParams &params, const std::string &name) {
  const auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

Result<std::size_t> parse_count(const std::string &name, const std::string &text, std::size_t min, std::size_t max) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return fail(name + ": expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                ", got " + echo(text));
  }
  return value;
}

Result<bool> parse_flag(const std::string &name, const std::string &text) {
  if (text == "true" || text == "false") {
    return text == "true";
  }
  return fail(name + ": expected true or false, got " + echo(text));
}

Result<PageRequest> parse_page(const QueryParams &params) {
  PageRequest page;
  if (const std::string *text = find(params, "page")) {
    auto value = parse_count("page", *text, 1, kMaxPage);
    if (!value) {
      return fail(value.error());
    }
    page.page = value.value();
  }
  if (const std::string *text = find(params, "per_page")) {
    auto value = parse_count("per_page", *text, 1, kMaxPerPage);
    if (!value) {
      return fail(value.error());
    }
    page.per_page = value.value();
  }
  return page;
}

} // namespace

Result<ServicesRequest> parse_services_request(const QueryParams &params, const Directory &directory,
                                               const Region &region, const LocalTime &now) {
  if (auto bad = check_names(params, {"search", "page", "per_page", "municipality", "age_months", "prenatal", "topic",
                                      "open_now", "always_open", "audience", "include_policy"})) {
    return fail(*bad);
  }
  ServicesRequest request;
  auto page = parse_page(params);
  if (!page) {
    return fail(page.error());
  }
  request.page = page.value();
  SearchQuery &q = request.search;

  if (const std::string *text = find(params, "search")) {
    if (text->size() > kMaxSearchBytes) {
      return fail("search: longer than " + std::to_string(kMaxSearchBytes) + " bytes (got " +
                  std::to_string(text->size()) + ")");
    }
    q.text = *text;
  }
  if (const std::string *code = find(params, "municipality")) {
    if (region.find(*code) == nullptr) {
      return fail("municipality: " + echo(*code) + " is not a municipality code (GMxxxx) of " + region.name);
    }
    // Asking for one municipality means the client is there: its local
    // services rank above region-wide ones.
    q.municipality = *code;
    q.preferred_municipality = *code;
  }
  if (const std::string *text = find(params, "age_months")) {
    auto months = parse_count("age_months", *text, 0, kMaxAgeMonths);
    if (!months) {
      return fail(months.error());
    }
    q.age_months = static_cast<int>(months.value());
  }
  if (const std::string *text = find(params, "prenatal")) {
    auto prenatal = parse_flag("prenatal", *text);
    if (!prenatal) {
      return fail(prenatal.error());
    }
    q.prenatal = prenatal.value();
    if (q.prenatal && q.age_months) {
      return fail("prenatal: cannot be combined with age_months (a client not yet born has no age)");
    }
  }
  if (const std::string *id = find(params, "topic")) {
    if (directory.term(*id) == nullptr) {
      return fail("topic: no taxonomy term " + echo(*id) + " in the directory (see /taxonomy_terms)");
    }
    q.topic = *id;
  }
  if (const std::string *text = find(params, "audience")) {
    if (*text == "citizens") {
      q.audience = Audience::citizens;
    } else if (*text == "professionals") {
      q.audience = Audience::professionals;
    } else {
      return fail("audience: expected citizens or professionals, got " + echo(*text));
    }
  }
  const std::pair<const char *, bool *> flags[] = {
      {"open_now", &q.open_now}, {"always_open", &q.always_open_only}, {"include_policy", &q.include_policy}};
  for (const auto &[name, flag] : flags) {
    if (const std::string *text = find(params, name)) {
      auto value = parse_flag(name, *text);
      if (!value) {
        return fail(value.error());
      }
      *flag = value.value();
    }
  }
  if (q.open_now) {
    q.now = now;
  }
  return request;
}

Result<TermsRequest> parse_terms_request(const QueryParams &params, const Directory &directory) {
  if (auto bad = check_names(params, {"taxonomy", "page", "per_page"})) {
    return fail(*bad);
  }
  TermsRequest request;
  auto page = parse_page(params);
  if (!page) {
    return fail(page.error());
  }
  request.page = page.value();
  if (const std::string *taxonomy = find(params, "taxonomy")) {
    const bool known = std::any_of(directory.terms.begin(), directory.terms.end(),
                                   [&](const TaxonomyTerm &term) { return term.taxonomy == *taxonomy; });
    if (!known) {
      std::vector<std::string> names;
      for (const TaxonomyTerm &term : directory.terms) {
        if (std::find(names.begin(), names.end(), term.taxonomy) == names.end()) {
          names.push_back(term.taxonomy);
        }
      }
      std::string list;
      for (const std::string &name : names) {
        list += (list.empty() ? "" : ", ") + name;
      }
      return fail("taxonomy: no taxonomy " + echo(*taxonomy) + " (known: " + list + ")");
    }
    request.taxonomy = *taxonomy;
  }
  return request;
}

std::optional<std::string> reject_params(const QueryParams &params) {
  return check_names(params, {});
}

} // namespace veldwijzer::collector
