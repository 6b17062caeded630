// The building blocks of the query-string parsers (defined in
// server/search_params.cpp), shared by the parsers of other routes
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

}  // namespace clause::server::param_parsing
