// SHA-256 through OpenSSL, in one place: the raw digest (content hashes of
// records, API key digests, feed entry ids) and its 64 lower-case hex
// digits (content hashes of versioned clauses and provision versions, ids
// of change records, model identities).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace clause {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view bytes);

std::string sha256_hex(std::string_view bytes);

}  // namespace clause
