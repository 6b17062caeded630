// API keys (issue 20): the keys file, its hashed keys, and the per-key rate
// limit. The server never holds a key in clear: the file and the store keep
// SHA-256 digests, and a presented key is hashed and compared with every
// stored digest in constant time (CRYPTO_memcmp, no early exit).
//
// The keys file (docs/API.md, "API keys") is text, one key a line:
//   NAME SCOPE RATE BURST SHA256-HEX
// '#' starts a comment line; blank lines are skipped. NAME is 1..64 of
// [A-Za-z0-9._-] and unique (it is what logs and /metrics show); SCOPE is
// `search` (read routes) or `admin` (also writes and /metrics); RATE is
// requests per second (0.001..1000000), BURST the bucket size (a whole number >= 1).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "schema/result.h"

namespace clause::server {

enum class KeyScope { search, admin };

using KeyDigest = std::array<std::uint8_t, 32>;

struct ApiKey {
  std::string name;
  KeyScope scope = KeyScope::search;
  double rate = 1;   // tokens added per second
  double burst = 1;  // bucket size: requests allowed at once
  KeyDigest digest{};
};

const char* scope_name(KeyScope scope);

// SHA-256 of a key as sent.
KeyDigest key_digest(std::string_view key);
// A new random key (32 bytes from OpenSSL's RAND_bytes, hex, prefixed
// "ck_"). Throws std::runtime_error when the random source fails.
std::string generate_key();

// Checks a key's fields (name, rate, burst); the error names the field.
Result<bool> validate_key(const ApiKey& key);
// Parses a keys file's text. Errors name `source`:line and the field.
Result<std::vector<ApiKey>> parse_keys(std::string_view text, const std::string& source);
// Reads and parses a keys file; an unreadable file is an error naming it.
Result<std::vector<ApiKey>> load_keys_file(const std::string& path);
// One line of the keys file for `key` (with its newline).
std::string key_line(const ApiKey& key);

// What the store says of a presented key.
struct Admission {
  enum class Verdict { admitted, unknown_key, over_rate } verdict = Verdict::unknown_key;
  std::string name;  // the key's name (empty for an unknown key)
  KeyScope scope = KeyScope::search;
  int retry_after_seconds = 0;  // with over_rate: when a token is next free
};

// The keys in use and one token bucket per key. Thread-safe: admit() and
// replace() may run concurrently (a SIGHUP reload while serving).
class KeyStore {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  explicit KeyStore(std::vector<ApiKey> keys, Clock clock = std::chrono::steady_clock::now);

  // Looks the key up and takes a token from its bucket.
  Admission admit(std::string_view presented);
  // Puts new keys in use. A key whose name stays keeps its bucket (capped at
  // the new burst), so a reload is no way around a rate limit.
  void replace(std::vector<ApiKey> keys);
  std::size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
  };
  Clock clock_;
  mutable std::mutex mu_;
  std::vector<ApiKey> keys_;
  std::map<std::string, Bucket> buckets_;  // by key name
};

}  // namespace clause::server
