// directory_api.cpp — HTTP handlers for /services and /taxonomy_terms.
#include "directory_api.h"

#include "directory_query.h"

#include "veldwijzer/opening_hours.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <memory>
#include <string_view>
#include <vector>

namespace veldwijzer::collector {
namespace {

using ojson = nlohmann::ordered_json; // keeps core's HSDS field order

struct DirectoryApi {
  const Directory &directory;
  const SearchIndex &index;
  const Region &region;
  UnixClock clock;
  std::string etag;
  std::vector<ojson> services; // parallel to directory.services, parsed once
  std::vector<ojson> terms;    // parallel to directory.terms
};

void send_json(httplib::Response &res, int status, const ojson &body) {
  res.status = status;
  // Messages may repeat a client's bytes, which need not be UTF-8: replace
  // them rather than let dump() throw.
  res.set_content(body.dump(-1, ' ', false, ojson::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response &res, int status, std::string_view code, std::string_view message) {
  send_json(res, status, ojson{{"error", code}, {"message", message}});
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view opaque_tag(std::string_view tag) {
  return tag.substr(0, 2) == "W/" ? tag.substr(2) : tag;
}

// If-None-Match is "*" or a list of tags, compared weakly (RFC 9110 13.1.2).
bool none_match_hits(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view tag = trim(header.substr(0, comma));
    if (tag == "*" || opaque_tag(tag) == opaque_tag(etag)) {
      return true;
    }
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
  }
  return false;
}

// Sets the validators; true when the client's copy is current and 304 is the answer.
bool answered_from_cache(const httplib::Request &req, httplib::Response &res, const std::string &etag) {
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", "no-cache");
  if (req.has_header("If-None-Match") && none_match_hits(req.get_header_value("If-None-Match"), etag)) {
    res.status = 304;
    return true;
  }
  return false;
}

template <class ItemAt> ojson hsds_page(std::size_t total, const PageRequest &page, ItemAt item_at) {
  const std::size_t total_pages = (total + page.per_page - 1) / page.per_page;
  const std::size_t begin = std::min(total, (page.page - 1) * page.per_page);
  const std::size_t end = std::min(total, begin + page.per_page);
  ojson contents = ojson::array();
  for (std::size_t i = begin; i < end; ++i) {
    contents.push_back(item_at(i));
  }
  ojson out;
  out["total_items"] = total;
  out["total_pages"] = total_pages;
  out["page_number"] = page.page;
  out["size"] = end - begin;
  out["first_page"] = page.page == 1;
  out["last_page"] = page.page >= total_pages;
  out["empty"] = begin == end;
  out["contents"] = std::move(contents);
  return out;
}

void list_services(const DirectoryApi &api, const httplib::Request &req, httplib::Response &res) {
  auto request = parse_services_request(req.params, api.directory, api.region, amsterdam_time(api.clock()));
  if (!request) {
    send_error(res, 400, "bad_request", request.error());
    return;
  }
  SearchQuery query = request.value().search;
  query.limit = api.directory.services.size(); // pages are cut here, from the whole ranked list
  if (query.open_now) {
    res.set_header("Cache-Control", "no-cache");
  } else if (answered_from_cache(req, res, api.etag)) {
    return;
  }
  const std::vector<SearchHit> hits = api.index.search(query);
  const Service *first = api.directory.services.data();
  send_json(res, 200, hsds_page(hits.size(), request.value().page, [&](std::size_t i) {
              return api.services[static_cast<std::size_t>(hits[i].service - first)];
            }));
}

void get_service(const DirectoryApi &api, const httplib::Request &req, httplib::Response &res) {
  if (auto bad = reject_params(req.params)) {
    send_error(res, 400, "bad_request", *bad);
    return;
  }
  const std::string id = req.matches[1].str();
  const Service *service = api.directory.service(id);
  if (service == nullptr) {
    send_error(res, 404, "not_found", "no service with id '" + id + "' in dataset " + api.directory.info.id);
    return;
  }
  if (answered_from_cache(req, res, api.etag)) {
    return;
  }
  send_json(res, 200, api.services[static_cast<std::size_t>(service - api.directory.services.data())]);
}

void list_terms(const DirectoryApi &api, const httplib::Request &req, httplib::Response &res) {
  auto request = parse_terms_request(req.params, api.directory);
  if (!request) {
    send_error(res, 400, "bad_request", request.error());
    return;
  }
  if (answered_from_cache(req, res, api.etag)) {
    return;
  }
  std::vector<std::size_t> selected;
  for (std::size_t i = 0; i < api.directory.terms.size(); ++i) {
    if (request.value().taxonomy.empty() || api.directory.terms[i].taxonomy == request.value().taxonomy) {
      selected.push_back(i);
    }
  }
  send_json(res, 200,
            hsds_page(selected.size(), request.value().page, [&](std::size_t i) { return api.terms[selected[i]]; }));
}

} // namespace

std::int64_t unix_now() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

void register_directory_api(httplib::Server &server, const Directory &directory, const SearchIndex &index,
                            const Region &region, UnixClock clock) {
  auto api = std::make_shared<DirectoryApi>(
      DirectoryApi{directory, index, region, std::move(clock), "W/\"" + directory.info.version + "\"", {}, {}});
  // Core's export is nlohmann's own output, so it parses; doing it once here
  // keeps requests to copying.
  for (const Service &service : directory.services) {
    api->services.push_back(ojson::parse(export_service_hsds(service)));
  }
  for (const TaxonomyTerm &term : directory.terms) {
    api->terms.push_back(ojson::parse(export_term_hsds(term)));
  }
  // Open data: any web page may read the directory (read-only, no
  // credentials); nothing else the collector serves is shared across origins.
  using Handler = void (*)(const DirectoryApi &, const httplib::Request &, httplib::Response &);
  const auto open_data = [api](Handler handler) {
    return [api, handler](const httplib::Request &req, httplib::Response &res) {
      res.set_header("Access-Control-Allow-Origin", "*");
      handler(*api, req, res);
    };
  };
  server.Get("/services", open_data(list_services));
  server.Get(R"(/services/([^/]+))", open_data(get_service));
  server.Get("/taxonomy_terms", open_data(list_terms));
}

} // namespace veldwijzer::collector
