// directory_api.h — the directory, read-only, in the shape of the HSDS 3 API.
//
//   register_directory_api(server, directory, index, region); // before any catch-all GET route
//
//   GET /services?search=&page=&per_page=&municipality=&age_months=&prenatal=
//                &topic=&open_now=&always_open=&audience=&include_policy=
//   GET /services/{id}
//   GET /taxonomy_terms?taxonomy=&page=&per_page=
//
// Lists are HSDS pages {total_items, total_pages, page_number, size (items on
// this page), first_page, last_page, empty (no items on this page), contents}
// in core's search order. Answers carry the weak ETag W/"<dataset version>"
// and Cache-Control: no-cache, and If-None-Match is answered with 304 — except
// open_now lists, which change with the clock rather than the dataset and so
// carry no ETag. A bad parameter is 400 {"error": "bad_request", "message":
// "<parameter>: <why>"}. Directory, index and region must outlive the server.
#pragma once

#include "veldwijzer/directory.h"
#include "veldwijzer/search.h"

#include <cstdint>
#include <functional>

namespace httplib {
class Server;
}

namespace veldwijzer::collector {

using UnixClock = std::function<std::int64_t()>; // seconds since 1970, UTC
std::int64_t unix_now();

void register_directory_api(httplib::Server &server, const Directory &directory, const SearchIndex &index,
                            const Region &region, UnixClock clock = unix_now);

} // namespace veldwijzer::collector
