// content_update.h — directory and checklist updates from the region's collector.
//
// The app starts with the data compiled into it. The collector serves two
// documents (sync/content_api.h), each with a strong ETag:
//   GET /api/v1/content/directory   {"format": 1, "directory": {...}, "synonyms": {...}, "routes": {...}}
//   GET /api/v1/content/checklists  {"format": 1, "checklists": [{...}, ...]}
// The region (the municipalities) is not part of an update: it stays the one
// built into the app, and an updated directory is checked against it.
//
//   ContentUpdater updater(store, transport, clock);
//   auto stored = updater.load_stored(*builtin_data, builtin_checklists);         // at start
//   updater.check(*current_data, current_checklists, [](ContentCheck check) { ... }); // when online
//
// check() asks for both documents with If-None-Match (the ETags of the copy in
// use), validates what is new with core's strict loaders (the checklists
// against the routes that will be in use), and only then stores the accepted
// texts + ETags in the device database (one transaction) and hands back the
// parsed data. Anything wrong — no answer, an HTTP error, malformed JSON, a
// schema error, a checklist naming an unknown route, a checklist version lower
// than the installed one, or the same version with other content — changes
// nothing and returns a message a person can act on. Records keep the
// definition they were made with (record_store.h), so replacing the installed
// checklists never changes a draft.
#pragma once

#include "veldwijzer/checklist_library.h"
#include "veldwijzer/directory_data.h"
#include "veldwijzer/local_store.h"
#include "veldwijzer/result.h"
#include "veldwijzer/sync_client.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

inline constexpr std::string_view kContentDirectoryPath = "/api/v1/content/directory";
inline constexpr std::string_view kContentChecklistsPath = "/api/v1/content/checklists";

// The two documents as the collector composes them from its asset files (the
// texts embedded unchanged), and their strong ETag: "<FNV-1a 64 of the bytes,
// 16 hex>". Both ends use these functions, so a device can name the tag of
// the data built into it and a first check of an unchanged release is a 304.
// (FNV, not SHA-256: the tag only tells versions apart, and core has no crypto.)
std::string compose_directory_document(std::string_view directory, std::string_view synonyms, std::string_view routes);
std::string compose_checklists_document(const std::vector<std::string_view> &checklists); // in file-name order
std::string content_etag(std::string_view document);

// The ETags of the data a device runs with when nothing newer is stored.
struct ContentTags {
  std::string directory;
  std::string checklists;
};

// Parses and checks a directory document against the app's region.
Result<std::unique_ptr<DirectoryData>, std::string> load_directory_document(std::string_view text,
                                                                            const Region &region);

// Parses and checks a checklists document: every route a checklist names must
// be in routes, and no checklist may go back against installed (a lower
// version than installed.latest(id), or that version with other content).
// The result holds the installed definitions only.
Result<ChecklistLibrary, std::string> load_checklists_document(std::string_view text, const ReferralRoutes &routes,
                                                               const ChecklistLibrary &installed);

// Data that replaces what the app uses; a null/empty member did not change.
struct ContentChange {
  std::unique_ptr<DirectoryData> data;
  std::optional<ChecklistLibrary> checklists;
  bool empty() const { return !data && !checklists; }
};

// What one check() found.
struct ContentCheck {
  ContentChange change; // empty: nothing new (304), or refused (see error)
  std::string error;    // "" when the check succeeded
};

// What the sync screen shows.
struct ContentStatus {
  std::int64_t updated_at = 0; // when the copy in use was accepted; 0: the built-in data
  std::string last_error;      // the last check's problem; "" after a good check
  std::int64_t checked_at = 0; // when the last check ended; 0: none yet
};

class ContentUpdater {
public:
  using Clock = std::function<std::int64_t()>;

  // builtin: the tags of the built-in data, sent while it is in use.
  ContentUpdater(LocalStore &store, HttpTransport &transport, Clock now, ContentTags builtin = {});
  ~ContentUpdater() { *alive_ = false; }
  ContentUpdater(const ContentUpdater &) = delete;
  ContentUpdater &operator=(const ContentUpdater &) = delete;

  // The copy an earlier check stored, checked again against the built-in data
  // (a newer app may ship newer checklists than the stored ones). A stored
  // document that no longer loads is dropped, with the reason in the status,
  // and the built-in data stays: the next check fetches it afresh. builtin
  // gives the region (never updated) and the routes when no directory is stored.
  ContentChange load_stored(const DirectoryData &builtin, const ChecklistLibrary &builtin_checklists);

  // Fetches both documents and calls done exactly once (possibly before
  // check() returns). current/installed are what the app uses now; they must
  // stay alive until done is called. A check while one runs is ignored.
  void check(const DirectoryData &current, const ChecklistLibrary &installed, std::function<void(ContentCheck)> done);
  bool busy() const { return busy_; }
  const ContentStatus &status() const { return status_; }

private:
  struct Fetched {
    bool changed = false; // 200 (else 304)
    std::string text;
    std::string etag;
  };
  struct Pending;
  void fetch(std::string_view path, const std::string &etag, std::function<void(Result<Fetched>)> done);
  ContentCheck accept(const Pending &pending);
  void finish(ContentCheck check, const std::function<void(ContentCheck)> &done);

  LocalStore &store_;
  HttpTransport &transport_;
  Clock now_;
  ContentTags builtin_;
  std::string directory_etag_;  // of the copy in use
  std::string checklists_etag_; // of the copy in use
  ContentStatus status_;
  bool busy_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace veldwijzer
