// directory_query.h — the directory API's query parameters, checked.
//
//   auto request = parse_services_request(req.params, directory, region, now);
//   if (!request) { 400 with request.error() }      // "page: expected ..."
//   index.search(request.value().search) ... request.value().page ...
//
// Strict on purpose: an unknown or repeated parameter, a malformed number or
// an unknown code is an error naming the parameter, never silently ignored
// (a misspelt filter would otherwise return unfiltered results).
#pragma once

#include "veldwijzer/directory.h"
#include "veldwijzer/opening_hours.h"
#include "veldwijzer/result.h"
#include "veldwijzer/search.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace veldwijzer::collector {

using QueryParams = std::multimap<std::string, std::string>; // httplib::Params

inline constexpr std::size_t kDefaultPerPage = 20;
inline constexpr std::size_t kMaxPerPage = 100;
inline constexpr std::size_t kMaxSearchBytes = 200;

struct PageRequest {
  std::size_t page = 1; // 1-based
  std::size_t per_page = kDefaultPerPage;
};

struct ServicesRequest {
  SearchQuery search; // limit is left to the caller
  PageRequest page;
};

struct TermsRequest {
  std::string taxonomy; // empty: every taxonomy
  PageRequest page;
};

// `now` is used only for open_now=true.
Result<ServicesRequest> parse_services_request(const QueryParams &params, const Directory &directory,
                                               const Region &region, const LocalTime &now);
Result<TermsRequest> parse_terms_request(const QueryParams &params, const Directory &directory);
// For routes that take no parameters: the error for the first one given, if any.
std::optional<std::string> reject_params(const QueryParams &params);

} // namespace veldwijzer::collector
