// content_update.cpp — fetching, checking and keeping content updates.
#include "veldwijzer/content_update.h"

#include "sqlite_statement.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>
#include <utility>

namespace veldwijzer {
namespace {

using detail::Statement;
using detail::Transaction;
using nlohmann::json;

// The accepted documents live in the meta table beside the other settings:
// a text and its ETag are always written together, in one transaction.
constexpr const char *kDirectoryText = "content.directory.text";
constexpr const char *kDirectoryEtag = "content.directory.etag";
constexpr const char *kChecklistsText = "content.checklists.text";
constexpr const char *kChecklistsEtag = "content.checklists.etag";
constexpr const char *kUpdatedAt = "content.updated_at";
// LocalStore::setting(key) reads the meta row "setting.<key>"; the documents
// are written here directly, so that several rows change in one transaction.
constexpr std::string_view kSettingRow = "setting.";

constexpr int kFormat = 1;

// A part of a document as text for core's loaders (which take text). The
// parser has checked the UTF-8, so replace never triggers; it keeps dump() from throwing.
std::string part_text(const json &part) {
  return part.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The document's outer shape: an object with format 1 and exactly these members.
Result<json> parse_document(std::string_view text, const char *what, const std::set<std::string> &members) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    return fail(std::string(what) + ": not valid JSON");
  }
  if (!doc.is_object()) {
    return fail(std::string(what) + ": must be a JSON object");
  }
  const auto format = doc.find("format");
  if (format == doc.end() || !format->is_number_integer() || format->get<std::int64_t>() != kFormat) {
    return fail(std::string(what) + " /format: must be " + std::to_string(kFormat) +
                " (this app reads format 1 only; an app update may be needed)");
  }
  for (const auto &[key, value] : doc.items()) {
    if (key != "format" && !members.contains(key)) {
      return fail(std::string(what) + " /" + key + ": unknown member");
    }
  }
  for (const std::string &member : members) {
    if (!doc.contains(member)) {
      return fail(std::string(what) + " /" + member + ": missing");
    }
  }
  return doc;
}

std::string server_reason(const HttpResponse &response) {
  const json doc = json::parse(response.body, nullptr, false);
  if (doc.is_object() && doc.contains("message") && doc["message"].is_string()) {
    return "HTTP " + std::to_string(response.status) + ": " + doc["message"].get<std::string>();
  }
  return "HTTP " + std::to_string(response.status);
}

// The checklists in use, checked against routes that are about to replace
// the current ones: a directory update may not drop a route they name.
Result<bool> check_installed_against(const ChecklistLibrary &installed, const ReferralRoutes &routes) {
  for (const Checklist *checklist : installed.installed()) {
    const std::string *source = installed.source(checklist->id, checklist->version);
    const std::string name = checklist->id + " v" + std::to_string(checklist->version);
    if (source == nullptr) {
      return fail("checklist " + name + ": its definition text is missing");
    }
    if (auto loaded = load_checklist(*source, name, &routes); !loaded) {
      return fail("the installed checklist " + name + " does not fit the new routes: " + loaded.error().message());
    }
  }
  return true;
}

} // namespace

std::string compose_directory_document(std::string_view directory, std::string_view synonyms, std::string_view routes) {
  std::string out = R"({"format":1,"directory":)";
  out.append(directory).append(R"(,"synonyms":)").append(synonyms).append(R"(,"routes":)").append(routes);
  return out + "}";
}

std::string compose_checklists_document(const std::vector<std::string_view> &checklists) {
  std::string out = R"({"format":1,"checklists":[)";
  for (std::size_t i = 0; i < checklists.size(); ++i) {
    out.append(i == 0 ? "" : ",").append(checklists[i]);
  }
  return out + "]}";
}

std::string content_etag(std::string_view document) {
  std::uint64_t hash = 0xcbf29ce484222325ULL; // FNV-1a 64 offset basis
  for (const char c : document) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) {
    tag += kHex[(hash >> shift) & 0xf];
  }
  return tag + "\"";
}

Result<std::unique_ptr<DirectoryData>, std::string> load_directory_document(std::string_view text,
                                                                            const Region &region) {
  auto doc = parse_document(text, "content/directory", {"directory", "synonyms", "routes"});
  if (!doc) {
    return fail(doc.error());
  }
  auto data = std::make_unique<DirectoryData>();
  data->region = region;
  auto directory = load_directory(part_text(doc.value()["directory"]), "content/directory#/directory", data->region);
  if (!directory) {
    return fail(directory.error().message());
  }
  data->directory = std::move(directory).value();
  auto synonyms = load_synonyms(part_text(doc.value()["synonyms"]), "content/directory#/synonyms", data->directory);
  if (!synonyms) {
    return fail(synonyms.error().message());
  }
  data->synonyms = std::move(synonyms).value();
  auto routes = load_routes(part_text(doc.value()["routes"]), "content/directory#/routes", data->directory);
  if (!routes) {
    return fail(routes.error().message());
  }
  data->routes = std::move(routes).value();
  // The index points into data->directory, which stays put behind the unique_ptr.
  data->index = SearchIndex::build(data->directory, data->synonyms);
  return data;
}

Result<ChecklistLibrary, std::string> load_checklists_document(std::string_view text, const ReferralRoutes &routes,
                                                               const ChecklistLibrary &installed) {
  auto doc = parse_document(text, "content/checklists", {"checklists"});
  if (!doc) {
    return fail(doc.error());
  }
  const json &list = doc.value()["checklists"];
  if (!list.is_array() || list.empty()) {
    return fail(std::string("content/checklists /checklists: must be a non-empty array"));
  }
  ChecklistLibrary library;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string name = "content/checklists#/checklists/" + std::to_string(i);
    const std::string source = part_text(list[i]);
    auto loaded = load_checklist(source, name, &routes);
    if (!loaded) {
      return fail(loaded.error().message());
    }
    Checklist checklist = std::move(loaded).value();
    const std::string label = checklist.id + " v" + std::to_string(checklist.version);
    // A version number names one definition for good: counts are kept per
    // version, so going back or changing a version in place would mix them.
    if (const Checklist *newest = installed.latest(checklist.id);
        newest != nullptr && checklist.version < newest->version) {
      return fail(name + ": checklist " + label + " is older than the installed version " +
                  std::to_string(newest->version));
    }
    if (const std::string *known = installed.source(checklist.id, checklist.version);
        known != nullptr && json::parse(*known, nullptr, false) != list[i]) {
      return fail(name + ": checklist " + label +
                  " differs from the version this device already has; a changed checklist needs a new version");
    }
    if (!library.add(std::move(checklist), source)) {
      return fail(name + ": checklist " + label + " appears twice");
    }
  }
  return library;
}

struct ContentUpdater::Pending {
  const DirectoryData &current;
  const ChecklistLibrary &installed;
  std::function<void(ContentCheck)> done;
  Fetched directory;
  Fetched checklists;
};

ContentUpdater::ContentUpdater(LocalStore &store, HttpTransport &transport, Clock now, ContentTags builtin)
    : store_(store), transport_(transport), now_(std::move(now)), builtin_(std::move(builtin)),
      directory_etag_(builtin_.directory), checklists_etag_(builtin_.checklists) {}

ContentChange ContentUpdater::load_stored(const DirectoryData &builtin, const ChecklistLibrary &builtin_checklists) {
  ContentChange change;
  directory_etag_ = builtin_.directory;
  checklists_etag_ = builtin_.checklists;
  status_ = {};
  std::string problems;
  const auto note = [&problems](const std::string &problem) { problems += (problems.empty() ? "" : "; ") + problem; };

  const auto directory_text = store_.setting(kDirectoryText);
  if (directory_text) {
    auto loaded = load_directory_document(*directory_text, builtin.region);
    if (loaded) {
      change.data = std::move(loaded).value();
      directory_etag_ = store_.setting(kDirectoryEtag).value_or("");
    } else {
      note("stored directory unusable, using the built-in one: " + loaded.error());
    }
  }
  if (const auto checklists_text = store_.setting(kChecklistsText)) {
    // Checked against the routes that will be in use, and against the
    // built-in versions: an app update may have brought newer ones.
    const ReferralRoutes &routes = change.data ? change.data->routes : builtin.routes;
    if (auto loaded = load_checklists_document(*checklists_text, routes, builtin_checklists)) {
      change.checklists = std::move(loaded).value();
      checklists_etag_ = store_.setting(kChecklistsEtag).value_or("");
    } else {
      note("stored checklists unusable, using the built-in ones: " + loaded.error());
    }
  }
  if (!change.empty()) {
    const std::string at = store_.setting(kUpdatedAt).value_or("0");
    status_.updated_at = std::strtoll(at.c_str(), nullptr, 10);
  }
  status_.last_error = problems;
  return change;
}

void ContentUpdater::check(const DirectoryData &current, const ChecklistLibrary &installed,
                           std::function<void(ContentCheck)> done) {
  if (busy_) {
    return;
  }
  busy_ = true;
  auto pending = std::make_shared<Pending>(Pending{current, installed, std::move(done), {}, {}});
  auto alive = alive_;
  fetch(kContentDirectoryPath, directory_etag_, [this, alive, pending](Result<Fetched> directory) {
    if (!*alive) {
      return;
    }
    if (!directory) {
      finish(ContentCheck{{}, directory.error()}, pending->done);
      return;
    }
    pending->directory = std::move(directory).value();
    fetch(kContentChecklistsPath, checklists_etag_, [this, alive, pending](Result<Fetched> checklists) {
      if (!*alive) {
        return;
      }
      if (!checklists) {
        finish(ContentCheck{{}, checklists.error()}, pending->done);
        return;
      }
      pending->checklists = std::move(checklists).value();
      finish(accept(*pending), pending->done);
    });
  });
}

void ContentUpdater::fetch(std::string_view path, const std::string &etag, std::function<void(Result<Fetched>)> done) {
  HttpRequest request{"GET", std::string(path), {{"Accept", "application/json"}}, {}};
  if (!etag.empty()) {
    request.headers["If-None-Match"] = etag;
  }
  transport_.send(request,
                  [path = std::string(path), sent_etag = !etag.empty(), done = std::move(done)](HttpResponse response) {
                    if (response.status == 0) {
                      done(fail(path + ": no answer from the collector (" + response.error + ")"));
                      return;
                    }
                    if (response.status == 304 && sent_etag) {
                      done(Fetched{});
                      return;
                    }
                    if (response.status != 200) {
                      done(fail(path + ": " + server_reason(response)));
                      return;
                    }
                    const auto etag_header = response.headers.find("etag");
                    done(Fetched{true, std::move(response.body),
                                 etag_header != response.headers.end() ? etag_header->second : std::string()});
                  });
}

ContentCheck ContentUpdater::accept(const Pending &pending) {
  ContentCheck check;
  if (pending.directory.changed) {
    auto loaded = load_directory_document(pending.directory.text, pending.current.region);
    if (!loaded) {
      check.error = "directory update refused: " + loaded.error();
      return check;
    }
    check.change.data = std::move(loaded).value();
  }
  const ReferralRoutes &routes = check.change.data ? check.change.data->routes : pending.current.routes;
  if (pending.checklists.changed) {
    auto loaded = load_checklists_document(pending.checklists.text, routes, pending.installed);
    if (!loaded) {
      check.change = {};
      check.error = "checklist update refused: " + loaded.error();
      return check;
    }
    check.change.checklists = std::move(loaded).value();
  } else if (check.change.data) {
    if (auto fits = check_installed_against(pending.installed, routes); !fits) {
      check.change = {};
      check.error = "directory update refused: " + fits.error();
      return check;
    }
  }
  if (check.change.empty()) {
    return check; // both 304
  }

  // Kept before it is used, so a restart offline starts with the same data.
  const std::int64_t now = now_();
  sqlite3 *db = store_.handle();
  Transaction tx(db);
  Statement put(db, "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2");
  bool written = tx.begun();
  const auto write = [&](const char *key, std::string_view value) {
    written = written && put.reset() && put.bind(1, std::string(kSettingRow) + key).bind(2, value).run();
  };
  if (pending.directory.changed) {
    write(kDirectoryText, pending.directory.text);
    write(kDirectoryEtag, pending.directory.etag);
  }
  if (pending.checklists.changed) {
    write(kChecklistsText, pending.checklists.text);
    write(kChecklistsEtag, pending.checklists.etag);
  }
  write(kUpdatedAt, std::to_string(now));
  if (!written || !tx.commit()) {
    check.change = {};
    check.error = "update not kept, nothing changed: cannot write the device database (" + put.error() + ")";
    return check;
  }
  if (pending.directory.changed) {
    directory_etag_ = pending.directory.etag;
  }
  if (pending.checklists.changed) {
    checklists_etag_ = pending.checklists.etag;
  }
  status_.updated_at = now;
  return check;
}

void ContentUpdater::finish(ContentCheck check, const std::function<void(ContentCheck)> &done) {
  busy_ = false;
  status_.last_error = check.error;
  status_.checked_at = now_();
  done(std::move(check));
}

} // namespace veldwijzer
