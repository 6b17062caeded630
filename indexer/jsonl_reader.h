// Reads clause JSONL one line at a time with a bound on line length, so a
// multi-gigabyte line cannot exhaust memory. Blank lines are skipped.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>

#include "schema/clause_record.h"

namespace clause {

inline constexpr std::size_t kDefaultMaxLineBytes = 1024 * 1024;

struct JsonlLine {
  std::size_t number = 0;  // 1-based line number in the input
  Result<ClauseRecord> record;
};

class JsonlReader {
 public:
  explicit JsonlReader(std::istream& in, std::size_t max_line_bytes = kDefaultMaxLineBytes);

  // The next non-blank line, parsed and validated; nullopt at the end.
  std::optional<JsonlLine> next();
  // Bytes consumed so far (for progress and ETA).
  std::size_t bytes_read() const { return bytes_read_; }
  // True when the stream failed for a reason other than reaching its end.
  bool failed() const { return in_.bad(); }

 private:
  // Reads one line into line_; false at the end. Sets too_long_ when the
  // line passed the limit (its remainder is consumed and discarded).
  bool read_line();

  std::istream& in_;
  std::size_t max_line_bytes_;
  std::size_t line_number_ = 0;
  std::size_t bytes_read_ = 0;
  std::string line_;
  bool too_long_ = false;
};

}  // namespace clause
