// lock_screen_test.cpp — the PIN in front of the records (issue #9), driven
// headless by label as a nurse would: setting the first PIN and its refusals,
// locking by hand, wrong PINs and the wait after five, the auto-lock after
// five idle minutes, "Pincode vergeten?", changing the PIN, a sync that waits
// for the PIN, a device whose older version kept records unencrypted, and
// passkeys (issue #22): offered, explained, asked for, refused, late.
#include "veldwijzer/app.h"
#include "veldwijzer/builtin_assets.h"
#include "veldwijzer/record_store.h"
#include "veldwijzer/ui_snapshot.h"

#include <catch_amalgamated.hpp>

#include "headless_imgui.h"
#include "synced_device.h"
#include "temp_folder.h"
#include "test_device.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

using synced_device::Device;
using synced_device::kLateNovember;
using veldwijzer::App;
using veldwijzer::RecordStore;
using veldwijzer::VaultState;
using veldwijzer::ui::Item;
using veldwijzer::ui::Role;

namespace {

const ImVec2 kLandscape(1024.0f, 768.0f);
const char *kEnrolled = R"({"token": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "token_id": "t-1a2b", "organisation": "GGD Twente JGZ", "municipalities": ["GM0153"], "kind": "submit"})";

void settle(HeadlessImGui &imgui, App &app) {
  for (int i = 0; i < 3; ++i) {
    imgui.frame(app, kLandscape);
  }
}

bool on_screen(std::string_view text) {
  return veldwijzer::ui::snapshot().outline().find(text) != std::string::npos;
}

// The record rows of the list: links named after their checklist.
int record_rows() {
  int rows = 0;
  for (const Item &item : veldwijzer::ui::snapshot().items) {
    rows += item.role == Role::link && item.name.starts_with("Vroegsignalering JGZ") ? 1 : 0;
  }
  return rows;
}

// Types a new PIN twice on the "Pincode instellen" screen and presses its button.
void set_pin_by_hand(HeadlessImGui &imgui, App &app, const std::string &pin, const std::string &repeated) {
  type_into(imgui, app, "Nieuwe pincode", pin, kLandscape);
  type_into(imgui, app, "Herhaal pincode", repeated, kLandscape);
  activate_item(imgui, app, Role::button, "Pincode instellen", kLandscape);
  settle(imgui, app);
}

void unlock_by_hand(HeadlessImGui &imgui, App &app, const std::string &pin) {
  type_into(imgui, app, "Pincode", pin, kLandscape);
  activate_item(imgui, app, Role::button, "Ontgrendelen", kLandscape);
  settle(imgui, app);
}

// A draft with one answer, made through the app; its id.
std::string draft(App &app) {
  app.show_new_record();
  app.new_record_form().checklist_id = "jgz-vroegsignalering";
  app.new_record_form().years = 2;
  REQUIRE(app.create_record());
  REQUIRE(app.answer_item("J3.1", 1));
  return app.location().substr(std::string("record/").size());
}

std::size_t reports_sent(const synced_device::ScriptedCollector &collector) {
  std::size_t n = 0;
  for (const auto &request : collector.requests) {
    n += request.path == "/api/v1/reports" ? 1 : 0;
  }
  return n;
}

} // namespace

TEST_CASE("on first use the records screen asks for a PIN, and search works without one") {
  HeadlessImGui imgui;
  Device device(false);
  App &app = *device.app;
  app.show_records();
  settle(imgui, app);
  CHECK(require_item(Role::heading, "Pincode instellen").level == 2);
  CHECK(find_item(Role::button, "Nieuwe checklist") == nullptr);
  CHECK(app.vault_state() == VaultState::no_pin);
  CHECK_FALSE(std::filesystem::exists(device.files.vault_path));

  app.show_search("huislijk geweld");
  settle(imgui, app);
  CHECK_FALSE(app.results().empty());
  require_item(Role::link, "Veilig Thuis Twente");
  CHECK(app.missing_keys().empty());
}

TEST_CASE("a PIN too short, not repeated the same, or one character over and over is refused with the reason") {
  HeadlessImGui imgui;
  Device device(false);
  App &app = *device.app;
  app.show_records();
  settle(imgui, app);
  const struct {
    const char *pin, *repeated, *message;
  } refused[] = {
      {"12345", "12345", "Kies minstens 6 tekens."},
      {"13572468", "13572469", "De twee pincodes zijn niet gelijk."},
      {"111111", "111111", "Kies niet steeds hetzelfde teken."},
  };
  for (const auto &attempt : refused) {
    INFO(attempt.pin << " / " << attempt.repeated);
    set_pin_by_hand(imgui, app, attempt.pin, attempt.repeated);
    CHECK(app.lock_message() == attempt.message);
    CHECK(on_screen(attempt.message));
    CHECK(app.vault_state() == VaultState::no_pin);
    CHECK_FALSE(std::filesystem::exists(device.files.vault_path));
  }
  set_pin_by_hand(imgui, app, "13572468", "13572468");
  CHECK(app.vault_state() == VaultState::unlocked);
  CHECK(std::filesystem::exists(device.files.vault_path));
  require_item(Role::button, "Nieuwe checklist");
  require_item(Role::button, "Vergrendelen");
  require_item(Role::button, "Pincode wijzigen");
  CHECK(app.missing_keys().empty());
}

TEST_CASE("locked records leave the screen; the fifth wrong PIN makes the nurse wait; the right one brings the draft "
          "back") {
  HeadlessImGui imgui;
  Device device(false);
  App &app = *device.app;
  app.show_records();
  settle(imgui, app);
  set_pin_by_hand(imgui, app, test_device::kPin, test_device::kPin);
  const std::string id = draft(app);
  app.show_records();
  settle(imgui, app);
  CHECK(record_rows() == 1);

  activate_item(imgui, app, Role::button, "Vergrendelen", kLandscape);
  settle(imgui, app);
  CHECK(app.vault_state() == VaultState::locked);
  CHECK(record_rows() == 0);
  CHECK_FALSE(on_screen("Vroegsignalering JGZ"));
  require_item(Role::heading, "Checklists vergrendeld");
  app.show_record(id); // a deep link to the draft shows the PIN screen, not the draft
  settle(imgui, app);
  CHECK(find_item(Role::radiogroup, "J3.1 ") == nullptr);
  require_item(Role::textbox, "Pincode");

  for (int attempt = 1; attempt <= 4; ++attempt) {
    INFO("wrong PIN " << attempt);
    unlock_by_hand(imgui, app, "97531864");
    CHECK(app.vault_state() == VaultState::locked);
    CHECK(app.lock_message() == "Pincode onjuist. Er is niets gewist.");
    CHECK(on_screen("Pincode onjuist"));
    CHECK(device.files.vault->failed_attempts() == attempt);
    CHECK_FALSE(require_item(Role::button, "Ontgrendelen").state & veldwijzer::ui::kDisabled);
  }
  // kOctober, 10:00 UTC, is 12:00 in Enschede; the fifth waits 30 s.
  unlock_by_hand(imgui, app, "97531864");
  CHECK(device.files.vault->failed_attempts() == 5);
  CHECK(app.lock_message() == "Pincode onjuist. Er is niets gewist. Te vaak een onjuiste pincode. Probeer het "
                              "opnieuw om 12:00.");
  CHECK(require_item(Role::button, "Ontgrendelen").state & veldwijzer::ui::kDisabled);
  CHECK(require_item(Role::textbox, "Pincode").state & veldwijzer::ui::kDisabled);
  REQUIRE_FALSE(device.wakeups.empty());
  CHECK(device.wakeups.back() == Catch::Approx(30.0)); // the button comes back by itself
  CHECK_FALSE(app.unlock_records(test_device::kPin));  // not even the right PIN while waiting
  CHECK(app.vault_state() == VaultState::locked);
  CHECK(device.files.vault->failed_attempts() == 5); // waiting is not another wrong PIN

  device.clock += 31;
  app.on_wakeup();
  settle(imgui, app);
  CHECK_FALSE(require_item(Role::button, "Ontgrendelen").state & veldwijzer::ui::kDisabled);
  unlock_by_hand(imgui, app, test_device::kPin);
  CHECK(app.vault_state() == VaultState::unlocked);
  CHECK(device.files.vault->failed_attempts() == 0);
  CHECK(app.location() == "record/" + id); // where the deep link pointed, now with the draft
  activate_item(imgui, app, Role::tab, "J3 ", kLandscape);
  const Item question = require_item(Role::radiogroup, "J3.1 ");
  CHECK(require_item(Role::radio, "Ja", question.id).state & veldwijzer::ui::kChecked);
  app.show_records();
  settle(imgui, app);
  CHECK(record_rows() == 1);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("the records lock after five minutes without input, also without a frame; input keeps them open") {
  HeadlessImGui imgui;
  Device device;
  App &app = *device.app;
  app.show_records();
  settle(imgui, app);
  REQUIRE(app.vault_state() == VaultState::unlocked);
  REQUIRE_FALSE(device.wakeups.empty());
  CHECK(device.wakeups.back() == Catch::Approx(300.0)); // the auto-lock's timer

  // Frames without input.
  device.clock += 299;
  settle(imgui, app);
  CHECK(app.vault_state() == VaultState::unlocked);
  device.clock += 2;
  imgui.frame(app, kLandscape);
  CHECK(app.vault_state() == VaultState::locked);
  CHECK(app.sync_client() == nullptr);

  // A pointer moving in between starts the five minutes again.
  REQUIRE(app.unlock_records(test_device::kPin));
  device.clock += 200;
  ImGui::GetIO().AddMousePosEvent(300.0f, 300.0f);
  imgui.frame(app, kLandscape);
  ImGui::GetIO().AddMousePosEvent(320.0f, 310.0f);
  imgui.frame(app, kLandscape);
  device.clock += 200;
  settle(imgui, app);
  CHECK(app.vault_state() == VaultState::unlocked);
  device.clock += 101;
  imgui.frame(app, kLandscape);
  CHECK(app.vault_state() == VaultState::locked);

  // No frame at all (a hidden page's timer): on_wakeup() locks.
  REQUIRE(app.unlock_records(test_device::kPin));
  device.clock += 299;
  app.on_wakeup();
  CHECK(app.vault_state() == VaultState::unlocked);
  device.clock += 2;
  app.on_wakeup();
  CHECK(app.vault_state() == VaultState::locked);

  // Input the frame cannot see (the accessibility mirror) counts too.
  REQUIRE(app.unlock_records(test_device::kPin));
  device.clock += 200;
  app.note_activity();
  device.clock += 200;
  app.on_wakeup();
  CHECK(app.vault_state() == VaultState::unlocked);
  CHECK(device.wakeups.back() == Catch::Approx(100.0)); // the next check: 300 s after that input
  device.clock += 100;
  app.on_wakeup();
  CHECK(app.vault_state() == VaultState::locked);
}

TEST_CASE("Pincode vergeten? warns first: Annuleren keeps everything, Alles wissen erases the records") {
  HeadlessImGui imgui;
  Device device;
  App &app = *device.app;
  const std::string id = draft(app);
  app.show_records();
  settle(imgui, app);
  activate_item(imgui, app, Role::button, "Vergrendelen", kLandscape);

  activate_item(imgui, app, Role::button, "Pincode vergeten?", kLandscape);
  settle(imgui, app);
  CHECK(on_screen("Zonder pincode zijn de gegevens niet terug te halen."));
  require_item(Role::button, "Alles wissen");
  activate_item(imgui, app, Role::button, "Annuleren", kLandscape);
  settle(imgui, app);
  CHECK(app.vault_state() == VaultState::locked);
  CHECK(std::filesystem::exists(device.files.vault_path));
  require_item(Role::heading, "Checklists vergrendeld");
  unlock_by_hand(imgui, app, test_device::kPin);
  CHECK(record_rows() == 1); // nothing was lost
  activate_item(imgui, app, Role::button, "Vergrendelen", kLandscape);

  activate_item(imgui, app, Role::button, "Pincode vergeten?", kLandscape);
  activate_item(imgui, app, Role::button, "Alles wissen", kLandscape);
  settle(imgui, app);
  CHECK(app.vault_state() == VaultState::no_pin);
  CHECK_FALSE(std::filesystem::exists(device.files.vault_path));
  CHECK_FALSE(std::filesystem::exists(device.files.vault_path + "-journal"));
  CHECK(app.lock_message() == "Alles is gewist. Stel een nieuwe pincode in.");
  CHECK(require_item(Role::heading, "Pincode instellen").level == 2);

  set_pin_by_hand(imgui, app, "86420975", "86420975");
  CHECK(app.vault_state() == VaultState::unlocked);
  CHECK(record_rows() == 0);
  auto listed = RecordStore(device.files.records()).list();
  REQUIRE(listed.ok());
  CHECK(listed.value().empty());
  CHECK_FALSE(RecordStore(device.files.records()).load(id).ok());
  CHECK(app.missing_keys().empty());
}

TEST_CASE("changing the PIN needs the current one; afterwards only the new PIN opens the records") {
  HeadlessImGui imgui;
  Device device;
  App &app = *device.app;
  draft(app);
  app.show_records();
  settle(imgui, app);
  const auto change = [&](const std::string &current) {
    activate_item(imgui, app, Role::button, "Pincode wijzigen", kLandscape);
    type_into(imgui, app, "Huidige pincode", current, kLandscape);
    type_into(imgui, app, "Nieuwe pincode", "75318642", kLandscape);
    type_into(imgui, app, "Herhaal pincode", "75318642", kLandscape);
    activate_item(imgui, app, Role::button, "Pincode opslaan", kLandscape);
    settle(imgui, app);
  };
  change("00000001");
  CHECK(app.lock_message() == "Pincode onjuist. Er is niets gewist.");
  require_item(Role::textbox, "Huidige pincode");    // the form stays open
  CHECK(device.files.vault->failed_attempts() == 0); // not an unlock attempt
  activate_item(imgui, app, Role::button, "Annuleren", kLandscape);

  change(test_device::kPin);
  CHECK(app.lock_message() == "Pincode gewijzigd.");
  CHECK(find_item(Role::textbox, "Huidige pincode") == nullptr);
  CHECK(record_rows() == 1);

  activate_item(imgui, app, Role::button, "Vergrendelen", kLandscape);
  unlock_by_hand(imgui, app, test_device::kPin);
  CHECK(app.vault_state() == VaultState::locked);
  unlock_by_hand(imgui, app, "75318642");
  CHECK(app.vault_state() == VaultState::unlocked);
  CHECK(record_rows() == 1);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("while the records are locked nothing is sent; after unlocking the waiting counts go out") {
  HeadlessImGui imgui;
  Device device;
  App &app = *device.app;
  device.completed_checklist();
  device.collector.answers.push_back({200, kEnrolled, ""});
  app.enroll("ABCD-EFGH-JKLM");
  REQUIRE(app.sync_client() != nullptr);
  CHECK(reports_sent(device.collector) == 0); // October is not over yet

  app.lock_records();
  device.clock = kLateNovember; // the month is over: a report is due
  app.sync_due();               // the browser came online
  app.on_wakeup();              // a timer fired
  app.show_sync();
  settle(imgui, app);
  CHECK(reports_sent(device.collector) == 0);
  require_item(Role::textbox, "Pincode"); // the sync screen asks for the PIN
  CHECK(find_item(Role::button, "Nu synchroniseren") == nullptr);

  device.collector.answers.push_back({200, "ack", ""});
  unlock_by_hand(imgui, app, test_device::kPin);
  REQUIRE(app.vault_state() == VaultState::unlocked);
  CHECK(reports_sent(device.collector) == 1);
  REQUIRE(app.sync_client() != nullptr);
  CHECK(app.sync_client()->outbox().pending().value().empty());
  require_item(Role::button, "Nu synchroniseren");
  CHECK(app.missing_keys().empty());
}

TEST_CASE("records an older version kept in the public file move into the vault with the first PIN") {
  constexpr const char *kMarker = "MARKER-NOTE-3f9c1e";
  std::string id;
  HeadlessImGui imgui;
  // The single-file layout: the records straight in the public database.
  Device device(false, [&](veldwijzer::LocalStore &store) {
    auto data = veldwijzer::builtin_directory_data();
    REQUIRE(data.ok());
    auto library = veldwijzer::builtin_checklists(data.value()->routes);
    REQUIRE(library.ok());
    const veldwijzer::Checklist *jgz = library.value().latest("jgz-vroegsignalering");
    REQUIRE(jgz != nullptr);
    const std::string *source = library.value().source(jgz->id, jgz->version);
    REQUIRE(source != nullptr);
    RecordStore records(store);
    auto created = records.create(*jgz, *source, {"GM0153", "0-3", "2026-10-14"}, synced_device::kOctober);
    REQUIRE(created.ok());
    id = created.value();
    REQUIRE(records.set_note(id, kMarker, synced_device::kOctober).ok());
  });
  App &app = *device.app;
  REQUIRE(read_bytes(device.files.public_path).find(kMarker) != std::string::npos);

  app.show_records();
  settle(imgui, app);
  CHECK(on_screen("eerdere versie"));
  set_pin_by_hand(imgui, app, test_device::kPin, test_device::kPin);
  REQUIRE(app.vault_state() == VaultState::unlocked);

  const auto in_vault = RecordStore(device.files.records()).load(id);
  REQUIRE(in_vault.ok());
  CHECK(in_vault.value().note == kMarker);
  auto left = RecordStore(*device.files.store).list();
  REQUIRE(left.ok());
  CHECK(left.value().empty());
  CHECK(read_bytes(device.files.public_path).find(kMarker) == std::string::npos);
  CHECK(read_bytes(device.files.vault_path).find(kMarker) == std::string::npos); // encrypted
  CHECK_FALSE(device.files.vault->has_unprotected_records());
  CHECK(record_rows() == 1);
  CHECK_FALSE(on_screen("eerdere versie"));
  CHECK(app.missing_keys().empty());
}

namespace {

// The browser's WebAuthn as the app sees it: requests wait until the test
// answers them, as the device's own prompt would.
struct FakeAuthenticator {
  std::vector<std::string> asked_for; // ids passkey_get was asked for
  std::vector<veldwijzer::AppPlatform::PasskeyAnswer> waiting;
  void install(veldwijzer::AppPlatform &platform) {
    platform.passkey_create = [this](veldwijzer::AppPlatform::PasskeyAnswer answer) {
      waiting.push_back(std::move(answer));
    };
    platform.passkey_get = [this](const std::string &id, veldwijzer::AppPlatform::PasskeyAnswer answer) {
      asked_for.push_back(id);
      waiting.push_back(std::move(answer));
    };
  }
  void answer(std::optional<veldwijzer::Passkey> passkey, const std::string &problem = {}) {
    REQUIRE(waiting.size() == 1);
    auto next = std::move(waiting.front());
    waiting.clear();
    next(std::move(passkey), problem);
  }
};

veldwijzer::Passkey tablet_passkey() {
  veldwijzer::Passkey passkey;
  passkey.id = "Y3JlZC0x";
  passkey.secret.fill(0x3c);
  return passkey;
}

} // namespace

TEST_CASE("with passkeys the PIN screen says what losing one costs; the records then open only with PIN and passkey") {
  HeadlessImGui imgui;
  FakeAuthenticator authenticator;
  Device device(false, {}, [&](veldwijzer::AppPlatform &platform) { authenticator.install(platform); });
  App &app = *device.app;
  app.show_records();
  settle(imgui, app);
  require_item(Role::checkbox, "Ook beveiligen met dit apparaat (passkey)");
  CHECK(on_screen("raakt de passkey kwijt"));
  CHECK(on_screen("Alles wissen"));

  set_pin_by_hand(imgui, app, "24681357", "24681357");
  CHECK(app.passkey_pending());
  CHECK(on_screen("Volg de vraag van het apparaat"));
  CHECK(app.vault_state() == VaultState::no_pin); // nothing made before the passkey answers
  authenticator.answer(tablet_passkey());
  settle(imgui, app);
  CHECK(app.vault_state() == VaultState::unlocked);
  const std::string id = draft(app);

  app.lock_records();
  settle(imgui, app);
  CHECK(on_screen("Beveiligd met je pincode en de passkey van dit apparaat."));
  unlock_by_hand(imgui, app, "24681357");
  REQUIRE(authenticator.asked_for == std::vector<std::string>{"Y3JlZC0x"});
  veldwijzer::Passkey other = tablet_passkey();
  other.secret[0] ^= 1;
  authenticator.answer(other); // another authenticator's secret: the PIN is right, the key is not
  settle(imgui, app);
  CHECK(app.vault_state() == VaultState::locked);
  CHECK(on_screen("Pincode onjuist"));

  unlock_by_hand(imgui, app, "24681357");
  authenticator.answer(std::nullopt, "NotAllowedError"); // the nurse cancelled the prompt
  settle(imgui, app);
  CHECK(app.vault_state() == VaultState::locked);
  CHECK(on_screen("De passkey is niet gebruikt (NotAllowedError)"));

  unlock_by_hand(imgui, app, "24681357");
  app.lock_records(); // the page was hidden while the prompt was up
  authenticator.answer(tablet_passkey());
  settle(imgui, app);
  CHECK(app.vault_state() == VaultState::locked); // a late answer opens nothing

  unlock_by_hand(imgui, app, "24681357");
  authenticator.answer(tablet_passkey());
  settle(imgui, app);
  REQUIRE(app.vault_state() == VaultState::unlocked);
  app.show_records();
  settle(imgui, app);
  CHECK(record_rows() == 1);
  app.show_record(id);
  settle(imgui, app);
  CHECK(app.location() == "record/" + id);
  CHECK(app.missing_keys().empty());
}

TEST_CASE("a vault with the PIN alone can add a passkey when it is unlocked; unticked, none is made") {
  HeadlessImGui imgui;
  FakeAuthenticator authenticator;
  Device device(false, {}, [&](veldwijzer::AppPlatform &platform) { authenticator.install(platform); });
  App &app = *device.app;
  app.show_records();
  settle(imgui, app);
  activate_item(imgui, app, Role::checkbox, "Ook beveiligen met dit apparaat (passkey)", kLandscape);
  set_pin_by_hand(imgui, app, "24681357", "24681357");
  CHECK(authenticator.waiting.empty());
  REQUIRE(app.vault_state() == VaultState::unlocked);

  app.lock_records();
  settle(imgui, app);
  type_into(imgui, app, "Pincode", "24681357", kLandscape);
  activate_item(imgui, app, Role::button, "Ontgrendelen en passkey koppelen", kLandscape);
  settle(imgui, app);
  authenticator.answer(tablet_passkey());
  settle(imgui, app);
  REQUIRE(app.vault_state() == VaultState::unlocked);
  app.lock_records();
  settle(imgui, app);
  CHECK(on_screen("Beveiligd met je pincode en de passkey van dit apparaat."));
  unlock_by_hand(imgui, app, "24681357");
  CHECK(authenticator.asked_for == std::vector<std::string>{"Y3JlZC0x"});
  authenticator.answer(tablet_passkey());
  settle(imgui, app);
  CHECK(app.vault_state() == VaultState::unlocked);
}
