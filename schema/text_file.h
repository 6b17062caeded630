// Reading a whole input file (a taxonomy, a list of spelling variants, a
// markdown document): one place for the open and read checks.
#pragma once

#include <string>

#include "schema/result.h"

namespace clause {

// The bytes of the file at `path`. Errors say "is a directory, not a file"
// (invalid_argument), "cannot open for reading: <reason>" or "read error"
// (unavailable), without the path: the caller names the file.
Result<std::string> read_text_file(const std::string& path);

}  // namespace clause
