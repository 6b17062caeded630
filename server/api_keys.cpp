#include "server/api_keys.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "schema/sha256.h"
#include "schema/text_file.h"

namespace clause::server {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string hex(const std::uint8_t* bytes, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xF]);
  }
  return out;
}

bool parse_digest(std::string_view text, KeyDigest& out) {
  if (text.size() != out.size() * 2) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto [end, ec] = std::from_chars(text.data() + 2 * i, text.data() + 2 * i + 2, out[i], 16);
    if (ec != std::errc() || end != text.data() + 2 * i + 2) return false;
  }
  return true;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

// Parses one non-comment line into `key`; the error says which field.
std::optional<std::string> parse_line(std::string_view line, ApiKey& key) {
  const auto f = fields_of(line);
  if (f.size() != 5) return "expected 5 fields (NAME SCOPE RATE BURST SHA256-HEX), got " +
                            std::to_string(f.size());
  key.name = std::string(f[0]);
  if (f[1] == "search") {
    key.scope = KeyScope::search;
  } else if (f[1] == "admin") {
    key.scope = KeyScope::admin;
  } else {
    return "field 'scope': expected search or admin, got '" + std::string(f[1]) + "'";
  }
  auto [end, ec] = std::from_chars(f[2].data(), f[2].data() + f[2].size(), key.rate);
  if (ec != std::errc() || end != f[2].data() + f[2].size()) {
    return "field 'rate': not a number: '" + std::string(f[2]) + "'";
  }
  long burst = 0;
  auto [bend, bec] = std::from_chars(f[3].data(), f[3].data() + f[3].size(), burst);
  if (bec != std::errc() || bend != f[3].data() + f[3].size()) {
    return "field 'burst': not a whole number: '" + std::string(f[3]) + "'";
  }
  key.burst = static_cast<double>(burst);
  if (!parse_digest(f[4], key.digest)) return "field 'sha256': expected 64 hex digits";
  if (auto ok = validate_key(key); !ok) return ok.error().message;
  return std::nullopt;
}

}  // namespace

const char* scope_name(KeyScope scope) { return scope == KeyScope::admin ? "admin" : "search"; }

KeyDigest key_digest(std::string_view key) { return sha256(key); }

std::string generate_key() {
  std::uint8_t bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  return "ck_" + hex(bytes, sizeof bytes);
}

Result<bool> validate_key(const ApiKey& key) {
  if (key.name.empty() || key.name.size() > 64 ||
      !std::all_of(key.name.begin(), key.name.end(), is_name_char)) {
    return Error::invalid("name", "field 'name': 1 to 64 of A-Z a-z 0-9 . _ -, got '" + key.name + "'");
  }
  // From one request in about 17 minutes: key_line's 6 digits then always
  // write a rate that reads back.
  if (!(key.rate >= 0.001 && key.rate <= 1e6)) {
    return Error::invalid("rate", "field 'rate': requests per second from 0.001 to 1000000");
  }
  if (!(key.burst >= 1 && key.burst <= 1e6) || key.burst != std::floor(key.burst)) {
    return Error::invalid("burst", "field 'burst': a whole number in 1..1000000");
  }
  return true;
}

Result<std::vector<ApiKey>> parse_keys(std::string_view text, const std::string& source) {
  std::vector<ApiKey> keys;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    ApiKey key;
    const std::string where = source + ":" + std::to_string(line_no);
    if (auto err = parse_line(line, key)) return Error::invalid("keys", where + ": " + *err);
    for (const auto& other : keys) {
      if (other.name == key.name) {
        return Error::invalid("keys", where + ": field 'name': '" + key.name + "' is used twice");
      }
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

Result<std::vector<ApiKey>> load_keys_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return Error::invalid("--keys", "keys file " + path + ": " + text.error().message);
  return parse_keys(*text, path);
}

std::string key_line(const ApiKey& key) {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%g", key.rate);
  return key.name + " " + scope_name(key.scope) + " " + rate + " " +
         std::to_string(static_cast<long>(key.burst)) + " " + hex(key.digest.data(), key.digest.size()) +
         "\n";
}

KeyStore::KeyStore(std::vector<ApiKey> keys, Clock clock) : clock_(std::move(clock)) {
  replace(std::move(keys));
}

void KeyStore::replace(std::vector<ApiKey> keys) {
  const auto now = clock_();
  std::lock_guard lock(mu_);
  std::map<std::string, Bucket> buckets;
  for (const auto& key : keys) {
    const auto old = buckets_.find(key.name);
    buckets[key.name] = old == buckets_.end() ? Bucket{key.burst, now}
                                               : Bucket{std::min(old->second.tokens, key.burst),
                                                        old->second.last};
  }
  keys_ = std::move(keys);
  buckets_ = std::move(buckets);
}

std::size_t KeyStore::size() const {
  std::lock_guard lock(mu_);
  return keys_.size();
}

Admission KeyStore::admit(std::string_view presented) {
  const KeyDigest digest = key_digest(presented);
  const auto now = clock_();
  std::lock_guard lock(mu_);
  // Every stored digest is compared, so the time taken does not say which
  // key (or how much of one) matched.
  const ApiKey* found = nullptr;
  for (const auto& key : keys_) {
    if (CRYPTO_memcmp(key.digest.data(), digest.data(), digest.size()) == 0) found = &key;
  }
  Admission a;
  if (found == nullptr) return a;
  a.name = found->name;
  a.scope = found->scope;
  Bucket& b = buckets_[found->name];
  const double elapsed = std::chrono::duration<double>(now - b.last).count();
  b.tokens = std::min(found->burst, b.tokens + std::max(0.0, elapsed) * found->rate);
  b.last = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    a.verdict = Admission::Verdict::admitted;
  } else {
    a.verdict = Admission::Verdict::over_rate;
    // Capped at a day: a tiny rate must not overflow the header's number.
    const double wait = std::ceil((1 - b.tokens) / found->rate);
    a.retry_after_seconds = static_cast<int>(std::clamp(wait, 1.0, 86400.0));
  }
  return a;
}

}  // namespace clause::server
