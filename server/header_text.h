// Reading HTTP header values: the optional whitespace around list elements
// and parameters, and names compared without regard to ASCII case (RFC 9110
// 5.5, 5.1).
#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace clause::server {

// `s` without the spaces and tabs around it.
inline std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Whether two names are the same but for ASCII case ("Vary", "vary").
inline bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Whether `pred` holds for an element of a comma-separated header list
// (RFC 9110 5.6.1), each element without the blanks around it; empty
// elements are skipped. Stops at the first that holds.
template <class Pred>
bool any_list_element(std::string_view list, Pred pred) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view element = trim_spaces(list.substr(0, comma));
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    if (!element.empty() && pred(element)) return true;
  }
  return false;
}

// The value of the first header called `name` (any case) in a list of
// (name, value) pairs, or nullptr; writable when the list is.
template <class Headers>
auto* find_header(Headers& headers, std::string_view name) {
  auto it = std::find_if(headers.begin(), headers.end(),
                         [&](const auto& h) { return same_ignoring_case(h.first, name); });
  return it == headers.end() ? nullptr : &it->second;
}

}  // namespace clause::server
