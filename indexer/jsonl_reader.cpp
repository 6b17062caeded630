#include "indexer/jsonl_reader.h"

#include <algorithm>
#include <cctype>

namespace clause {

JsonlReader::JsonlReader(std::istream& in, std::size_t max_line_bytes)
    : in_(in), max_line_bytes_(max_line_bytes) {}

bool JsonlReader::read_line() {
  line_.clear();
  too_long_ = false;
  std::size_t length = 0;
  bool any = false;
  std::streambuf* buf = in_.rdbuf();
  for (;;) {
    const int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in_.setstate(std::ios::eofbit);
      break;
    }
    any = true;
    ++bytes_read_;
    if (c == '\n') break;
    if (++length > max_line_bytes_) {
      too_long_ = true;  // keep counting to the newline, storing nothing more
      continue;
    }
    line_.push_back(static_cast<char>(c));
  }
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  if (too_long_) line_.clear();
  return any;
}

std::optional<JsonlLine> JsonlReader::next() {
  while (read_line()) {
    ++line_number_;
    if (too_long_) {
      return JsonlLine{line_number_,
                       Error::too_large("", "line longer than " + std::to_string(max_line_bytes_) +
                                                " bytes (see --max-line-bytes)")};
    }
    const bool blank = std::all_of(line_.begin(), line_.end(),
                                   [](unsigned char c) { return std::isspace(c); });
    if (blank) continue;
    return JsonlLine{line_number_, clause_from_json_text(line_)};
  }
  return std::nullopt;
}

}  // namespace clause
