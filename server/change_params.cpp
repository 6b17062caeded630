#include "server/change_params.h"

#include <algorithm>
#include <cctype>

#include "server/param_parsing.h"

namespace clause::server {

using namespace param_parsing;

namespace {

// month=YYYY-MM[,YYYY-MM...]: the month facet's values.
Result<std::vector<std::string>> month_list(const ParamMap& params) {
  auto values = slug_list(params, search::param::kMonth);
  if (!values) return values.error();
  for (const auto& v : *values) {
    const bool digits = v.size() == 7 && v[4] == '-' &&
                        std::all_of(v.begin(), v.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
                        std::isdigit(static_cast<unsigned char>(v[5])) && std::isdigit(static_cast<unsigned char>(v[6]));
    const int m = digits ? (v[5] - '0') * 10 + (v[6] - '0') : 0;
    if (m < 1 || m > 12) {
      return Error::invalid(std::string(search::param::kMonth),
                            "parameter 'month': expected YYYY-MM (a month of the month facet), got '" + v + "'");
    }
  }
  return values;
}

}  // namespace

Result<search::ChangesRequest> parse_changes(const ParamMap& params, ChangeAnswer answer) {
  using namespace param;
  const bool list = answer == ChangeAnswer::list;
  if (auto err = list ? check_names(params, {kQuery, kPlatform, kDocument, kCategory, kSeverity, kType, kMonth,
                                             kSince, kUntil, kLimit, kOffset, kFacetLimit})
                      : check_names(params, {kQuery, kPlatform, kDocument, kCategory, kSeverity, kType, kMonth,
                                             kSince, kUntil, kLimit, kOffset, kFeedKey})) {
    return *err;
  }
  search::ChangesRequest req;
  req.facets = list;
  req.diffs = !list;  // the feed shows the clauses' diffs; the list leaves the clauses out
  auto q = single(params, kQuery);
  if (!q) return q.error();
  req.q = trim(q->value_or(""));
  if (req.q.size() > limits::kMaxQueryBytes) {
    return Error::invalid(std::string(kQuery),
                          "parameter 'q' is longer than " + std::to_string(limits::kMaxQueryBytes) + " bytes");
  }
  if (auto err = check_query_shape(req.q)) return *err;
  for (auto [name, values] : {std::pair{kPlatform, &req.platform}, std::pair{kDocument, &req.document},
                              std::pair{kCategory, &req.category}, std::pair{kType, &req.type}}) {
    auto slugs = slug_list(params, name);
    if (!slugs) return slugs.error();
    *values = std::move(*slugs);
  }
  auto severities = severity_list(params);
  if (!severities) return severities.error();
  req.severity = std::move(*severities);
  auto months = month_list(params);
  if (!months) return months.error();
  req.month = std::move(*months);
  auto since = date_bound(params, kSince);
  if (!since) return since.error();
  auto until = date_bound(params, kUntil);
  if (!until) return until.error();
  if (!since->empty() && !until->empty() && *since > *until) {
    return Error::invalid(std::string(kSince), "parameter 'since' (" + *since + ") is later than 'until' (" +
                                                   *until + "): the range is empty");
  }
  req.since = std::move(*since);
  req.until = std::move(*until);
  auto p = page(params);
  if (!p) return p.error();
  req.page = *p;
  auto facet_limit = count(params, kFacetLimit, limits::kDefaultFacetLimit, 0, limits::kMaxFacetLimit);
  if (!facet_limit) return facet_limit.error();
  req.facet_limit = *facet_limit;
  return req;
}

}  // namespace clause::server
