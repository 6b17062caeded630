// The building blocks of the query-string parsers (defined in
// server/param_parsing.cpp), shared by the parsers of other routes
// (server/change_params.cpp). Each returns an error naming the parameter.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/result.h"
#include "server/search_params.h"

namespace clause::server::param_parsing {

using Names = std::initializer_list<std::string_view>;

std::string trim(std::string_view s);
// Parameters the endpoint does not know are an error listing what it takes;
// values must be valid UTF-8.
std::optional<Error> check_names(const ParamMap& params, Names allowed);
// The value of a parameter that may appear at most once.
Result<std::optional<std::string>> single(const ParamMap& params, std::string_view name);
// A whole number in min..max, `fallback` when absent.
Result<std::size_t> count(const ParamMap& params, std::string_view name, std::size_t fallback,
                          std::size_t min, std::size_t max);
// A filter's values, repeated and/or comma-separated, as slugs (at most
// limits::kMaxFilterValues).
Result<std::vector<std::string>> slug_list(const ParamMap& params, std::string_view name);
// A calendar date YYYY-MM-DD, or empty when the parameter is absent.
Result<std::string> date_bound(const ParamMap& params, std::string_view name);
// `severity` values, each one of the severity names.
Result<std::vector<std::string>> severity_list(const ParamMap& params);
// limit (0..kMaxLimit) and offset (0..kMaxOffset).
Result<Page> page(const ParamMap& params);
// Too many words, brackets or wildcards in q.
std::optional<Error> check_query_shape(std::string_view q);

// A true/false switch that may appear at most once ("1"/"0" accepted too).
Result<bool> flag(const ParamMap& params, std::string_view name, bool fallback);
// facets=true|false (1|0), or the names of the facets to count as a comma
// list: "category,document". Once at most, like every switch.
Result<std::vector<layout::Facet>> facet_selection(const ParamMap& params);
// updated_after and updated_before: calendar dates, the first not after the second.
Result<DateRange> updated_range(const ParamMap& params);
// sort: relevance (default), severity, platform or updated.
Result<SortOrder> sort_order(const ParamMap& params);
// `lang`: the code of a supported language (any case), English by default.
Result<std::string> query_language(const ParamMap& params);
// collapse=platform: one hit per platform; absent, empty or "none": off.
Result<Collapse> collapse_mode(const ParamMap& params);
// A slug from the path, slugified; not_found naming `what` when it is empty
// or not UTF-8.
Result<std::string> path_slug(std::string_view raw, std::string_view what);
// min_type_confidence: a number in 0..1, or nothing when not given.
Result<std::optional<double>> min_type_confidence(const ParamMap& params);
// type_source values are given or predicted (checked here, not against the
// index: "predicted" on an index without predictions finds nothing).
std::optional<Error> check_type_sources(const std::vector<std::string>& values);

}  // namespace clause::server::param_parsing
