// Which shard of a sharded index holds a clause: a fixed function of the
// platform slug, so that every clause of one platform lives in one shard
// ("one per platform" and per-platform pages stay exact across shards) and
// the choice never changes between runs, machines or compilers.
//
// The function is 64-bit FNV-1a (schema/fnv1a.h; offset basis 14695981039346656037, prime
// 1099511628211) over the slug's bytes, modulo the number of shards. Not
// std::hash, whose value is unspecified and may differ between builds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "schema/fnv1a.h"

namespace clause {

// The shard (0..shards-1) of a platform slug. shards must be at least 1.
constexpr std::size_t shard_of_platform(std::string_view platform_slug, std::size_t shards) {
  return static_cast<std::size_t>(fnv1a64(platform_slug) % shards);
}

}  // namespace clause
