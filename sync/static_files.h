// static_files.h — serves the built web app (index.html, app.js, app.wasm).
//
// Paths are confined to the web root; MIME types are explicit (application/
// wasm matters: browsers refuse to stream-compile anything else). A file
// with a precompressed ".gz" sibling is sent as that gzip body to clients
// that accept it. Everything revalidates with a weak ETag (If-None-Match ->
// 304), because our file names carry no content hash.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace httplib {
struct Request;
struct Response;
} // namespace httplib

namespace veldwijzer::collector {

// "/app.js" -> "app.js", "/" -> "index.html"; nullopt for anything that could
// leave the root ("..", backslashes, NUL, hidden files).
std::optional<std::string> safe_relative_path(std::string_view url_path);
std::string_view mime_type_for(std::string_view file_name);

class StaticFiles {
public:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  // Fills res for GET/HEAD of req.path; returns false when no file matches.
  bool serve(const httplib::Request &req, httplib::Response &res) const;
  const std::filesystem::path &root() const { return root_; }

private:
  std::filesystem::path root_;
};

} // namespace veldwijzer::collector
