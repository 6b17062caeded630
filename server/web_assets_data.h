// The files of server/web/, embedded by server/web/embed.cmake into a
// generated source file. Only web_assets.cpp reads these.
#pragma once

#include <cstddef>

namespace clause::server::generated {

struct EmbeddedFile {
  const char* name;  // file name relative to server/web/, e.g. "app.js"
  const unsigned char* data;
  std::size_t size;
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;

}  // namespace clause::server::generated
