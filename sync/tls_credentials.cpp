// tls_credentials.cpp — PEM loading and checks with OpenSSL, the handshake callback.
#include "tls_credentials.h"

#include "veldwijzer/http_date.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace veldwijzer::collector {

struct TlsCredentials::Pair {
  X509 *leaf = nullptr;
  STACK_OF(X509) *chain = nullptr; // the intermediates after the leaf
  EVP_PKEY *key = nullptr;
  std::string subject;
  std::int64_t not_after = 0;

  Pair() = default;
  Pair(const Pair &) = delete;
  Pair &operator=(const Pair &) = delete;
  ~Pair() {
    X509_free(leaf);
    sk_X509_pop_free(chain, X509_free);
    EVP_PKEY_free(key);
  }
};

namespace {

Result<std::string> read_file(const std::string &flag, const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(flag + " " + path + ": cannot read (" + std::strerror(errno) + ")");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return fail(flag + " " + path + ": read error");
  }
  return text.str();
}

struct BioFree {
  void operator()(BIO *bio) const { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioFree>;

Bio memory_bio(const std::string &text) {
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// A key with a pass phrase cannot be opened unattended; never prompt on a terminal.
int no_pass_phrase(char *, int, int, void *) {
  return 0;
}

std::int64_t unix_time(const ASN1_TIME *time) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) {
    return 0;
  }
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string subject_of(X509 *cert) {
  char buffer[256] = {};
  X509_NAME_oneline(X509_get_subject_name(cert), buffer, sizeof buffer);
  return buffer;
}

Result<std::shared_ptr<const TlsCredentials::Pair>> load_pair(const std::string &cert_path, const std::string &key_path,
                                                              std::int64_t now) {
  auto cert_text = read_file("--tls-cert", cert_path);
  if (!cert_text) {
    return fail(cert_text.error());
  }
  auto key_text = read_file("--tls-key", key_path);
  if (!key_text) {
    return fail(key_text.error());
  }
  auto pair = std::make_shared<TlsCredentials::Pair>();
  {
    const Bio bio = memory_bio(cert_text.value());
    pair->leaf = PEM_read_bio_X509(bio.get(), nullptr, no_pass_phrase, nullptr);
    if (pair->leaf == nullptr) {
      ERR_clear_error();
      return fail("--tls-cert " + cert_path + ": no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)");
    }
    pair->chain = sk_X509_new_null();
    while (X509 *next = PEM_read_bio_X509(bio.get(), nullptr, no_pass_phrase, nullptr)) {
      sk_X509_push(pair->chain, next);
    }
    ERR_clear_error(); // the end of the file reads as "no start line"
  }
  {
    const Bio bio = memory_bio(key_text.value());
    pair->key = PEM_read_bio_PrivateKey(bio.get(), nullptr, no_pass_phrase, nullptr);
    if (pair->key == nullptr) {
      ERR_clear_error();
      return fail("--tls-key " + key_path +
                  ": no unencrypted PEM private key in it (a key with a pass phrase cannot be opened unattended)");
    }
  }
  pair->subject = subject_of(pair->leaf);
  if (X509_check_private_key(pair->leaf, pair->key) != 1) {
    ERR_clear_error();
    return fail("--tls-key " + key_path + " does not belong to the certificate in --tls-cert " + cert_path + " (" +
                pair->subject + ")");
  }
  pair->not_after = unix_time(X509_get0_notAfter(pair->leaf));
  const std::int64_t not_before = unix_time(X509_get0_notBefore(pair->leaf));
  if (now >= pair->not_after) {
    return fail("--tls-cert " + cert_path + " (" + pair->subject + ") expired on " + http_date(pair->not_after) +
                "; renew it (the collector's clock says " + http_date(now) + ")");
  }
  if (now < not_before) {
    return fail("--tls-cert " + cert_path + " (" + pair->subject + ") is not valid before " + http_date(not_before) +
                " (the collector's clock says " + http_date(now) + ")");
  }
  return std::shared_ptr<const TlsCredentials::Pair>(std::move(pair));
}

} // namespace

TlsCredentials::TlsCredentials(std::string cert_path, std::string key_path, std::shared_ptr<const Pair> pair)
    : cert_path_(std::move(cert_path)), key_path_(std::move(key_path)), pair_(std::move(pair)) {}

TlsCredentials::~TlsCredentials() = default;

Result<std::unique_ptr<TlsCredentials>> TlsCredentials::load(std::string cert_path, std::string key_path,
                                                             std::int64_t now) {
  auto pair = load_pair(cert_path, key_path, now);
  if (!pair) {
    return fail(pair.error());
  }
  return std::unique_ptr<TlsCredentials>(
      new TlsCredentials(std::move(cert_path), std::move(key_path), std::move(pair).value()));
}

Result<std::string> TlsCredentials::reload(std::int64_t now) {
  auto pair = load_pair(cert_path_, key_path_, now);
  if (!pair) {
    return fail(pair.error() + "; the certificate in use stays");
  }
  {
    const std::lock_guard lock(mutex_);
    pair_ = std::move(pair).value();
  }
  return describe();
}

std::shared_ptr<const TlsCredentials::Pair> TlsCredentials::current() const {
  const std::lock_guard lock(mutex_);
  return pair_;
}

std::string TlsCredentials::describe() const {
  const auto pair = current();
  return pair->subject + ", valid until " + http_date(pair->not_after) + ", " +
         std::to_string(1 + sk_X509_num(pair->chain)) + " certificate(s) from " + cert_path_;
}

int TlsCredentials::select_certificate(SSL *ssl, void *self) {
  const auto pair = static_cast<TlsCredentials *>(self)->current();
  // SSL_use_cert_and_key takes its own references; the pair may be swapped after.
  return SSL_use_cert_and_key(ssl, pair->leaf, pair->key, pair->chain, 1) == 1 ? 1 : 0;
}

bool TlsCredentials::configure(SSL_CTX &ctx) {
  SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // TLS 1.2: forward secrecy and AEAD only (Mozilla's "intermediate" set);
  // TLS 1.3's suites are all current and stay OpenSSL's default.
  if (SSL_CTX_set_cipher_list(&ctx, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1) {
    return false;
  }
  SSL_CTX_set_cert_cb(&ctx, &TlsCredentials::select_certificate, this);
  return true;
}

} // namespace veldwijzer::collector
