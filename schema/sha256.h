// The SHA-256 of bytes as 64 lower-case hex digits (OpenSSL): content
// hashes of versioned clauses and provision versions, ids of change
// records, model identities.
#pragma once

#include <string>
#include <string_view>

namespace clause {

std::string sha256_hex(std::string_view bytes);

}  // namespace clause
