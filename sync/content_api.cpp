// content_api.cpp — building the two content documents and serving them.
#include "content_api.h"

#include "veldwijzer/checklist.h"
#include "veldwijzer/content_update.h"
#include "veldwijzer/directory_data.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

namespace veldwijzer::collector {
namespace {

namespace fs = std::filesystem;

Result<std::string> read_text(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(path.string() + ": cannot read (" + std::strerror(errno) + ")");
  }
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) {
    return fail(path.string() + ": read error");
  }
  return text;
}

// Core composes and tags the documents, so a device can compute the tag of
// its built-in data. The asset texts are embedded as they are (they parsed,
// so the whole is JSON): the tag changes exactly when a file's bytes change.
// Strong: one body, one tag; the gzip that httplib adds is a transfer detail.
ContentDocument document(std::string body) {
  std::string etag = content_etag(body);
  return {std::move(body), std::move(etag)};
}

std::vector<fs::path> checklist_files(const fs::path &folder, std::string &problem) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file() && name.ends_with(".json") && !name.ends_with(".schema.json") && !name.starts_with(".")) {
      files.push_back(it->path());
    }
  }
  if (ec) {
    problem = folder.string() + ": cannot list (" + ec.message() + ")";
  } else if (files.empty()) {
    problem = folder.string() + ": no checklist files (*.json)";
  }
  std::sort(files.begin(), files.end());
  return files;
}

// If-None-Match is "*" or a list of tags, compared weakly (RFC 9110 13.1.2).
bool none_match_hits(std::string_view header, std::string_view etag) {
  const auto opaque = [](std::string_view tag) {
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) {
      tag.remove_prefix(1);
    }
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) {
      tag.remove_suffix(1);
    }
    return tag.substr(0, 2) == "W/" ? tag.substr(2) : tag;
  };
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view tag = opaque(header.substr(0, comma));
    if (tag == "*" || tag == opaque(etag)) {
      return true;
    }
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
  }
  return false;
}

void serve(const httplib::Request &req, httplib::Response &res, const Result<ContentDocument> &doc) {
  res.set_header("Cache-Control", "no-cache");
  if (!doc) {
    res.status = 503;
    res.set_content(nlohmann::json{{"error", "content_unavailable"}, {"message", doc.error()}}.dump(
                        -1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
    return;
  }
  res.set_header("ETag", doc.value().etag);
  if (req.has_header("If-None-Match") && none_match_hits(req.get_header_value("If-None-Match"), doc.value().etag)) {
    res.status = 304;
    return;
  }
  res.set_content(doc.value().body, "application/json");
}

} // namespace

ContentDocuments build_content_documents(const fs::path &assets_dir) {
  const fs::path region_path = assets_dir / "regions" / "twente.json";
  const fs::path directory_path = assets_dir / "directory" / "twente.json";
  const fs::path synonyms_path = assets_dir / "directory" / "synonyms.json";
  const fs::path routes_path = assets_dir / "routes" / "routes.json";
  std::vector<Result<std::string>> texts;
  for (const fs::path &path : {region_path, directory_path, synonyms_path, routes_path}) {
    texts.push_back(read_text(path));
    if (!texts.back()) {
      const std::string problem = texts.back().error();
      return {fail(problem), fail("cannot be checked without the directory: " + problem)};
    }
  }
  // The same checks as the app's, with the file names of this folder.
  auto data = load_directory_data({texts[0].value(), texts[1].value(), texts[2].value(), texts[3].value()});
  if (!data) {
    LoadError error = data.error();
    for (const fs::path &path : {region_path, directory_path, synonyms_path, routes_path}) {
      if (path.generic_string().ends_with(error.file)) {
        error.file = path.string();
      }
    }
    const std::string problem = error.message();
    return {fail(problem), fail("cannot be checked without the directory: " + problem)};
  }
  ContentDocuments out{document(compose_directory_document(texts[1].value(), texts[2].value(), texts[3].value())),
                       fail(std::string())};

  std::string problem;
  const std::vector<fs::path> files = checklist_files(assets_dir / "checklists", problem);
  if (!problem.empty()) {
    out.checklists = fail(problem);
    return out;
  }
  std::vector<std::string> list;
  for (const fs::path &path : files) {
    auto text = read_text(path);
    if (!text) {
      out.checklists = fail(text.error());
      return out;
    }
    auto checklist = load_checklist(text.value(), path.string(), &data.value()->routes);
    if (!checklist) {
      out.checklists = fail(checklist.error().message());
      return out;
    }
    list.push_back(std::move(text).value());
  }
  out.checklists = document(compose_checklists_document({list.begin(), list.end()}));
  return out;
}

void register_content_api(httplib::Server &server, const fs::path &assets_dir) {
  auto docs = std::make_shared<const ContentDocuments>(build_content_documents(assets_dir));
  server.Get("/api/v1/content/directory",
             [docs](const httplib::Request &req, httplib::Response &res) { serve(req, res, docs->directory); });
  server.Get("/api/v1/content/checklists",
             [docs](const httplib::Request &req, httplib::Response &res) { serve(req, res, docs->checklists); });
}

} // namespace veldwijzer::collector
