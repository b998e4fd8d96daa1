// test_certificates.h — throwaway certificates for the HTTPS tests, made with
// OpenSSL in the test (no files in the repository, nothing that expires on
// its own): an EC P-256 key, a certificate valid over [from, until] for
// veldwijzer.test and 127.0.0.1, self-signed or signed by a test CA.
//
//   TestKey ca_key, key;
//   auto ca = make_certificate(ca_key, "Veldwijzer test CA", now - 60, now + 86400);
//   auto leaf = make_certificate(key, "veldwijzer.test", now - 60, now + 86400, &ca, &ca_key);
//   write_bytes(dir / "cert.pem", pem(leaf) + pem(ca));   write_bytes(dir / "key.pem", pem(key));
//
//   TlsFiles files(now);   // all of that in a temporary folder: files.cert, files.key, files.ca_file
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "temp_folder.h"

#include <catch_amalgamated.hpp>

#include <cstdint>
#include <memory>
#include <string>

struct TestKey {
  std::shared_ptr<EVP_PKEY> key{EVP_EC_gen("P-256"), EVP_PKEY_free};
};

using TestCertificate = std::shared_ptr<X509>;

inline TestCertificate make_certificate(const TestKey &key, const std::string &common_name, std::int64_t from,
                                        std::int64_t until, const TestCertificate *issuer = nullptr,
                                        const TestKey *issuer_key = nullptr) {
  static long serial = 1;
  TestCertificate cert(X509_new(), X509_free);
  REQUIRE(cert);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(from));
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(until));
  X509_set_pubkey(cert.get(), key.key.get());
  X509_NAME *name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>(common_name.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer->get()) : name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer->get() : cert.get(), cert.get(), nullptr, nullptr, 0);
  const char *extension = issuer ? "DNS:veldwijzer.test,IP:127.0.0.1" : nullptr;
  if (extension == nullptr && common_name == "veldwijzer.test") {
    extension = "DNS:veldwijzer.test,IP:127.0.0.1";
  }
  if (extension != nullptr) {
    X509_EXTENSION *san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, extension);
    REQUIRE(san);
    X509_add_ext(cert.get(), san, -1);
    X509_EXTENSION_free(san);
  } else {
    X509_EXTENSION *ca = X509V3_EXT_conf_nid(nullptr, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    REQUIRE(ca);
    X509_add_ext(cert.get(), ca, -1);
    X509_EXTENSION_free(ca);
  }
  REQUIRE(X509_sign(cert.get(), (issuer_key ? issuer_key : &key)->key.get(), EVP_sha256()) > 0);
  return cert;
}

inline std::string pem_text(BIO *bio) {
  char *data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return text;
}

inline std::string pem(const TestCertificate &cert) {
  BIO *bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert.get());
  return pem_text(bio);
}

inline std::string pem(const TestKey &key, const char *pass_phrase = nullptr) {
  BIO *bio = BIO_new(BIO_s_mem());
  if (pass_phrase != nullptr) {
    PEM_write_bio_PrivateKey(bio, key.key.get(), EVP_aes_256_cbc(), nullptr, 0, nullptr,
                             const_cast<char *>(pass_phrase));
  } else {
    PEM_write_bio_PrivateKey(bio, key.key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  }
  return pem_text(bio);
}

constexpr std::int64_t kDay = 24 * 60 * 60;

// A CA, a certificate for veldwijzer.test signed by it (the file carries the
// chain), and its key, written to a folder.
struct TlsFiles {
  TempFolder tmp;
  TestKey ca_key;
  TestCertificate ca;
  std::string cert;
  std::string key;
  std::string ca_file;

  explicit TlsFiles(std::int64_t now, const std::string &name = "veldwijzer.test") {
    ca = make_certificate(ca_key, "Veldwijzer test CA", now - kDay, now + 30 * kDay);
    ca_file = tmp.file("ca.pem");
    write_bytes(ca_file, pem(ca));
    issue(name, now - 60, now + 30 * kDay);
  }
  // A new leaf under the same file names (a renewal).
  void issue(const std::string &name, std::int64_t from, std::int64_t until) {
    TestKey leaf_key;
    const TestCertificate leaf = make_certificate(leaf_key, name, from, until, &ca, &ca_key);
    cert = tmp.file("cert.pem");
    key = tmp.file("key.pem");
    write_bytes(cert, pem(leaf) + pem(ca));
    write_bytes(key, pem(leaf_key));
  }
};
