#include "server/search_params.h"
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
#include "schema/language.h"
#include "schema/severity.h"
#include "schema/slug.h"
#include "schema/utf8.h"

namespace clause::server {

using namespace param_parsing;

Result<SearchRequest> parse_search(const ParamMap& params) {
  using namespace param;
  if (auto err = check_names(params, {kQuery, kLang, kCategory, kSeverity, kPlatform, kDocument,
                                      kClauseType, kLanguage, kTypeSource, kMinTypeConfidence,
                                      kUpdatedAfter, kUpdatedBefore, kSort,
                                      kLimit, kOffset, kFacetLimit, kFacets,
                                      kCollapse, kAutocorrect, kIncludeRemoved})) {
    return *err;
  }
  SearchRequest req;
  auto q = single(params, kQuery);
  if (!q) return q.error();
  req.q = trim(q->value_or(""));
  if (req.q.size() > limits::kMaxQueryBytes) {
    return Error::invalid(std::string(kQuery), "parameter 'q' is longer than " +
                                                   std::to_string(limits::kMaxQueryBytes) +
                                                   " bytes");
  }
  if (auto err = check_query_shape(req.q)) return *err;
  auto lang = query_language(params);
  if (!lang) return lang.error();
  req.lang = std::move(*lang);
  // Slugs of every facet but severity, whose names are checked here (and
  // last, so that of two bad parameters the same one is named as before).
  for (const auto& f : layout::kFacets) {
    if (f.facet == layout::Facet::severity) continue;
    auto values = slug_list(params, f.name);
    if (!values) return values.error();
    req.filters[f.facet] = std::move(*values);
  }
  auto severities = severity_list(params);
  if (!severities) return severities.error();
  req.filters[layout::Facet::severity] = std::move(*severities);
  if (auto err = check_type_sources(req.filters[layout::Facet::type_source])) return *err;
  auto min_confidence = min_type_confidence(params);
  if (!min_confidence) return min_confidence.error();
  req.min_type_confidence = *min_confidence;

  auto updated = updated_range(params);
  if (!updated) return updated.error();
  req.updated = std::move(*updated);

  auto sort = sort_order(params);
  if (!sort) return sort.error();
  req.sort = *sort;
  auto p = page(params);
  if (!p) return p.error();
  req.page = *p;
  auto facet_limit = count(params, kFacetLimit, limits::kDefaultFacetLimit, 0,
                           limits::kMaxFacetLimit);
  if (!facet_limit) return facet_limit.error();
  req.facet_limit = *facet_limit;
  auto facets = facet_selection(params);
  if (!facets) return facets.error();
  req.facets = *facets;
  auto collapse = collapse_mode(params);
  if (!collapse) return collapse.error();
  req.collapse = *collapse;
  auto autocorrect = flag(params, kAutocorrect, true);
  if (!autocorrect) return autocorrect.error();
  req.autocorrect = *autocorrect;
  auto include_removed = flag(params, kIncludeRemoved, false);
  if (!include_removed) return include_removed.error();
  req.include_removed = *include_removed;
  return req;
}

Result<CategoryRequest> parse_category(std::string_view raw_slug, const ParamMap& params) {
  if (auto err = check_names(params, {param::kSeverity, param::kLimit, param::kOffset})) {
    return *err;
  }
  CategoryRequest req;
  auto slug = path_slug(raw_slug, "category");
  if (!slug) return slug.error();
  req.slug = *slug;
  auto severities = severity_list(params);
  if (!severities) return severities.error();
  req.severity = std::move(*severities);
  auto p = page(params);
  if (!p) return p.error();
  req.page = *p;
  return req;
}

Result<PlatformRequest> parse_platform(std::string_view raw_slug, const ParamMap& params) {
  // as_of is the change counts' (parse_as_of), read beside the summary.
  if (auto err = check_names(params, {param::kLimit, param::kOffset, param::kAsOf})) return *err;
  PlatformRequest req;
  auto slug = path_slug(raw_slug, "platform");
  if (!slug) return slug.error();
  req.slug = *slug;
  auto p = page(params);
  if (!p) return p.error();
  req.page = *p;
  return req;
}

Result<CompareRequest> parse_compare(const ParamMap& params) {
  using namespace param;
  if (auto err = check_names(params, {kCategory, kPlatforms, kLimit, kOffset, kPerPlatform})) {
    return *err;
  }
  CompareRequest req;
  auto category = slug_list(params, kCategory);
  if (!category) return category.error();
  if (category->size() != 1) {
    return Error::invalid(std::string(kCategory), "parameter 'category': give exactly one category");
  }
  req.category = category->front();
  auto platforms = slug_list(params, kPlatforms);
  if (!platforms) return platforms.error();
  req.platforms = std::move(*platforms);
  auto p = page(params);
  if (!p) return p.error();
  req.page = *p;
  // Platforms asked by name all get their row (up to a page's most), unless
  // the request pages them itself: a widget listing 12 expects 12 rows.
  if (!req.platforms.empty() && params.count(std::string(kLimit)) == 0) {
    req.page.limit = std::min(req.platforms.size(), limits::kMaxLimit);
  }
  auto per = count(params, kPerPlatform, limits::kDefaultPerPlatform, 0, limits::kMaxPerPlatform);
  if (!per) return per.error();
  req.per_platform = *per;
  return req;
}

Result<TypesRequest> parse_types(const ParamMap& params) {
  if (auto err = check_names(params, {param::kMinTypeConfidence})) return *err;
  auto min_confidence = min_type_confidence(params);
  if (!min_confidence) return min_confidence.error();
  return TypesRequest{*min_confidence};
}

Result<TypeRequest> parse_type(std::string_view raw_slug, const ParamMap& params) {
  if (auto err = check_names(params, {param::kMinTypeConfidence, param::kLimit, param::kOffset})) return *err;
  TypeRequest req;
  auto slug = path_slug(raw_slug, "clause type");
  if (!slug) return slug.error();
  req.slug = *slug;
  auto min_confidence = min_type_confidence(params);
  if (!min_confidence) return min_confidence.error();
  req.min_type_confidence = *min_confidence;
  auto p = page(params);
  if (!p) return p.error();
  req.page = *p;
  return req;
}

Result<std::string> parse_as_of(const ParamMap& params) {
  auto given = date_bound(params, param::kAsOf);
  if (!given || !given->empty()) return given;
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(today.year()),
                static_cast<unsigned>(today.month()), static_cast<unsigned>(today.day()));
  return std::string(out);
}

Result<std::string> parse_clause_params(const ParamMap& params) {
  if (auto err = check_names(params, {param::kAsOf})) return *err;
  return parse_as_of(params);
}

Result<bool> parse_no_params(const ParamMap& params) {
  if (auto err = check_names(params, {})) return *err;
  return true;
}

Result<SimilarRequest> parse_similar(std::string_view raw_id, const ParamMap& params) {
  if (auto e = check_names(params, {param::kLimit, param::kOffset, param::kSameCategory})) return *e;
  SimilarRequest r;
  r.id = std::string(raw_id);
  auto limit = count(params, param::kLimit, limits::kDefaultLimit, 1, limits::kMaxLimit);
  if (!limit) return limit.error();
  r.limit = *limit;
  auto offset = count(params, param::kOffset, 0, 0, limits::kMaxOffset);
  if (!offset) return offset.error();
  r.offset = *offset;
  auto same = flag(params, param::kSameCategory, false);
  if (!same) return same.error();
  r.same_category = *same;
  return r;
}

}  // namespace clause::server
