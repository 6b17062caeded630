#include "search/catalog.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "schema/index_terms.h"
#include "schema/schema_version.h"

#include "search/db_pool.h"
#include "search/facet_counters.h"
#include "search/hits.h"
#include "search/type_catalog.h"

namespace clause::search {
namespace {

using layout::Facet;

// Lists are read by people, who expect "Acceptable use" before "AI &
// automated processing": names compare without case (Unicode lower case),
// ties (names that differ only in case) by slug, so the order is stable.
// Each name is lower-cased once, not once per comparison (/v1/platforms
// sorts every platform of the index on each request).
template <typename T>
void sort_by_name(std::vector<T>& items) {
  std::vector<std::pair<std::string, std::size_t>> keys;
  keys.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) keys.emplace_back(Xapian::Unicode::tolower(items[i].name), i);
  std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : items[a.second].slug < items[b.second].slug;
  });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (const auto& [key, i] : keys) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

std::vector<NamedCount> list_terms(const Xapian::Database& db, Facet facet, bool with_platforms) {
  std::vector<NamedCount> out;
  const std::string prefix(layout::facet_prefix(facet));
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    NamedCount n;
    n.slug = (*t).substr(prefix.size());
    n.name = display_name(db, facet, n.slug);
    n.clauses = t.get_termfreq();
    if (with_platforms) {
      n.platforms = distinct_values(db, *t, layout::kPlatformSlot).size();
    }
    out.push_back(std::move(n));
  }
  sort_by_name(out);
  return out;
}

Xapian::Query any_of(Facet facet, const std::vector<std::string>& slugs) {
  std::vector<Xapian::Query> terms;
  for (const auto& s : slugs) terms.emplace_back(layout::facet_term(facet, s));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// A page of clauses in a stable order: worst severity first, then platform,
// then docid. Xapian's remote backend runs no KeyMaker, so instead of one
// sort on two keys this counts the matches of each severity rank (a
// ValueCountMatchSpy, which remote shards run) and reads the page from the
// ranks it spans, each sorted by platform. Docids of one platform share a
// shard, so the order is the same on one database and on shards.
struct WorstFirstPage {
  Xapian::doccount total = 0;
  std::optional<std::string> worst;  // severity of the first clause, if any
  std::vector<Hit> hits;
};

WorstFirstPage worst_first(const Xapian::Database& db, const Xapian::Query& query,
                           std::size_t offset, std::size_t limit) {
  WorstFirstPage page;
  Xapian::ValueCountMatchSpy ranks(layout::kSeverityRankSlot);
  Xapian::Enquire counter(db);
  counter.set_query(query);
  counter.add_matchspy(&ranks);
  page.total = counter.get_mset(0, 0, exact(db)).get_matches_estimated();
  std::map<std::string, Xapian::doccount, std::greater<>> by_rank;  // worst first
  for (auto it = ranks.values_begin(); it != ranks.values_end(); ++it) by_rank[*it] = it.get_termfreq();
  if (!by_rank.empty()) page.worst = severity_of_rank(by_rank.begin()->first);
  std::size_t skipped = 0;
  for (const auto& [rank, count] : by_rank) {
    if (page.hits.size() >= limit) break;
    if (skipped + count <= offset) {
      skipped += count;
      continue;
    }
    const std::size_t first = offset > skipped ? offset - skipped : 0;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(
        Xapian::Query::OP_FILTER, query,
        Xapian::Query(Xapian::Query::OP_VALUE_RANGE, layout::kSeverityRankSlot, rank, rank)));
    enquire.set_sort_by_value(layout::kPlatformSlot, false);
    const auto mset = enquire.get_mset(first, limit - page.hits.size());
    for (auto& hit : to_hits(db, mset, nullptr)) page.hits.push_back(std::move(hit));
    skipped += count;
  }
  return page;
}


Result<PlatformSummary> summarise_platform(const Xapian::Database& db, const PlatformRequest& req) {
  const std::string term = layout::facet_term(Facet::platform, req.slug);
  if (!db.term_exists(term)) return Error::not_found("slug", "no platform '" + req.slug + "'");
  PlatformSummary s;
  std::map<std::string, std::pair<std::size_t, int>> categories;  // slug -> count, worst rank
  std::map<std::string, std::size_t> severities, documents;
  for (auto post = db.postlist_begin(term); post != db.postlist_end(term); ++post) {
    const Xapian::Document doc = db.get_document(*post);
    const std::string rank = doc.get_value(layout::kSeverityRankSlot);
    const int r = rank.empty() ? 0 : rank[0] - '0';
    for (const auto& c : layout::split_list(doc.get_value(layout::kCategoriesSlot))) {
      auto& [count, worst] = categories[c];
      ++count;
      worst = std::max(worst, r);
    }
    ++severities[rank];
    ++documents[doc.get_value(layout::kDocumentSlot)];
  }
  for (const auto& [slug, cw] : categories) {
    s.by_category.push_back({display_name(db, Facet::category, slug), slug, cw.first,
                             severity_of_rank(std::to_string(cw.second))});
  }
  sort_by_name(s.by_category);
  s.by_severity = to_facet(db, Facet::severity, severities, severities.size()).entries;
  s.by_document = to_facet(db, Facet::document, documents, documents.size()).entries;

  s.page.subject = {display_name(db, Facet::platform, req.slug), req.slug, db.get_termfreq(term), 1};
  auto page = worst_first(db, Xapian::Query(term), req.page.offset, req.page.limit);
  s.page.total = page.total;
  s.page.offset = req.page.offset;
  s.page.limit = req.page.limit;
  s.page.hits = std::move(page.hits);
  return s;
}

CompareRow compare_row(const Xapian::Database& db, const Xapian::Query& category,
                       const std::string& platform, std::size_t per_platform) {
  CompareRow row;
  row.slug = platform;
  row.name = display_name(db, Facet::platform, platform);
  const Xapian::Query query(Xapian::Query::OP_FILTER, category,
                            Xapian::Query(layout::facet_term(Facet::platform, platform)));
  // At least one hit, to learn the worst severity even when per_platform is 0.
  auto page = worst_first(db, query, 0, per_platform);
  row.clauses = page.total;
  row.worst_severity = page.worst;
  row.hits = std::move(page.hits);
  return row;
}

Result<CompareResult> run_compare(const Xapian::Database& db, const CompareRequest& req) {
  const std::string category_term = layout::facet_term(Facet::category, req.category);
  if (!db.term_exists(category_term)) {
    return Error{ErrorKind::not_found, "no category '" + req.category + "'",
                 std::string(param::kCategory)};
  }
  std::vector<std::string> platforms = req.platforms;
  if (platforms.empty()) {
    const auto distinct = distinct_values(db, category_term, layout::kPlatformSlot);
    platforms.assign(distinct.begin(), distinct.end());
  } else {
    for (const auto& p : platforms) {
      if (!db.term_exists(layout::facet_term(Facet::platform, p))) {
        return Error{ErrorKind::not_found, "no platform '" + p + "'", std::string(param::kPlatforms)};
      }
    }
  }
  CompareResult result;
  result.category_slug = req.category;
  result.category_name = display_name(db, Facet::category, req.category);
  result.platforms_total = platforms.size();
  result.offset = req.page.offset;
  result.limit = req.page.limit;
  const Xapian::Query category(category_term);
  for (std::size_t i = req.page.offset; i < platforms.size() && i < req.page.offset + req.page.limit; ++i) {
    result.rows.push_back(compare_row(db, category, platforms[i], req.per_platform));
  }
  return result;
}

// The request's fields, one a line, after the answer's kind: every field
// that changes the answer is in the key.
std::string request_key(std::string_view kind, std::initializer_list<std::string> fields) {
  std::string key(kind);
  for (const auto& f : fields) (key += '\n') += f;
  return key;
}

std::string joined(const std::vector<std::string>& slugs) {
  std::string out;
  for (const auto& s : slugs) (out += s) += ',';
  return out;
}

std::string page_key(const Page& page) {
  return std::to_string(page.offset) + "+" + std::to_string(page.limit);
}

Result<ClausePage> category_page(const Xapian::Database& db, const CategoryRequest& req) {
  const std::string term = layout::facet_term(Facet::category, req.slug);
  if (!db.term_exists(term)) return Error::not_found("slug", "no category '" + req.slug + "'");
  ClausePage page;
  page.subject = {display_name(db, Facet::category, req.slug), req.slug, db.get_termfreq(term),
                  distinct_values(db, term, layout::kPlatformSlot).size()};
  Xapian::Query query(term);
  if (!req.severity.empty()) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, any_of(Facet::severity, req.severity));
  }
  auto worst = worst_first(db, query, req.page.offset, req.page.limit);
  page.total = worst.total;
  page.offset = req.page.offset;
  page.limit = req.page.limit;
  page.hits = std::move(worst.hits);
  return page;
}

}  // namespace

template <class T, class Compute>
Result<T> Catalog::cached(const std::string& key, Compute compute) const {
  return pool_.run([&](Xapian::Database& db) -> Result<T> {
    const std::string revision = layout::revision_key(db);
    if (revision.empty()) return compute(db);  // remote shards: no revision to key by
    return cache_->answer<T>(revision, key, [&] { return compute(db); });
  });
}

using NamedCounts = std::vector<NamedCount>;

Result<NamedCounts> Catalog::categories() const {
  return cached<NamedCounts>("categories", [](const Xapian::Database& db) -> Result<NamedCounts> {
    return list_terms(db, Facet::category, true);
  });
}

Result<NamedCounts> Catalog::platforms() const {
  return cached<NamedCounts>("platforms", [](const Xapian::Database& db) -> Result<NamedCounts> {
    return list_terms(db, Facet::platform, false);
  });
}

Result<ClausePage> Catalog::category(const CategoryRequest& req) const {
  return cached<ClausePage>(request_key("category", {req.slug, joined(req.severity), page_key(req.page)}),
                            [&](const Xapian::Database& db) { return category_page(db, req); });
}

Result<PlatformSummary> Catalog::platform(const PlatformRequest& req) const {
  return cached<PlatformSummary>(request_key("platform", {req.slug, page_key(req.page)}),
                                 [&](const Xapian::Database& db) { return summarise_platform(db, req); });
}

Result<CompareResult> Catalog::compare(const CompareRequest& req) const {
  const std::string key = request_key(
      "compare", {req.category, joined(req.platforms), page_key(req.page), std::to_string(req.per_platform)});
  return cached<CompareResult>(key, [&](const Xapian::Database& db) { return run_compare(db, req); });
}

// A confidence in the key as the value the filter compares ("" for none).
std::string confidence_key(const std::optional<double>& min) {
  return min ? layout::type_confidence_value(*min) : std::string();
}

Result<std::vector<TypeCount>> Catalog::types(const TypesRequest& req) const {
  return cached<std::vector<TypeCount>>(
      request_key("types", {confidence_key(req.min_type_confidence)}),
      [&](const Xapian::Database& db) -> Result<std::vector<TypeCount>> { return list_types(db, req); });
}

Result<TypePage> Catalog::type(const TypeRequest& req) const {
  const std::string key =
      request_key("type", {req.slug, confidence_key(req.min_type_confidence), page_key(req.page)});
  return cached<TypePage>(key, [&](const Xapian::Database& db) { return type_page(db, req); });
}

}  // namespace clause::search
