// gzip for answers a client accepts it for (RFC 9110 8.4, 12.5.3): the
// transport compresses a text answer (JSON, HTML, scripts, XML) of at least
// a set size when the request's Accept-Encoding allows gzip. A search page of
// 100 results (66 KB of JSON) travels as about 6 KB.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "server/http_api.h"

namespace clause::server {

// Whether an Accept-Encoding value allows gzip: "gzip" (or "x-gzip"), else
// "*", with a weight above 0. An absent or empty header allows none; a
// weight that is not a number counts as 0 (when unsure, send it plain).
bool accepts_gzip(std::string_view accept_encoding);

// Whether gzip can apply to the answer: a text type, no coding of its own,
// a status with a body, at least `min_bytes` of it. Such an answer varies
// with Accept-Encoding whether or not this client gets it compressed.
bool compressible(const ApiResponse& response, std::size_t min_bytes);

// The gzip form of `data` (deflate level 1: most of the gain at a fraction
// of the default level's time), or nothing when zlib fails.
std::string gzip(std::string_view data);

// Makes `response` what a client that does (`accepted`) or does not accept
// gzip gets: compressed with `Content-Encoding: gzip` when it accepts and the
// answer is compressible (and smaller compressed), and `Vary:
// Accept-Encoding` on every compressible answer. min_bytes 0: never.
void encode_for_client(ApiResponse& response, bool accepted, std::size_t min_bytes);

// The answer as this client gets it: 304 Not Modified when its
// If-None-Match names the answer's tag (server/conditional.h), with the tag
// and Vary of the form it would have got; else encode_for_client.
void answer_for_client(ApiResponse& response, std::string_view method, std::string_view if_none_match,
                       bool accepted, std::size_t min_bytes);

}  // namespace clause::server
