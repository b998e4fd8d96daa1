// web_passkey.h — passkeys with WebAuthn's PRF extension for the records
// vault's key (issue #22, vault_key.h): AppPlatform::passkey_create/_get.
#pragma once

#include "veldwijzer/app.h"

namespace veldwijzer::web {

// Fills the platform's passkey hooks where the page can use passkeys (a
// secure context with WebAuthn); elsewhere leaves them null. The PIN screen
// offers passkeys once the browser has said it has an authenticator for them. after_answer runs once each answer has
// reached the app (to draw the screen it changed).
void install_passkeys(AppPlatform &platform, void (*after_answer)());

} // namespace veldwijzer::web
