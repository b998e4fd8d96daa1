// static_files.cpp — safe path mapping, MIME types, gzip siblings, ETags.
#include "static_files.h"

#include <httplib.h>

#include <array>
#include <fstream>
#include <iterator>

namespace veldwijzer::collector {
namespace fs = std::filesystem;

std::optional<std::string> safe_relative_path(std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') {
    return std::nullopt;
  }
  std::string relative(url_path.substr(1));
  if (relative.empty()) {
    return std::string("index.html");
  }
  if (relative.find('\\') != std::string::npos || relative.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  // Every segment must be a plain name: no "", ".", ".." or dot-files.
  std::size_t start = 0;
  while (start <= relative.size()) {
    const std::size_t end = std::min(relative.find('/', start), relative.size());
    const std::string_view segment(relative.data() + start, end - start);
    if (segment.empty() || segment.front() == '.') {
      return std::nullopt;
    }
    start = end + 1;
  }
  return relative;
}

std::string_view mime_type_for(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".css", "text/css; charset=utf-8"},
      {".png", "image/png"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  for (const auto &[extension, type] : kTypes) {
    if (name.size() >= extension.size() && name.substr(name.size() - extension.size()) == extension) {
      return type;
    }
  }
  return "application/octet-stream";
}

namespace {

bool read_file(const fs::path &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

bool accepts_gzip(const httplib::Request &req) {
  // Good enough for browsers: they list "gzip" without q=0.
  const std::string accepted = req.get_header_value("Accept-Encoding");
  return accepted.find("gzip") != std::string::npos && accepted.find("gzip;q=0") == std::string::npos;
}

// cpp-httplib (built with zlib/brotli) compresses these types itself on the
// fly; a precompressed sibling would be compressed twice.
bool compressed_by_server(std::string_view type) {
  return (type.rfind("text/", 0) == 0 && type.rfind("text/event-stream", 0) != 0) ||
         type.rfind("application/json", 0) == 0 || type.rfind("application/javascript", 0) == 0 ||
         type.rfind("application/xml", 0) == 0 || type.rfind("image/svg+xml", 0) == 0 ||
         type.rfind("application/xhtml+xml", 0) == 0 || type.rfind("application/protobuf", 0) == 0;
}

} // namespace

bool StaticFiles::serve(const httplib::Request &req, httplib::Response &res) const {
  const auto relative = safe_relative_path(req.path);
  if (!relative) {
    return false;
  }
  const fs::path path = root_ / *relative;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return false;
  }
  const auto size = fs::file_size(path, ec);
  const auto mtime = fs::last_write_time(path, ec).time_since_epoch().count();
  // Weak: the gzip and identity representations share it (RFC 9110 8.8.1).
  const std::string etag = "W/\"" + std::to_string(size) + "-" + std::to_string(mtime) + "\"";
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("X-Content-Type-Options", "nosniff");
  const std::string content_type(mime_type_for(*relative));
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return true;
  }

  std::string body;
  fs::path gz = path;
  gz += ".gz";
  if (!compressed_by_server(content_type) && accepts_gzip(req) && fs::is_regular_file(gz, ec) && read_file(gz, body)) {
    res.set_header("Content-Encoding", "gzip");
  } else if (!read_file(path, body)) {
    return false;
  }
  res.status = 200;
  res.set_content(std::move(body), content_type);
  return true;
}

} // namespace veldwijzer::collector
