#include "server/param_parsing.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <optional>

#include "schema/clause_record.h"
#include "schema/index_layout.h"
#include "schema/iso_date.h"
#include "schema/language.h"
#include "schema/severity.h"
#include "schema/slug.h"
#include "schema/utf8.h"

// The helpers shared by the query-string parsers (server/search_params.cpp,
// server/change_params.cpp).
namespace clause::server::param_parsing {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

// Rejects parameters this endpoint does not know (all of them, named) and
// values that are not valid UTF-8.
std::optional<Error> check_names(const ParamMap& params, Names allowed) {
  std::string unknown;
  for (const auto& [name, value] : params) {
    // `?=x` or `?&=`: quoting '' as an unknown name would hide the mistake.
    if (name.empty()) {
      return Error::invalid("", "parameter with an empty name (\"=" + value +
                                    "\" in the query string)");
    }
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      if (unknown.find("'" + name + "'") == std::string::npos) {
        unknown += (unknown.empty() ? "'" : ", '") + name + "'";
      }
    } else if (const auto bad = utf8::first_invalid(value)) {
      return Error::invalid(name, "parameter '" + name + "': invalid UTF-8 at byte " +
                                      std::to_string(*bad + 1));
    }
  }
  if (unknown.empty()) return std::nullopt;
  std::string known;
  for (auto n : allowed) known += (known.empty() ? "" : ", ") + std::string(n);
  const std::string first = unknown.substr(1, unknown.find('\'', 1) - 1);
  return Error::invalid(first, "unknown parameter " + unknown + "; this endpoint takes: " +
                                   (known.empty() ? "no parameters" : known));
}

// The value of a parameter that may appear at most once.
Result<std::optional<std::string>> single(const ParamMap& params, std::string_view name) {
  const auto [lo, hi] = params.equal_range(std::string(name));
  if (lo == hi) return std::optional<std::string>{};
  if (std::next(lo) != hi) {
    return Error::invalid(std::string(name),
                          "parameter '" + std::string(name) + "' is given more than once");
  }
  return std::optional<std::string>{lo->second};
}

Result<std::size_t> count(const ParamMap& params, std::string_view name, std::size_t fallback,
                          std::size_t min, std::size_t max) {
  auto raw = single(params, name);
  if (!raw) return raw.error();
  if (!raw->has_value()) return fallback;
  // No trimming: " 5" is not a whole number, and accepting it would make
  // `limit=%205` work here and fail in every stricter client or proxy.
  const std::string& text = **raw;
  const std::string n(name);
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  if (text.empty() || ec == std::errc::invalid_argument || end != text.data() + text.size()) {
    return Error::invalid(n, "parameter '" + n + "': expected a whole number in " + range +
                                 ", got '" + **raw + "'");
  }
  if (ec == std::errc::result_out_of_range || value < min || value > max) {
    return Error::invalid(n, "parameter '" + n + "' is out of range: " + **raw + " is not in " +
                                 range);
  }
  return value;
}

Result<bool> flag(const ParamMap& params, std::string_view name, bool fallback) {
  auto raw = single(params, name);
  if (!raw) return raw.error();
  if (!raw->has_value()) return fallback;
  const std::string v = trim(**raw);
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  const std::string n(name);
  return Error::invalid(n, "parameter '" + n + "': expected true or false, got '" + **raw + "'");
}

// All values of a filter parameter: repeated and/or comma-separated, as slugs.
Result<std::vector<std::string>> slug_list(const ParamMap& params, std::string_view name) {
  std::vector<std::string> slugs;
  const std::string n(name);
  const auto [lo, hi] = params.equal_range(n);
  for (auto it = lo; it != hi; ++it) {
    std::string_view rest = it->second;
    while (true) {
      const auto comma = rest.find(',');
      const std::string item = trim(rest.substr(0, comma));
      if (!item.empty()) {
        std::string slug = slugify(item);
        if (slug.empty()) {
          return Error::invalid(n, "parameter '" + n + "': '" + item +
                                       "' has no letter or digit");
        }
        if (std::find(slugs.begin(), slugs.end(), slug) == slugs.end()) {
          slugs.push_back(std::move(slug));
        }
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (slugs.size() > limits::kMaxFilterValues) {
    return Error::invalid(n, "parameter '" + n + "': more than " +
                                 std::to_string(limits::kMaxFilterValues) + " values");
  }
  return slugs;
}

Result<std::vector<layout::Facet>> facet_selection(const ParamMap& params) {
  auto raw = single(params, param::kFacets);
  if (!raw) return raw.error();
  const std::string value = trim(raw->value_or("true"));
  if (value == "true" || value == "1") {
    return std::vector<layout::Facet>(std::begin(kDefaultFacets), std::end(kDefaultFacets));
  }
  if (value == "false" || value == "0") return std::vector<layout::Facet>{};
  std::string names;
  for (const auto& f : layout::kFacets) names += ", " + std::string(f.name);
  std::vector<layout::Facet> chosen;
  std::string_view rest = value;
  while (true) {
    const auto comma = rest.find(',');
    const std::string item = trim(rest.substr(0, comma));
    const auto* known = std::find_if(std::begin(layout::kFacets), std::end(layout::kFacets),
                                     [&](const auto& f) { return f.name == item; });
    if (known == std::end(layout::kFacets)) {
      return Error::invalid(std::string(param::kFacets),
                            "parameter 'facets': expected true, false or a comma list of" +
                                names.substr(1) + "; got '" + item + "'");
    }
    if (std::find(chosen.begin(), chosen.end(), known->facet) == chosen.end()) chosen.push_back(known->facet);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return chosen;
}

// One end of the `updated` range: a calendar date, or empty when not given.
Result<std::string> date_bound(const ParamMap& params, std::string_view name) {
  auto raw = single(params, name);
  if (!raw) return raw.error();
  if (!raw->has_value()) return std::string();
  std::string date = trim(**raw);
  if (!is_calendar_date(date)) {
    const std::string n(name);
    return Error::invalid(n, "parameter '" + n + "': expected a date YYYY-MM-DD, got '" + **raw + "'");
  }
  return date;
}

Result<DateRange> updated_range(const ParamMap& params) {
  auto after = date_bound(params, param::kUpdatedAfter);
  if (!after) return after.error();
  auto before = date_bound(params, param::kUpdatedBefore);
  if (!before) return before.error();
  if (!after->empty() && !before->empty() && *after > *before) {
    return Error::invalid(std::string(param::kUpdatedAfter),
                          "parameter 'updated_after' (" + *after + ") is later than 'updated_before' (" +
                              *before + "): the range is empty");
  }
  return DateRange{*after, *before};
}

Result<std::vector<std::string>> severity_list(const ParamMap& params) {
  auto values = slug_list(params, param::kSeverity);
  if (!values) return values.error();
  for (const auto& v : *values) {
    if (!parse_severity(v)) {
      return Error::invalid(std::string(param::kSeverity),
                            "parameter 'severity': expected low, medium, high or critical, got '" +
                                v + "'");
    }
  }
  return values;
}

Result<Page> page(const ParamMap& params) {
  auto limit = count(params, param::kLimit, limits::kDefaultLimit, 0, limits::kMaxLimit);
  if (!limit) return limit.error();
  auto offset = count(params, param::kOffset, 0, 0, limits::kMaxOffset);
  if (!offset) return offset.error();
  return Page{*limit, *offset};
}

Result<SortOrder> sort_order(const ParamMap& params) {
  auto raw = single(params, param::kSort);
  if (!raw) return raw.error();
  if (!raw->has_value()) return SortOrder::relevance;
  const std::string v = trim(**raw);
  if (v.empty() || v == "relevance") return SortOrder::relevance;
  if (v == "severity") return SortOrder::severity;
  if (v == "platform") return SortOrder::platform;
  if (v == "updated") return SortOrder::updated;
  return Error::invalid(std::string(param::kSort),
                        "parameter 'sort': expected relevance, severity, platform or updated, "
                        "got '" + v + "'");
}

Result<std::string> query_language(const ParamMap& params) {
  auto raw = single(params, param::kLang);
  if (!raw) return raw.error();
  if (!raw->has_value()) return std::string(kDefaultLanguage);
  const std::string v = trim(**raw);
  if (const auto language = find_language(v)) return std::string(language->code);
  return Error::invalid(std::string(param::kLang),
                        "parameter 'lang': expected the ISO 639-1 code of a supported language (" +
                            supported_language_codes() + "), got '" + **raw + "'");
}

Result<Collapse> collapse_mode(const ParamMap& params) {
  auto raw = single(params, param::kCollapse);
  if (!raw) return raw.error();
  const std::string v = trim(raw->value_or(""));
  if (v.empty() || v == "none") return Collapse::none;
  if (v == "platform") return Collapse::platform;
  return Error::invalid(std::string(param::kCollapse),
                        "parameter 'collapse': expected platform or none, got '" + v + "'");
}

Result<std::string> path_slug(std::string_view raw, std::string_view what) {
  std::string slug = slugify(raw);
  if (slug.empty() || utf8::first_invalid(raw)) {
    return Error::not_found("slug", "no " + std::string(what) + " '" + std::string(raw) + "'");
  }
  return slug;
}

// Refuses queries whose shape would make the match expensive: too many
// words, brackets nested too deep, too many wildcards (each expands to up to
// 500 terms). Words are runs of letters, digits and non-ASCII bytes.
std::optional<Error> check_query_shape(std::string_view q) {
  std::size_t words = 0, wildcards = 0, depth = 0, deepest = 0;
  const auto is_word = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
  for (std::size_t i = 0; i < q.size(); ++i) {
    const auto c = static_cast<unsigned char>(q[i]);
    if (c == '(') deepest = std::max(deepest, ++depth);
    if (c == ')' && depth > 0) --depth;
    if (c == '*' && i > 0 && is_word(static_cast<unsigned char>(q[i - 1]))) ++wildcards;
    if (is_word(c) && (i == 0 || !is_word(static_cast<unsigned char>(q[i - 1])))) ++words;
  }
  const auto refuse = [](const std::string& what, std::size_t most) {
    return Error::invalid(std::string(param::kQuery), "parameter 'q' has too many " + what +
                                                          " (at most " + std::to_string(most) +
                                                          ")");
  };
  if (words > limits::kMaxQueryTerms) return refuse("words", limits::kMaxQueryTerms);
  if (deepest > limits::kMaxQueryDepth) return refuse("nested brackets", limits::kMaxQueryDepth);
  if (wildcards > limits::kMaxQueryWildcards) return refuse("wildcards", limits::kMaxQueryWildcards);
  return std::nullopt;
}

Result<std::optional<double>> min_type_confidence(const ParamMap& params) {
  auto raw = single(params, param::kMinTypeConfidence);
  if (!raw) return raw.error();
  if (!raw->has_value()) return std::optional<double>{};
  const std::string& text = **raw;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(value >= 0 && value <= 1)) {
    return Error::invalid(std::string(param::kMinTypeConfidence),
                          "parameter 'min_type_confidence': expected a number in 0..1, got '" + text + "'");
  }
  return std::optional<double>{value};
}

std::optional<Error> check_type_sources(const std::vector<std::string>& values) {
  for (const auto& v : values) {
    if (v != layout::kTypeSourceGiven && v != layout::kTypeSourcePredicted) {
      return Error::invalid(std::string(param::kTypeSource),
                            "parameter 'type_source': expected given or predicted, got '" + v + "'");
    }
  }
  return std::nullopt;
}

}  // namespace clause::server::param_parsing
