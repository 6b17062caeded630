// Severity of a clause: low < medium < high < critical.
//
// The rank (1..4) is what the index stores for sorting; 0 means "none".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clause {

enum class Severity { low = 1, medium = 2, high = 3, critical = 4 };

inline constexpr std::string_view kSeverityNames[] = {"low", "medium", "high", "critical"};

// Parses a severity name, case-insensitively; nullopt for anything else.
std::optional<Severity> parse_severity(std::string_view name);
std::string_view severity_name(Severity s);
inline int severity_rank(Severity s) { return static_cast<int>(s); }
inline int severity_rank(const std::optional<Severity>& s) { return s ? severity_rank(*s) : 0; }

}  // namespace clause
