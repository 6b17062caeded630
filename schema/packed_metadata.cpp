#include "schema/packed_metadata.h"

#include <zlib.h>

namespace clause::layout {
namespace {

constexpr char kDeflated = '\0';
// Below this, zlib's header and checksum (6 bytes) leave little to win.
constexpr std::size_t kMinPackedBytes = 64;

std::string deflated(const std::string& text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(1 + size, kDeflated);
  const int status = compress2(reinterpret_cast<Bytef*>(out.data() + 1), &size,
                               reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                               Z_DEFAULT_COMPRESSION);
  if (status != Z_OK) return {};
  out.resize(1 + size);
  return out;
}

// The inflated bytes, or nullopt when they are damaged.
std::optional<std::string> inflated(std::string_view packed) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  stream.avail_in = static_cast<uInt>(packed.size());
  std::string out;
  int status = Z_OK;
  char buffer[16384];
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END) return std::nullopt;
  return out;
}

}  // namespace

std::string pack_text(std::string text) {
  if (text.size() < kMinPackedBytes) return text;
  std::string packed = deflated(text);
  return !packed.empty() && packed.size() < text.size() ? packed : text;
}

std::optional<std::string> unpack_text(std::string_view stored) {
  if (stored.empty() || stored.front() != kDeflated) return std::string(stored);
  return inflated(stored.substr(1));
}

std::string pack_json(const nlohmann::json& value) { return pack_text(value.dump()); }

nlohmann::json unpack_json(std::string_view stored) {
  if (stored.empty()) return nullptr;
  const auto text = unpack_text(stored);
  return nlohmann::json::parse(text ? *text : std::string("!"), nullptr, false);
}

}  // namespace clause::layout
