// Inflates a gzip (or zlib) body, as a client that asked for gzip does.
#pragma once

#include <zlib.h>

#include <string>

namespace clause::testing {

// `packed` inflated, or "<error>" when it is not a whole gzip or zlib stream
// (of at most 4 MiB inflated).
inline std::string gunzip(const std::string& packed) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return "<error>";
  std::string out(4 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  stream.avail_in = static_cast<uInt>(packed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return status == Z_STREAM_END ? out : "<error>";
}

}  // namespace clause::testing
