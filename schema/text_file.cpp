#include "schema/text_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace clause {

Result<std::string> read_text_file(const std::string& path) {
  // An ifstream opens a directory and reads nothing from it: the caller
  // would then report an empty or malformed file instead of what is wrong.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return Error::invalid("", "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::unavailable("cannot open for reading: " + std::string(std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Error::unavailable("read error");
  return std::move(buffer).str();
}

}  // namespace clause
