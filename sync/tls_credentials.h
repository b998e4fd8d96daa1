// tls_credentials.h — the collector's certificate and key for HTTPS.
//
//   auto tls = TlsCredentials::load(cert_path, key_path, now);   // checked: see below
//   httplib::SSLServer server([&](SSL_CTX &ctx) { return tls.value()->configure(ctx); });
//   tls.value()->reload(now);   // on SIGHUP: the next handshakes use the new pair
//
// A pair is taken only when both files read, hold PEM (the certificate file
// may carry its chain after the leaf), the key belongs to the certificate and
// the certificate is valid at `now`; otherwise the error says which file and
// what is wrong. A failed reload keeps the pair in use.
//
// The pair is handed to each handshake from OpenSSL's certificate callback,
// so a reload swaps it without touching the SSL_CTX that worker threads share
// and without closing a connection: open ones keep the pair they began with.
// TLS 1.2 and 1.3 only; TLS 1.2 with ECDHE and AEAD ciphers only.
#pragma once

#include "veldwijzer/result.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace veldwijzer::collector {

class TlsCredentials {
public:
  struct Pair;

  static Result<std::unique_ptr<TlsCredentials>> load(std::string cert_path, std::string key_path, std::int64_t now);
  ~TlsCredentials();

  // Reads both files again; on success the next handshakes use them.
  Result<std::string> reload(std::int64_t now);
  // "CN=veldwijzer.example.nl, valid until Tue, 02 Mar 2027 12:00:00 GMT, 2 certificates"
  std::string describe() const;
  // Protocol floor, cipher suites and the certificate callback (httplib's SSLServer setup hook).
  bool configure(SSL_CTX &ctx);

private:
  TlsCredentials(std::string cert_path, std::string key_path, std::shared_ptr<const Pair> pair);
  static int select_certificate(SSL *ssl, void *self);
  std::shared_ptr<const Pair> current() const;

  std::string cert_path_;
  std::string key_path_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Pair> pair_;
};

} // namespace veldwijzer::collector
