// Reading a whole input file (a taxonomy, a list of spelling variants, a
// markdown document): one place for the open and read checks.
#pragma once

#include <string>

#include "schema/result.h"

namespace clause {

// The bytes of the file at `path`. Errors (unavailable) say "cannot open for
// reading" or "read error", without the path: the caller names the file.
Result<std::string> read_text_file(const std::string& path);

}  // namespace clause
