#include "schema/severity.h"

#include <cctype>

namespace clause {

std::optional<Severity> parse_severity(std::string_view name) {
  std::string lower;
  lower.reserve(name.size());
  for (char c : name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (int i = 0; i < 4; ++i) {
    if (lower == kSeverityNames[i]) return static_cast<Severity>(i + 1);
  }
  return std::nullopt;
}

std::string_view severity_name(Severity s) { return kSeverityNames[static_cast<int>(s) - 1]; }

}  // namespace clause
