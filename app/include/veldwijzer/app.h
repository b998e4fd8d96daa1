// app.h — Veldwijzer's screens, written against core and Dear ImGui only.
//
// The platform layer (wasm/, or a headless test) owns the ImGui context and
// the renderer. Each frame it calls App::frame() between ImGui::NewFrame()
// and ImGui::Render(). The app never calls the browser or Emscripten; what it
// needs from the platform (open a tel:/https: link, persist settings) comes in
// through AppPlatform.
//
// Settings and directory/checklist updates live in the public device
// database (attach_store()). Checklist records, unsent reports and the
// collector token live in the encrypted vault (attach_vault(), record_vault.h):
// the record and sync screens show the PIN screen until it is unlocked, and
// it locks again after kAutoLockSeconds without input or when the platform
// calls lock_records() (the page was hidden). The record screens write every
// answer at once, then call AppPlatform::records_changed so the platform can
// write the database back.
#pragma once

#include "veldwijzer/checklist_library.h"
#include "veldwijzer/content_update.h"
#include "veldwijzer/directory_data.h"
#include "veldwijzer/local_store.h"
#include "veldwijzer/pin_policy.h"
#include "veldwijzer/record_store.h"
#include "veldwijzer/record_vault.h"
#include "veldwijzer/sync_client.h"
#include "veldwijzer/theme.h"
#include "veldwijzer/touch_scroll.h"
#include "veldwijzer/translations.h"

#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace veldwijzer {

// What the platform knows about storage; shown in "Over Veldwijzer".
struct StoreStatus {
  enum class State { loading, open, failed } state = State::loading;
  std::string problem_key; // translation key of the problem when failed, e.g. "store.not_a_database"
  std::string detail;      // technical detail for the administrator
  int schema_version = 0;
  // Open, but only after the public file was found damaged (problem_key and
  // detail say how) and made again with default settings (public_store.h).
  // The records' vault is another file and was not touched.
  bool rebuilt = false;
};

struct AppPlatform {
  std::function<void(const std::string &url)> open_url; // tel: and https: links
  std::function<void()> settings_changed;               // write the device database back to storage
  std::function<void()> records_changed;                // after every successful write to records: write back too
  std::function<std::time_t()> now = [] { return std::time(nullptr); };
  // Browser history: a new screen was opened (push a history entry), and the
  // in-app back button (go back in the browser, which calls follow_location).
  std::function<void(const std::string &location)> location_opened;
  std::function<void()> back;
  // The way to the collector (fetch in the browser); null: this platform does
  // not sync. wake_after asks for on_wakeup() in that many seconds (a retry).
  HttpTransport *transport = nullptr;
  std::function<void(double seconds)> wake_after;
  std::function<double()> random_unit; // uniform [0, 1), spreads retries; default std::mt19937
  // Passkeys with the PRF extension (WebAuthn; vault_key.h): null where the
  // platform has none. Each answers once, later (the device asks the user):
  // the passkey, or nullopt and why (for the administrator). passkey_get's
  // id "" lets the browser find this site's passkey by itself.
  using PasskeyAnswer = std::function<void(std::optional<Passkey>, std::string problem)>;
  std::function<void(PasskeyAnswer)> passkey_create;
  std::function<void(const std::string &id, PasskeyAnswer)> passkey_get;
  // Whether the device has an authenticator that can make one now (the
  // browser answers that asynchronously at start); null: it has.
  std::function<bool()> passkeys_ready;
};

enum class Screen { home, search, service, routes, route, records, new_record, record, record_summary, sync };

// The "Nieuwe checklist" form; the screen edits it, tests and deep links may too.
struct NewRecordForm {
  std::string checklist_id; // empty: the first installed checklist
  std::string municipality; // CBS code; empty: the municipality chosen in the header
  bool prenatal = false;
  int years = 0;
  int months = 0; // added to years: "7 maanden" is years 0, months 7
};

// A problem shown to the user: what happened in their words (a translation
// key) and the technical detail for whoever supports them.
struct ScreenProblem {
  std::string key;
  std::string detail;
};

// The search screen's chips and fields.
struct DirectoryFilters {
  bool open_now = false;
  bool always_open = false;
  bool professionals = false;
  bool citizens = false;
  bool everywhere = false; // ignore the chosen municipality
  std::string topic;       // taxonomy term id; empty = all
  int age = -1;            // the client's age in the chosen unit; -1 = not given
  bool age_in_months = false;
  bool prenatal = false;
};

// A PIN buffer: kMaxPinLength characters of up to four UTF-8 bytes each.
inline constexpr std::size_t kMaxPinBytes = kMaxPinLength * 4 + 1;

class App {
public:
  // checklists: the installed definitions (builtin_checklists()); versions
  // kept with older records are added from the store in attach_store().
  App(Translations translations, std::unique_ptr<DirectoryData> data, ChecklistLibrary checklists,
      AppPlatform platform = {});

  // Builds one frame of UI. Call between ImGui::NewFrame() and ImGui::Render().
  void frame();
  // True while the UI has work pending that needs another frame without
  // input (e.g. moving the keyboard focus); a render-on-demand loop asks this.
  bool needs_frame() const { return focus_query_ || pending_content_.has_value() || content_check_due_; }
  // The timer asked for with AppPlatform::wake_after fired: lock when idle
  // too long, retry a sync that is due.
  void on_wakeup();
  // Input the app's ImGui frame cannot see (the accessibility mirror's
  // clicks and typing): keeps the records from locking under a user.
  void note_activity();

  // A rebuilt public file is told once: on every screen until dismissed.
  void set_store_status(StoreStatus status) {
    rebuilt_notice_ = status.rebuilt;
    store_status_ = std::move(status);
  }
  bool rebuilt_notice_shown() const { return rebuilt_notice_; }
  // The opened public device database, for settings and content updates;
  // may stay null (storage refused).
  void attach_store(LocalStore *store);
  // The records' vault (needs the public database for its wrong-PIN counter).
  // When it is unlocked: restores kept checklist versions, removes expired
  // records (RetentionPolicy) and starts syncing at once.
  void attach_vault(RecordVault *vault);
  VaultState vault_state() const { return vault_ != nullptr ? vault_->state() : VaultState::locked; }
  // What the PIN screen's buttons do, public for tests. False when refused;
  // the reason is on the PIN screen (lock_message()).
  bool set_pin(std::string_view pin, std::string_view repeated, const Passkey *passkey = nullptr);
  bool unlock_records(std::string_view pin, const Passkey *passkey = nullptr, const Passkey *enrol = nullptr);
  // The PIN screen's buttons with passkeys: ask the platform first, then
  // set_pin / unlock_records with its answer. pin_ and pin_repeat_ wait
  // (hidden) until the answer comes, and are wiped then.
  void request_set_pin();
  enum class UnlockWith { pin, found_passkey, enrol_passkey };
  void request_unlock(UnlockWith with = UnlockWith::pin);
  bool passkey_pending() const { return passkey_pending_; }
  bool passkeys_offered() const {
    return platform_.passkey_create && platform_.passkey_get &&
           (!platform_.passkeys_ready || platform_.passkeys_ready());
  }
  void set_passkey_wanted(bool wanted) { passkey_wanted_ = wanted; }
  bool change_pin(std::string_view current, std::string_view pin, std::string_view repeated);
  bool forget_pin(); // "PIN vergeten": wipes the vault after the screen's warning
  void lock_records();
  const std::string &lock_message() const { return lock_message_; }
  // Whether the browser granted persistent storage (navigator.storage.persist):
  // nullopt unknown, false refused (the records list then warns).
  void set_storage_persistence(std::optional<bool> granted) { storage_persisted_ = granted; }
  // Whether this build works without network (its service worker holds it).
  // Browsers allow that only on HTTPS (or localhost): `insecure` says why not.
  enum class OfflineState { unknown, ready, unavailable, insecure };
  void set_offline_state(OfflineState state) { offline_state_ = state; }

  Language language() const { return language_; }
  void set_language(Language language);
  const std::string &municipality() const { return municipality_; }
  // Larger text and high contrast; the platform rebuilds fonts and style when it changes.
  const Appearance &appearance() const { return appearance_; }
  void set_appearance(const Appearance &appearance);
  void set_municipality(const std::string &code);

  bool about_open() const { return about_open_; }
  void open_about() { about_open_ = true; }
  void close_about() { about_open_ = false; }

  // Navigation; also what tests and deep links use.
  Screen screen() const { return history_.back().screen; }
  // "home", "search", "service/<id>", "routes", "route/<id>", "records",
  // "records/new", "record/<id>", "record/<id>/summary": for deep links and tests.
  std::string location() const;
  // The platform's location changed (deep link, browser back or forward):
  // show it, stepping back when it is the previous screen. Unknown -> home.
  void follow_location(std::string_view location);
  void show_search(const std::string &query = {});
  void show_service(const std::string &id);
  void show_routes();
  void show_route(const std::string &id);
  void show_records();
  void show_new_record();
  void show_record(const std::string &id);
  void show_record_summary(const std::string &id);
  void go_back();
  const std::vector<SearchHit> &results();
  std::string_view query() const { return query_; }
  // The filters, for deep links and tests; changing them refreshes the results.
  DirectoryFilters &filters() {
    results_dirty_ = true;
    return filters_;
  }

  // Checklist records: what the record screens' buttons do, public for tests.
  const ChecklistLibrary &checklists() const { return checklists_; }
  NewRecordForm &new_record_form() { return new_record_; }
  // Creates a draft from the form and opens it; false when refused (the
  // reason is on screen, see problem()).
  bool create_record();
  // On the record screen shown: answer an item (nullopt clears the answer),
  // complete, reopen. Each is saved at once; false when the store refused.
  bool answer_item(std::string_view item_id, std::optional<int> value);
  bool complete_record();
  bool reopen_record();
  // The last problem with records, shown on screen until dismissed.
  const std::optional<ScreenProblem> &problem() const { return problem_; }

  // Sending counts to the collector. sync_now(true) is the "Nu synchroniseren"
  // button; sync_due() is what the platform calls when the browser comes
  // online or a retry timer fires. Null client: no store or no transport.
  void show_sync(const std::string &enrollment_code = {});
  void sync_now(bool force);
  void sync_due() { sync_now(false); }
  SyncClient *sync_client() { return sync_.get(); }
  // Enter a code from the collector's admin (also what #enroll/<code> links do).
  void enroll(const std::string &code);

  // Directory and checklist updates from the collector (content_update.h):
  // asked for at start, with every sync_now() (the button, the browser coming
  // online, a retry timer). request_content_check() starts it at the next
  // frame, so it follows the upload it rides along with; check_content()
  // starts it now. An accepted update replaces the data at the start of the
  // next frame (replace_content), never in the middle of one. Null updater:
  // no store or no transport.
  void request_content_check() { content_check_due_ = content_ != nullptr; }
  void check_content();
  const ContentUpdater *content_updater() const { return content_.get(); }
  // Swaps in new directory data (and search index) and/or installed
  // checklists; versions kept with records stay readable, and a screen whose
  // service or route vanished falls back to the search or routes list.
  void replace_content(ContentChange change);
  const DirectoryData &directory_data() const { return *data_; }

  // Shorthand for the translated text of key in the current language.
  const char *t(std::string_view key);
  // Keys the screens asked for that the table lacks (tests require none).
  const std::set<std::string, std::less<>> &missing_keys() const { return missing_keys_; }

private:
  struct Place {
    Screen screen = Screen::home;
    std::string id; // service, route or record id
  };
  // The record a record screen shows, with the definition it was made with.
  struct OpenRecord {
    Record record;
    const Checklist *checklist = nullptr; // null: this device lacks that version
    ChecklistOutcome outcome;             // scored with that version, after every change
  };
  struct AnswerChange {
    std::string item_id;
    std::optional<int> value; // nullopt: clear
  };

  void draw_header();
  void draw_home();
  void draw_about();
  void draw_search();
  bool draw_search_filters();
  void draw_service();
  void draw_routes();
  void draw_route();
  bool draw_municipality_picker();
  void draw_records();
  void draw_lock_screen();
  void draw_pin_change();
  bool draw_pin_field(const char *id, const char *label, char *buffer, std::size_t size, bool submit_on_enter);
  void records_unlocked();
  void check_auto_lock();
  void schedule_wakeup();
  void vault_refused(const VaultError &error);
  void clear_pin_fields();
  bool draw_record_row(const RecordSummary &record);
  void draw_new_record();
  void draw_age_fields();
  void draw_record();
  std::optional<AnswerChange> draw_record_item(const ChecklistItem &item, const Answers &answers);
  void draw_local_fields(bool editable);
  bool draw_discard(const RecordSummary &record);
  void draw_record_summary();
  void draw_sync();
  void draw_sync_status();
  void draw_clock_warning();
  void draw_sync_log();
  void draw_content_status();
  void start_content_updates();
  void start_sync_client();
  void sync_changed();
  void draw_acute_banner();
  void draw_problem();
  void draw_rebuilt_notice();
  void draw_record_heading(const OpenRecord &open, const char *title);
  bool draw_records_unavailable();
  const OpenRecord *open_record();
  bool reload_open_record();
  void report(std::string key, std::string detail);
  bool records_written(const Result<bool> &written, const char *problem_key);
  bool discard_record();
  std::int64_t now_seconds() const { return static_cast<std::int64_t>(platform_.now()); }
  void refresh_record_list();
  std::string checklist_title(std::string_view id, int version) const;
  std::string age_band_text(std::string_view band);
  void navigate(Place place);
  std::optional<Place> parse_location(std::string_view location) const;
  static std::string location_of(const Place &place);
  void save_setting(std::string_view key, const std::string &value);
  std::string municipality_name(std::string_view code) const;
  LocalTime local_now() const;

  Translations translations_;
  std::unique_ptr<DirectoryData> data_;
  AppPlatform platform_;
  LocalStore *store_ = nullptr;
  StoreStatus store_status_;
  bool rebuilt_notice_ = false; // until the user closes it
  Language language_ = Language::nl;
  std::string municipality_; // CBS code; empty = not chosen
  Appearance appearance_;
  bool about_open_ = false;
  std::vector<Place> history_{Place{}};
  bool scroll_to_top_ = false;
  TouchScroll touch_scroll_;
  bool focus_query_ = false; // put the cursor in the search box when the screen opens

  // Search screen state.
  char query_[256] = {};
  DirectoryFilters filters_;
  bool results_dirty_ = true;
  std::vector<SearchHit> results_;

  // Checklist records.
  ChecklistLibrary checklists_;
  std::unique_ptr<RecordStore> records_; // while a store is attached
  RetentionPolicy retention_;
  std::optional<bool> storage_persisted_;
  OfflineState offline_state_ = OfflineState::unknown;
  std::optional<ScreenProblem> problem_;
  NewRecordForm new_record_;
  std::vector<RecordSummary> record_list_;
  bool record_list_dirty_ = true;
  std::string open_record_id_; // what open_record_ holds (or failed to load)
  std::optional<OpenRecord> open_record_;
  std::string open_record_error_;
  std::size_t domain_ = 0;       // the domain shown on the entry screen
  bool confirm_discard_ = false; // "Verwijderen" asks once more
  bool body_to_top_ = false;     // a record screen's scrolling body starts at its top
  char note_[2000] = {};         // local-only fields being edited
  char reference_[100] = {};

  // The records' lock. PIN buffers are wiped as soon as a PIN is used.
  RecordVault *vault_ = nullptr;
  char pin_[kMaxPinBytes] = {};
  char pin_repeat_[kMaxPinBytes] = {};
  char pin_current_[kMaxPinBytes] = {};
  std::string lock_message_; // why the last PIN was refused (translated)
  bool confirm_forget_ = false;
  bool passkey_wanted_ = true;        // "also protect with this device", on the set-PIN screen
  bool passkey_pending_ = false;      // the platform is asking the user for a passkey
  std::uint64_t passkey_request_ = 0; // answers to a request that was dropped (lock) are ignored
  bool pin_change_open_ = false;
  std::int64_t last_input_at_ = 0;
  std::int64_t wakeup_at_ = 0; // the timer asked for; 0 none

  // Sync with the collector.
  std::unique_ptr<SyncClient> sync_;
  char enroll_code_[40] = {};
  bool enrolling_ = false;
  std::string enroll_error_;
  std::vector<SyncLogEntry> sync_log_;
  int records_waiting_ = 0;
  int sync_runs_ = 0; // "Nu synchroniseren" and timer runs: each result is announced once
  std::vector<OutboxReport> outbox_;

  // Content updates from the collector.
  std::unique_ptr<ContentUpdater> content_;
  std::optional<ContentChange> pending_content_; // accepted, applied when the next frame starts
  bool content_check_due_ = false;

  std::set<std::string, std::less<>> missing_keys_; // keeps unknown keys alive as C strings for t()
};

// "%s"/"%d" in a translated pattern replaced by value — no printf on data.
std::string fill(std::string_view pattern, std::string_view value);

} // namespace veldwijzer
