// web_passkey.cpp — WebAuthn for the vault key: make a passkey on this device
// or ask for it, and hand its PRF output back to C++.
//
// The PRF input is fixed ("veldwijzer vault key v1"): Argon2's salt already
// differs per vault file, and a fixed input lets a passkey found by the
// browser itself open a vault whose ".kdf" file was lost. User verification
// is required every time: an authenticator's PRF (CTAP hmac-secret) gives a
// different output with and without it, so "preferred" could lock a vault.
// There is no server: the assertion is not verified anywhere, only its PRF
// output is used, which only this authenticator can compute.
#include "web_passkey.h"

#include <emscripten/emscripten.h>

#include <cstring>
#include <map>
#include <optional>
#include <string>

namespace {

std::map<int, veldwijzer::AppPlatform::PasskeyAnswer> g_waiting;
int g_next_request = 1;
void (*g_after_answer)() = nullptr;
bool g_ready = false;

} // namespace

// Called from JavaScript once a request ended: id and the 32-byte secret, or
// a problem (the DOMException's name and message).
extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_passkey_done(int request, const char *id, const unsigned char *secret,
                                                             const char *problem) {
  const auto it = g_waiting.find(request);
  if (it == g_waiting.end()) {
    return;
  }
  auto answer = std::move(it->second);
  g_waiting.erase(it);
  if (secret == nullptr || id == nullptr || id[0] == '\0') {
    answer(std::nullopt, problem != nullptr ? problem : "");
    if (g_after_answer != nullptr) {
      g_after_answer();
    }
    return;
  }
  veldwijzer::Passkey passkey;
  passkey.id = id;
  std::memcpy(passkey.secret.data(), secret, passkey.secret.size());
  answer(passkey, {});
  volatile unsigned char *p = passkey.secret.data();
  for (std::size_t i = 0; i < passkey.secret.size(); ++i) {
    p[i] = 0;
  }
  if (g_after_answer != nullptr) {
    g_after_answer();
  }
}

extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_passkeys_ready(int ready) {
  g_ready = ready != 0;
  if (g_after_answer != nullptr) {
    g_after_answer();
  }
}

// clang-format off
EM_JS(int, js_passkeys_possible, (), {
  return (self.isSecureContext && self.PublicKeyCredential && navigator.credentials) ? 1 : 0;
});

// Whether a platform authenticator with user verification is there, and the
// PRF extension is not known to be missing; answers later through
// veldwijzer_passkeys_ready. A browser that cannot say offers no passkeys.
EM_JS(void, js_check_passkeys, (), {
  // WebAuthn needs a domain: at an IP address every request is a SecurityError.
  const host = location.hostname;
  const atAddress = host.indexOf(":") >= 0 || host.split(".").every(function (part) { return part !== "" && !isNaN(part); });
  if (atAddress) { Module._veldwijzer_passkeys_ready(0); return; }
  const caps = PublicKeyCredential.getClientCapabilities ? PublicKeyCredential.getClientCapabilities()
                                                        : Promise.resolve({});
  Promise.all([PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable(), caps])
    .then(function (answers) { return answers[0] && answers[1]["extension:prf"] !== false; })
    .catch(function () { return false; })
    .then(function (ready) { Module._veldwijzer_passkeys_ready(ready ? 1 : 0); });
});

EM_JS(void, js_passkey_request, (int request, int create, const char *wanted_id), {
  const prfInput = new TextEncoder().encode("veldwijzer vault key v1");
  const fromBase64url = function (text) {
    let s = text.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    return Uint8Array.from(atob(s), function (c) { return c.charCodeAt(0); });
  };
  const toBase64url = function (buffer) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(buffer)))
      .split("+").join("-").split("/").join("_").split("=").join("");
  };
  const finish = function (id, secret, problem) {
    const idPtr = allocateUTF8(id);
    const problemPtr = allocateUTF8(problem);
    let secretPtr = 0;
    if (secret) {
      secretPtr = _malloc(32);
      HEAPU8.set(secret, secretPtr);
      secret.fill(0);
    }
    Module._veldwijzer_passkey_done(request, idPtr, secretPtr, problemPtr);
    if (secretPtr) { HEAPU8.fill(0, secretPtr, secretPtr + 32); _free(secretPtr); }
    _free(problemPtr);
    _free(idPtr);
  };
  const prfOf = function (credential) {
    const results = credential.getClientExtensionResults().prf;
    return results && results.results && results.results.first ? new Uint8Array(results.results.first) : null;
  };
  const ask = function (ids) {
    return navigator.credentials.get({ publicKey: {
      challenge: crypto.getRandomValues(new Uint8Array(32)),
      rpId: location.hostname,
      allowCredentials: ids.map(function (id) { return { type: "public-key", id: id }; }),
      userVerification: "required",
      extensions: { prf: { eval: { first: prfInput } } } } });
  };
  let made;
  if (create) {
    made = navigator.credentials.create({ publicKey: {
      rp: { name: "Veldwijzer", id: location.hostname },
      user: { id: crypto.getRandomValues(new Uint8Array(16)), name: "Veldwijzer", displayName: "Veldwijzer op dit apparaat" },
      challenge: crypto.getRandomValues(new Uint8Array(32)),
      pubKeyCredParams: [{ type: "public-key", alg: -7 }, { type: "public-key", alg: -257 }],
      authenticatorSelection: { authenticatorAttachment: "platform", residentKey: "required",
                                userVerification: "required" },
      extensions: { prf: { eval: { first: prfInput } } } } })
      .then(function (credential) {
        const prf = credential.getClientExtensionResults().prf;
        if (!prf || prf.enabled === false) throw new Error("this device's passkeys have no PRF extension");
        const secret = prfOf(credential);
        if (secret) return { id: credential.rawId, secret: secret };
        // Some authenticators give the PRF output only when asked: once more.
        return ask([credential.rawId]).then(function (got) { return { id: got.rawId, secret: prfOf(got) }; });
      });
  } else {
    const wanted = UTF8ToString(wanted_id);
    made = ask(wanted ? [fromBase64url(wanted)] : [])
      .then(function (got) { return { id: got.rawId, secret: prfOf(got) }; });
  }
  made.then(function (got) {
    if (!got.secret || got.secret.length !== 32) throw new Error("the passkey gave no PRF output");
    finish(toBase64url(got.id), got.secret, "");
  }).catch(function (error) {
    finish("", null, error && error.name ? error.name + ": " + error.message : String(error));
  });
});
// clang-format on

namespace veldwijzer::web {

void install_passkeys(AppPlatform &platform, void (*after_answer)()) {
  if (js_passkeys_possible() == 0) {
    return;
  }
  g_after_answer = after_answer;
  const auto request = [](bool create, const std::string &id, AppPlatform::PasskeyAnswer answer) {
    const int number = g_next_request++;
    g_waiting.emplace(number, std::move(answer));
    js_passkey_request(number, create ? 1 : 0, id.c_str());
  };
  platform.passkey_create = [request](AppPlatform::PasskeyAnswer answer) { request(true, {}, std::move(answer)); };
  platform.passkey_get = [request](const std::string &id, AppPlatform::PasskeyAnswer answer) {
    request(false, id, std::move(answer));
  };
  platform.passkeys_ready = [] { return g_ready; };
  js_check_passkeys();
}

} // namespace veldwijzer::web
