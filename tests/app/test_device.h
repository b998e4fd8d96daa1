// test_device.h — the two files of a test tablet, as the browser keeps them:
// the public device database (settings, content updates) and the records'
// vault beside it (record_vault.h), opened with a test PIN through the app as
// a nurse would: the first start sets the PIN, every later start (a reload)
// unlocks with it. Tests that read the records "without the app" read
// records(), the vault's own database.
//
//   DeviceFiles files(tmp);
//   files.open();          // before the App is made
//   files.attach(app);     // attach_store + attach_vault + PIN
//   app.reset(); files.close(); files.open(); ...   // a reload
#pragma once

#include "veldwijzer/app.h"
#include "veldwijzer/local_store.h"
#include "veldwijzer/record_vault.h"

#include <catch_amalgamated.hpp>

#include "temp_folder.h"

#include <optional>
#include <string>

namespace test_device {

// Passes pin_policy.h: eight characters, not one repeated.
inline constexpr const char *kPin = "24681357";

struct DeviceFiles {
  std::string public_path;
  std::string vault_path;
  std::optional<veldwijzer::LocalStore> store;
  std::optional<veldwijzer::RecordVault> vault;

  explicit DeviceFiles(const TempFolder &tmp)
      : public_path(tmp.file("device.sqlite3")), vault_path(tmp.file("records.sqlite3")) {}

  // (Re)opens the public file and makes the vault on it, locked. The app
  // that used the previous ones must be gone first.
  void open() {
    close();
    auto opened = veldwijzer::LocalStore::open(public_path);
    INFO((opened.ok() ? "" : opened.error().detail));
    REQUIRE(opened.ok());
    store.emplace(std::move(opened).value());
    vault.emplace(*store, vault_path);
  }
  void close() {
    vault.reset(); // it points into store
    store.reset();
  }

  // Gives the app both files, the records still closed: the PIN screen.
  void attach_locked(veldwijzer::App &app) {
    app.set_store_status({veldwijzer::StoreStatus::State::open, "", "", store->schema_version()});
    app.attach_store(&*store);
    app.attach_vault(&*vault);
  }
  // Gives the app both files and opens the records with kPin: set on the
  // first start, typed again after a reload.
  void attach(veldwijzer::App &app) {
    attach_locked(app);
    const bool first = vault->state() == veldwijzer::VaultState::no_pin;
    INFO(app.lock_message());
    REQUIRE((first ? app.set_pin(kPin, kPin) : app.unlock_records(kPin)));
    REQUIRE(app.vault_state() == veldwijzer::VaultState::unlocked);
  }

  // The records' database while unlocked.
  veldwijzer::LocalStore &records() const {
    REQUIRE(vault.has_value());
    veldwijzer::LocalStore *open = const_cast<veldwijzer::RecordVault &>(*vault).store();
    REQUIRE(open != nullptr);
    return *open;
  }
};

} // namespace test_device
