// content_api.h — what the app downloads to update its directory and checklists.
//
//   register_content_api(server, assets_dir); // before any catch-all GET route
//
//   GET /api/v1/content/directory   {"format": 1, "directory": <directory/twente.json>,
//                                    "synonyms": <directory/synonyms.json>, "routes": <routes/routes.json>}
//   GET /api/v1/content/checklists  {"format": 1, "checklists": [<checklists/*.json>, ...]} (by file name)
//
// The documents are read from --assets once, when the server starts, and
// checked exactly as the app checks them (core's loaders; the checklists
// against the routes served beside them), so the collector never hands out
// data a device would refuse. Restart the collector after import-directory to
// serve the new files. Both are public (the directory is public data; no
// token) and carry a strong ETag (core's content_etag(): FNV-1a 64 of the body),
// Cache-Control: no-cache, 304 on a matching If-None-Match, and gzip from
// cpp-httplib for clients that accept it, as for all JSON. When the assets
// cannot be served, the answer is 503 {"error": "content_unavailable",
// "message": <file and reason>}; a device then keeps its data.
#pragma once

#include "veldwijzer/result.h"

#include <filesystem>
#include <string>

namespace httplib {
class Server;
}

namespace veldwijzer::collector {

struct ContentDocument {
  std::string body;
  std::string etag; // quoted, strong
};

struct ContentDocuments {
  Result<ContentDocument> directory;
  Result<ContentDocument> checklists;
};

// Reads and checks the assets; an error names the file and the JSON path.
ContentDocuments build_content_documents(const std::filesystem::path &assets_dir);

void register_content_api(httplib::Server &server, const std::filesystem::path &assets_dir);

} // namespace veldwijzer::collector
