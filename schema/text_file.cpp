#include "schema/text_file.h"

#include <fstream>
#include <sstream>

namespace clause {

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::unavailable("cannot open for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Error::unavailable("read error");
  return std::move(buffer).str();
}

}  // namespace clause
