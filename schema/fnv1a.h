// FNV-1a hashes: fixed functions of the bytes, the same on every run,
// machine and compiler (unlike std::hash), for what must not change between
// builds: the shard of a platform (indexer/shard_router.h), the checksum of
// a type-model file, hashed type features and the platform halves of the
// held-out measurement. Not for security (see sha256 for that).
#pragma once

#include <cstdint>
#include <string_view>

namespace clause {

inline constexpr std::uint32_t kFnv1a32Basis = 2166136261u;

// The 32-bit hash continued over more bytes: fnv1a32_add(fnv1a32(a), b) is
// the hash of a followed by b, without joining them.
constexpr std::uint32_t fnv1a32_add(std::uint32_t h, std::string_view bytes) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

constexpr std::uint32_t fnv1a32(std::string_view bytes) { return fnv1a32_add(kFnv1a32Basis, bytes); }

constexpr std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace clause
