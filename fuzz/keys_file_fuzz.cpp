// Fuzzes the API keys file parser (server/api_keys.h), which a running
// server reads again on every SIGHUP: any bytes must parse or be refused
// with an error, and an accepted file must write back (key_line) to a file
// that parses to the same keys.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/api_keys.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto keys = clause::server::parse_keys(text, "keys");
  if (!keys) return 0;
  std::string again;
  for (const auto& key : *keys) again += clause::server::key_line(key);
  auto reparsed = clause::server::parse_keys(again, "again");
  if (!reparsed || reparsed->size() != keys->size()) __builtin_trap();
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const auto& a = (*keys)[i];
    const auto& b = (*reparsed)[i];
    if (a.name != b.name || a.scope != b.scope || a.burst != b.burst || a.digest != b.digest) __builtin_trap();
  }
  return 0;
}
