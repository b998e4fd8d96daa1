// credentials.cpp — random secrets and digests with OpenSSL's libcrypto.
#include "credentials.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

namespace veldwijzer::collector {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

std::string to_hex(const unsigned char *bytes, std::size_t size) {
  std::string out(size * 2, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kHexDigits[bytes[i] >> 4];
    out[2 * i + 1] = kHexDigits[bytes[i] & 0x0f];
  }
  return out;
}

void random_bytes(unsigned char *out, std::size_t size) {
  // RAND_bytes fails only when the CSPRNG cannot be seeded; handing out a
  // guessable secret would be worse than stopping.
  if (RAND_bytes(out, static_cast<int>(size)) != 1) {
    throw std::runtime_error("the system's random number generator is unavailable");
  }
}

bool all_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 is unavailable in libcrypto");
  }
  return to_hex(digest.data(), size);
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  random_bytes(buffer.data(), buffer.size());
  return to_hex(buffer.data(), buffer.size());
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string new_token() {
  return random_hex(32);
}

bool is_token(std::string_view text) {
  return text.size() == 64 && all_hex(text);
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = authorization[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kScheme[i]) {
      return std::nullopt;
    }
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') {
    token.remove_prefix(1);
  }
  while (!token.empty() && token.back() == ' ') {
    token.remove_suffix(1);
  }
  if (token.empty()) {
    return std::nullopt;
  }
  return token;
}

std::string new_token_id() {
  return random_hex(6);
}

bool is_token_id(std::string_view text) {
  return text.size() == 12 && all_hex(text);
}

std::string new_enrollment_code() {
  // Rejection sampling keeps every character equally likely: 248 = 8 * 31.
  constexpr unsigned kLimit = 256 - 256 % kEnrollmentCodeAlphabet.size();
  std::string code;
  while (code.size() < kEnrollmentCodeLength) {
    std::array<unsigned char, 32> bytes{};
    random_bytes(bytes.data(), bytes.size());
    for (const unsigned char b : bytes) {
      if (b < kLimit && code.size() < kEnrollmentCodeLength) {
        code.push_back(kEnrollmentCodeAlphabet[b % kEnrollmentCodeAlphabet.size()]);
      }
    }
  }
  return code;
}

std::optional<std::string> canonical_enrollment_code(std::string_view typed) {
  std::string code;
  for (const char c : typed) {
    if (c == '-' || c == ' ') {
      continue;
    }
    const char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (kEnrollmentCodeAlphabet.find(upper) == std::string_view::npos || code.size() >= kEnrollmentCodeLength) {
      return std::nullopt;
    }
    code.push_back(upper);
  }
  if (code.size() != kEnrollmentCodeLength) {
    return std::nullopt;
  }
  return code;
}

std::string grouped_enrollment_code(std::string_view canonical) {
  std::string out;
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    if (i > 0 && i % 4 == 0) {
      out.push_back('-');
    }
    out.push_back(canonical[i]);
  }
  return out;
}

} // namespace veldwijzer::collector
