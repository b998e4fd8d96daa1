// app.cpp — the frame loop of the screens: header, current screen, dialogs,
// navigation history and device settings.
#include "veldwijzer/app.h"

#include "veldwijzer/builtin_assets.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "record_widgets.h"

#include "imgui.h"

#include <algorithm>

namespace veldwijzer {

std::string fill(std::string_view pattern, std::string_view value) {
  std::string out(pattern);
  for (const char *marker : {"%s", "%d"}) {
    if (const auto at = out.find(marker); at != std::string::npos) {
      out.replace(at, 2, value);
      break;
    }
  }
  return out;
}

App::App(Translations translations, std::unique_ptr<DirectoryData> data, ChecklistLibrary checklists,
         AppPlatform platform)
    : translations_(std::move(translations)), data_(std::move(data)), platform_(std::move(platform)),
      checklists_(std::move(checklists)) {}

const char *App::t(std::string_view key) {
  if (translations_.contains(key)) {
    // Table entries are whole std::strings, so their data() is NUL-terminated.
    return translations_.text(key, language_).data();
  }
  return missing_keys_.emplace(key).first->c_str();
}

void App::attach_store(LocalStore *store) {
  store_ = store;
  if (store_ == nullptr) {
    return;
  }
  if (const auto code = store_->setting("municipality"); code && data_ && data_->region.find(*code) != nullptr) {
    municipality_ = *code;
    results_dirty_ = true;
  }
  if (const auto language = store_->setting("language"); language) {
    language_ = *language == "en" ? Language::en : Language::nl;
  }
  appearance_.text_size = stored_text_size(store_->setting("text_size"), store_->setting("larger_text"));
  appearance_.high_contrast = store_->setting("high_contrast") == "1";
  start_content_updates();
}

void App::attach_vault(RecordVault *vault) {
  lock_records();
  vault_ = vault;
  if (vault_ != nullptr && vault_->state() == VaultState::unlocked) {
    records_unlocked();
  }
}

// The stored update (if any) replaces the built-in data at once; then the
// collector is asked for a newer one.
void App::start_content_updates() {
  content_.reset();
  pending_content_.reset();
  if (store_ == nullptr || platform_.transport == nullptr || !data_) {
    return;
  }
  content_ = std::make_unique<ContentUpdater>(
      *store_, *platform_.transport, [this] { return now_seconds(); }, builtin_content_tags());
  replace_content(content_->load_stored(*data_, checklists_));
  request_content_check();
}

void App::check_content() {
  content_check_due_ = false;
  if (!content_ || content_->busy() || !data_) {
    return;
  }
  content_->check(*data_, checklists_, [this](ContentCheck check) {
    if (!check.change.empty()) {
      pending_content_ = std::move(check.change);
      if (platform_.settings_changed) {
        platform_.settings_changed(); // the accepted documents are in the database: write it back
      }
    }
  });
}

void App::replace_content(ContentChange change) {
  if (change.data) {
    data_ = std::move(change.data);
    results_.clear(); // hits point into the old directory
    results_dirty_ = true;
    if (!filters_.topic.empty() && data_->directory.term(filters_.topic) == nullptr) {
      filters_.topic.clear();
    }
    // Screens are looked up by id every frame; one whose id is gone shows
    // the list it came from instead of a dead end.
    const std::string shown = location();
    std::vector<Place> kept;
    for (Place &place : history_) {
      if (place.screen == Screen::service && data_->directory.service(place.id) == nullptr) {
        place = {Screen::search, {}};
      } else if (place.screen == Screen::route && data_->routes.find(place.id) == nullptr) {
        place = {Screen::routes, {}};
      }
      if (kept.empty() || location_of(kept.back()) != location_of(place)) {
        kept.push_back(std::move(place)); // no "search, search" to step back through
      }
    }
    history_ = std::move(kept);
    if (location() != shown && platform_.location_opened) {
      platform_.location_opened(location()); // the address bar names what is shown
    }
  }
  if (change.checklists) {
    ChecklistLibrary library = std::move(*change.checklists);
    // Drafts and older records keep reading the version they were made with.
    if (records_) {
      if (auto restored = records_->restore_kept_definitions(library); !restored) {
        report("records.problem.kept_versions", restored.error());
      }
    }
    checklists_ = std::move(library);
    if (open_record_) {
      const RecordSummary &summary = open_record_->record.summary;
      open_record_->checklist = checklists_.find(summary.checklist_id, summary.checklist_version);
    }
    if (!new_record_.checklist_id.empty() && checklists_.latest(new_record_.checklist_id) == nullptr) {
      new_record_.checklist_id.clear();
    }
    record_list_dirty_ = true;
  }
}

void App::save_setting(std::string_view key, const std::string &value) {
  if (store_ != nullptr && store_->set_setting(key, value).ok() && platform_.settings_changed) {
    platform_.settings_changed();
  }
}

void App::set_language(Language language) {
  language_ = language;
  save_setting("language", std::string(language_code(language)));
}

void App::set_appearance(const Appearance &appearance) {
  if (appearance.text_size != appearance_.text_size) {
    save_setting("text_size", std::to_string(text_percent(appearance.text_size)));
  }
  if (appearance.high_contrast != appearance_.high_contrast) {
    save_setting("high_contrast", appearance.high_contrast ? "1" : "0");
  }
  appearance_ = appearance;
}

void App::set_municipality(const std::string &code) {
  if (!code.empty() && (!data_ || data_->region.find(code) == nullptr)) {
    return;
  }
  municipality_ = code;
  results_dirty_ = true;
  save_setting("municipality", code);
}

std::string App::municipality_name(std::string_view code) const {
  const Municipality *m = data_ ? data_->region.find(code) : nullptr;
  return m != nullptr ? m->name : std::string(code);
}

LocalTime App::local_now() const {
  return amsterdam_time(static_cast<std::int64_t>(platform_.now()));
}

void App::navigate(Place place) {
  history_.push_back(std::move(place));
  scroll_to_top_ = true;
  if (platform_.location_opened) {
    platform_.location_opened(location());
  }
}

void App::show_search(const std::string &query) {
  if (!query.empty()) {
    query.copy(query_, sizeof query_ - 1);
    query_[std::min(query.size(), sizeof query_ - 1)] = '\0';
    results_dirty_ = true;
  }
  navigate({Screen::search, {}});
  focus_query_ = true;
}

std::string App::location_of(const Place &place) {
  switch (place.screen) {
  case Screen::home:
    return "home";
  case Screen::search:
    return "search";
  case Screen::service:
    return "service/" + place.id;
  case Screen::routes:
    return "routes";
  case Screen::route:
    return "route/" + place.id;
  case Screen::records:
    return "records";
  case Screen::new_record:
    return "records/new";
  case Screen::record:
    return "record/" + place.id;
  case Screen::record_summary:
    return "record/" + place.id + "/summary";
  case Screen::sync:
    return "sync"; // an enrolment code never stays in the address bar or history
  }
  return "home";
}

std::string App::location() const {
  return location_of(history_.back());
}

std::optional<App::Place> App::parse_location(std::string_view location) const {
  const auto with_id = [&](std::string_view prefix, Screen screen) -> std::optional<Place> {
    if (location.substr(0, prefix.size()) != prefix) {
      return std::nullopt;
    }
    const std::string id(location.substr(prefix.size()));
    const bool known = data_ && (screen == Screen::service ? data_->directory.service(id) != nullptr
                                                           : data_->routes.find(id) != nullptr);
    return known ? std::optional<Place>(Place{screen, id}) : std::nullopt;
  };
  if (location == "home" || location.empty()) {
    return Place{Screen::home, {}};
  }
  if (location == "search") {
    return Place{Screen::search, {}};
  }
  if (location == "routes") {
    return Place{Screen::routes, {}};
  }
  if (location == "records") {
    return Place{Screen::records, {}};
  }
  if (location == "records/new") {
    return Place{Screen::new_record, {}};
  }
  if (location == "sync") {
    return Place{Screen::sync, {}};
  }
  if (location.substr(0, 7) == "enroll/") {
    // A code handed out as a link (the admin's QR code); the screen fills it in.
    const std::string_view code = location.substr(7);
    if (code.empty() || code.size() >= sizeof enroll_code_) {
      return std::nullopt;
    }
    return Place{Screen::sync, std::string(code)};
  }
  if (location.substr(0, 7) == "record/") {
    // The store may still be loading (a deep link at start-up): a well-formed
    // id is enough here; the screen says when the record does not exist.
    std::string_view id = location.substr(7);
    const bool summary = id.ends_with("/summary");
    if (summary) {
      id.remove_suffix(8);
    }
    const bool well_formed = id.size() >= 16 && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
                               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                             });
    if (!well_formed) {
      return std::nullopt;
    }
    return Place{summary ? Screen::record_summary : Screen::record, std::string(id)};
  }
  if (auto place = with_id("service/", Screen::service)) {
    return place;
  }
  return with_id("route/", Screen::route);
}

void App::follow_location(std::string_view location) {
  if (this->location() == location) {
    return;
  }
  scroll_to_top_ = true;
  if (history_.size() >= 2 && location_of(history_[history_.size() - 2]) == location) {
    history_.pop_back(); // the browser went back
    return;
  }
  const std::optional<Place> place = parse_location(location);
  if (!place || place->screen == Screen::home) {
    history_.resize(1); // unknown links land on the start screen
    return;
  }
  history_.push_back(*place); // forward, or a deep link
}

void App::show_service(const std::string &id) {
  navigate({Screen::service, id});
}
void App::show_routes() {
  navigate({Screen::routes, {}});
}
void App::show_route(const std::string &id) {
  navigate({Screen::route, id});
}
void App::show_records() {
  record_list_dirty_ = true; // the list is read again whenever it opens
  navigate({Screen::records, {}});
}
void App::show_new_record() {
  new_record_ = {}; // a fresh form: the header's municipality, the first checklist
  navigate({Screen::new_record, {}});
}
void App::show_record(const std::string &id) {
  navigate({Screen::record, id});
}
void App::show_record_summary(const std::string &id) {
  navigate({Screen::record_summary, id});
}

void App::go_back() {
  if (history_.size() > 1) {
    history_.pop_back();
    scroll_to_top_ = true;
    focus_query_ = false;
  }
}

void App::frame() {
  check_auto_lock();
  if (pending_content_) {
    // Between frames: nothing drawn so far points into the old data.
    ContentChange change = std::move(*pending_content_);
    pending_content_.reset();
    replace_content(std::move(change));
  }
  if (content_check_due_) {
    check_content();
  }
  touch_scroll_.update();
  const ImGuiViewport *viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  constexpr ImGuiWindowFlags kScreenFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                            ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("##screen", nullptr, kScreenFlags)) {
    if (scroll_to_top_) {
      ImGui::SetScrollY(0.0f); // a new screen starts at its top
      scroll_to_top_ = false;
      body_to_top_ = true;
    }
    draw_header();
    if (screen() != Screen::record && screen() != Screen::record_summary) {
      draw_rebuilt_notice(); // not above a record's acute banner: shown again on the next screen
      draw_problem();        // the record screens show it below their acute banner
    }
    switch (screen()) {
    case Screen::home:
      draw_home();
      break;
    case Screen::search:
      draw_search();
      break;
    case Screen::service:
      draw_service();
      break;
    case Screen::routes:
      draw_routes();
      break;
    case Screen::route:
      draw_route();
      break;
    case Screen::records:
      draw_records();
      break;
    case Screen::new_record:
      draw_new_record();
      break;
    case Screen::record:
      draw_record();
      break;
    case Screen::record_summary:
      draw_record_summary();
      break;
    case Screen::sync:
      draw_sync();
      break;
    }
  }
  ImGui::End();
  draw_about();
}

void App::draw_header() {
  if (screen() != Screen::home) {
    if (ImGui::Button(t("nav.back"))) {
      // In the browser, back is the browser's: one history for both buttons.
      platform_.back ? platform_.back() : go_back();
    }
    ImGui::SameLine();
  }
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextUnformatted(t("app.title"));
  ui::text_item(screen() == Screen::home ? ui::Role::heading : ui::Role::text, t("app.title"), 1);
  ImGui::PopFont();

  // Right-aligned: municipality, language switch, "Over Veldwijzer".
  const ImGuiStyle &style = ImGui::GetStyle();
  const char *language_label = t("menu.language");
  const char *about_label = t("menu.about");
  // Wide enough for the longest name and for "Choose your municipality".
  const std::string chosen =
      municipality_.empty() ? std::string(t("municipality.choose")) : municipality_name(municipality_);
  const float picker_width =
      std::max(210.0f * appearance_.text_scale(),
               ImGui::CalcTextSize(chosen.c_str()).x + ImGui::GetFrameHeight() + 2.0f * style.FramePadding.x);
  const float buttons_width = ImGui::CalcTextSize(language_label).x + ImGui::CalcTextSize(about_label).x +
                              4.0f * style.FramePadding.x + 2.0f * style.ItemSpacing.x + picker_width;
  // Right-aligned beside the title when they fit; on a narrow screen with
  // large text, on a line of their own.
  const float title_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + style.ItemSpacing.x;
  const float right_start = ImGui::GetContentRegionMax().x - buttons_width;
  if (right_start >= title_end) {
    ImGui::SameLine(right_start);
  }
  ImGui::SetNextItemWidth(picker_width);
  draw_municipality_picker();
  record_ui::flow(record_ui::button_width(language_label)); // 200 % text on a portrait tablet: wrap
  if (ImGui::Button(language_label)) {
    set_language(language_ == Language::nl ? Language::en : Language::nl);
  }
  record_ui::flow(record_ui::button_width(about_label));
  if (ImGui::Button(about_label)) {
    about_open_ = true;
  }
  if (screen() == Screen::home) {
    ImGui::TextWrapped("%s", t("app.tagline"));
    ui::text(t("app.tagline"));
  }
  ImGui::Separator();
}

} // namespace veldwijzer
