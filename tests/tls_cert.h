// A self-signed certificate for TLS tests, made with OpenSSL's C API: a
// P-256 key and a certificate for one IP address (subjectAltName IP), valid
// for a day, written as PEM files into a test directory.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "tests/test_support.h"

namespace clause::testing {

struct TlsPair {
  std::string cert, key;  // PEM file paths
};

inline TlsPair make_self_signed(const TempDir& dir, const std::string& ip,
                                const std::string& name = "server") {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!key || !cert) throw std::runtime_error("OpenSSL: cannot create a key or certificate");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* subject = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(ip.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), subject);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const std::string& ext : {"subjectAltName=IP:" + ip, std::string("basicConstraints=CA:TRUE")}) {
    const auto eq = ext.find('=');
    X509_EXTENSION* e = X509V3_EXT_conf(nullptr, &ctx, ext.substr(0, eq).c_str(),
                                        ext.substr(eq + 1).c_str());
    if (e == nullptr) throw std::runtime_error("OpenSSL: bad extension " + ext);
    X509_add_ext(cert.get(), e, -1);
    X509_EXTENSION_free(e);
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) throw std::runtime_error("OpenSSL: sign");

  TlsPair pair{dir.file(name + "-cert.pem"), dir.file(name + "-key.pem")};
  FILE* out = std::fopen(pair.cert.c_str(), "w");
  PEM_write_X509(out, cert.get());
  std::fclose(out);
  out = std::fopen(pair.key.c_str(), "w");
  PEM_write_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(out);
  return pair;
}

}  // namespace clause::testing
