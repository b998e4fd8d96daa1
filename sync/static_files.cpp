// static_files.cpp — safe path mapping, MIME types, brotli/gzip siblings, ETags.
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

// Whether Accept-Encoding lists `coding` with a q-value above zero.
bool accepts_encoding(const httplib::Request &req, std::string_view coding) {
  const std::string accepted = req.get_header_value("Accept-Encoding");
  std::string_view rest(accepted);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto semicolon = item.find(';');
    std::string_view name = item.substr(0, semicolon);
    while (!name.empty() && name.front() == ' ') {
      name.remove_prefix(1);
    }
    while (!name.empty() && name.back() == ' ') {
      name.remove_suffix(1);
    }
    if (name != coding) {
      continue;
    }
    if (semicolon == std::string_view::npos) {
      return true;
    }
    // "q=0", "q=0.0", "q=0.000" refuse the coding; anything else accepts it.
    std::string_view parameter = item.substr(semicolon + 1);
    while (!parameter.empty() && parameter.front() == ' ') {
      parameter.remove_prefix(1);
    }
    if (!parameter.starts_with("q=") && !parameter.starts_with("Q=")) {
      return true;
    }
    parameter.remove_prefix(2);
    return parameter.find_first_of("123456789") != std::string_view::npos;
  }
  return false;
}

// cpp-httplib (built with zlib/brotli) compresses these types itself on the
// fly; a precompressed sibling would be compressed twice.
bool compressed_by_server(std::string_view type) {
  return (type.rfind("text/", 0) == 0 && type.rfind("text/event-stream", 0) != 0) ||
         type.rfind("application/json", 0) == 0 || type.rfind("application/javascript", 0) == 0 ||
         type.rfind("application/xml", 0) == 0 || type.rfind("image/svg+xml", 0) == 0 ||
         type.rfind("application/xhtml+xml", 0) == 0 || type.rfind("application/protobuf", 0) == 0;
}

// What the app page may do, and nothing more: its own scripts (no inline
// script, no eval; 'wasm-unsafe-eval' lets it compile app.wasm), its own
// stylesheet, requests to this collector only, never inside a frame.
constexpr const char *kContentSecurityPolicy =
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";
// Browser features the app never uses stay off for it and anything it could load.
constexpr const char *kPermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                                           "serial=(), bluetooth=(), midi=(), display-capture=()";

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
  // Weak: the brotli, gzip and identity representations share it (RFC 9110 8.8.1).
  const std::string etag = "W/\"" + std::to_string(size) + "-" + std::to_string(mtime) + "\"";
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("X-Frame-Options", "DENY"); // frame-ancestors for browsers that predate it
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Permissions-Policy", kPermissionsPolicy);
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  const std::string content_type(mime_type_for(*relative));
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return true;
  }

  // A precompressed sibling when the browser takes it: brotli first (smaller),
  // then gzip, else the file itself.
  std::string body;
  bool sibling = false;
  if (!compressed_by_server(content_type)) {
    for (const std::string_view coding : {"br", "gzip"}) {
      fs::path precompressed = path;
      precompressed += coding == "br" ? ".br" : ".gz";
      if (accepts_encoding(req, coding) && fs::is_regular_file(precompressed, ec) && read_file(precompressed, body)) {
        res.set_header("Content-Encoding", std::string(coding));
        sibling = true;
        break;
      }
    }
  }
  if (!sibling && !read_file(path, body)) {
    return false;
  }
  res.status = 200;
  res.set_content(std::move(body), content_type);
  return true;
}

} // namespace veldwijzer::collector
