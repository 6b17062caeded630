// SearchService's change-record requests (issue 18): GET /v1/changes (and
// its Atom form) and /v1/changes/{id}. Change records share the clause
// index as their own kind of document (schema/index_layout.h, "change
// records"); every query here starts from their kind term, so a clause is
// never one of the results, and clause searches leave them out in turn.
#include <chrono>
#include <optional>

#include "schema/change_diffs.h"
#include "schema/index_layout.h"
#include "schema/language.h"
#include "search/change_facets.h"
#include "search/db_pool.h"
#include "search/facet_counters.h"
#include "search/query_text.h"
#include "search/record_cache.h"
#include "search/search_service.h"

namespace clause::search {
namespace {

// A filter parameter of the change list: its change-record term prefix, the
// clause prefix of the same values (a platform that has clauses but no
// change yet is a known platform, not a typo), and the facet it narrows.
struct ChangeFilter {
  std::string_view param;
  std::string_view change_prefix;
  std::string_view clause_prefix;
  std::vector<std::string> ChangesRequest::*values;
  bool has_facet;
  ChangeFacet facet;
};

const ChangeFilter kFilters[] = {
    {param::kPlatform, layout::kChangePlatformPrefix, layout::kPlatformPrefix, &ChangesRequest::platform, true,
     ChangeFacet::platform},
    {param::kDocument, layout::kChangeDocumentPrefix, layout::kDocumentPrefix, &ChangesRequest::document, false,
     ChangeFacet::platform},
    {param::kCategory, layout::kChangeCategoryPrefix, layout::kCategoryPrefix, &ChangesRequest::category, true,
     ChangeFacet::category},
    {param::kSeverity, layout::kChangeSeverityPrefix, layout::kSeverityPrefix, &ChangesRequest::severity, true,
     ChangeFacet::severity},
    {param::kType, layout::kChangeTypePrefix, layout::kTypePrefix, &ChangesRequest::type, false,
     ChangeFacet::platform},
    {param::kMonth, layout::kChangeMonthPrefix, {}, &ChangesRequest::month, true, ChangeFacet::month},
};

std::string term(std::string_view prefix, const std::string& slug) { return std::string(prefix) + slug; }

// A value the index has never seen, for a change or a clause, is a 400
// naming the parameter, as in /v1/search: a typo must not look like "no
// changes". Severities are checked at parsing.
std::optional<Error> check_filters(const Xapian::Database& db, const ChangesRequest& req) {
  for (const auto& f : kFilters) {
    // Severities and months are checked for their form at parsing; a month
    // without changes is an empty page, not an error.
    if (f.param == param::kSeverity || f.param == param::kMonth) continue;
    for (const auto& slug : req.*f.values) {
      if (db.term_exists(term(f.change_prefix, slug)) || db.term_exists(term(f.clause_prefix, slug))) continue;
      const std::string name(f.param);
      return Error::invalid(name, "parameter '" + name + "': no " + name + " '" + slug + "' in the index");
    }
  }
  return std::nullopt;
}

// The change's date lies in [since, until], both days included: a stored
// date-time of the last day sorts after the day alone, hence the '\xff'.
std::optional<Xapian::Query> date_range(const ChangesRequest& req) {
  const auto slot = layout::kChangeDateSlot;
  if (req.since.empty() && req.until.empty()) return std::nullopt;
  if (req.until.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, req.since);
  const std::string through = req.until + '\xff';
  if (req.since.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, through);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, req.since, through);
}

// `base` narrowed by every filter (OR within one, AND across) but the one
// of facet `skip`, and by the date range, which always applies.
Xapian::Query filtered(const Xapian::Query& base, const ChangesRequest& req,
                       std::optional<ChangeFacet> skip = std::nullopt) {
  Xapian::Query query = base;
  for (const auto& f : kFilters) {
    const auto& slugs = req.*f.values;
    if (slugs.empty() || (f.has_facet && skip == f.facet)) continue;
    std::vector<Xapian::Query> terms;
    for (const auto& slug : slugs) terms.emplace_back(term(f.change_prefix, slug));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  }
  if (auto dates = date_range(req)) query = Xapian::Query(Xapian::Query::OP_FILTER, query, *dates);
  return query;
}

bool has_own_filter(const ChangesRequest& req, ChangeFacet facet) {
  for (const auto& f : kFilters) {
    if (f.has_facet && f.facet == facet && !(req.*f.values).empty()) return true;
  }
  return false;
}

// The counts of one facet under `query`: by the spy on local databases, by
// one match per value when a shard is remote.
std::map<std::string, std::size_t> count_alone(const Xapian::Database& db, const Xapian::Query& query,
                                               ChangeFacet f, bool remote,
                                               const std::shared_ptr<const ChangeColumns>& columns) {
  if (remote) return count_by_terms(db, query, f);
  ChangeFacetCounter spy({f}, columns);
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, exact(db));
  return spy.counts(f);
}

// A change record's id, from its unique term (cheaper than its JSON).
std::string change_id_of(const Xapian::Document& doc) {
  const std::string prefix(layout::kChangeIdPrefix);
  Xapian::TermIterator term = doc.termlist_begin();
  term.skip_to(prefix);
  return term != doc.termlist_end() && (*term).rfind(prefix, 0) == 0 ? (*term).substr(prefix.size()) : std::string();
}

// A record as served, with the word diffs its references stand for
// (schema/change_diffs.h), cached per index revision: rebuilding them costs
// more than the match, and a feed is asked the same page again and again.
std::string restored_text(const Xapian::Database& db, const std::string& id, std::string stored,
                          const std::string& revision, RecordCache& cache) {
  const bool cacheable = !revision.empty() && !id.empty();
  if (cacheable) {
    if (auto cached = cache.get(revision, id)) return std::move(*cached);
  }
  std::string record = changes::restored_record(db, std::move(stored));
  if (cacheable) cache.put(revision, id, record);
  return record;
}

// The page (newest first) and every facet. The facets without a filter of
// their own are counted in the page's match; each one with a filter in a
// match of its own without that filter, so a user sees the alternatives.
void page_and_facets(const Xapian::Database& db, const ChangesRequest& req, const Xapian::Query& base,
                     bool remote, const std::shared_ptr<const ChangeColumns>& columns, RecordCache& restored,
                     ChangePage& out) {
  std::vector<ChangeFacet> shared;
  for (const auto f : kChangeFacets) {
    if (req.facets && !has_own_filter(req, f)) shared.push_back(f);
  }
  ChangeFacetCounter spy(shared, columns);
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(base, req));
  // Equal dates (two documents of one commit) go by docid.
  enquire.set_sort_by_value_then_relevance(layout::kChangeDateSlot, true);
  if (!remote && !shared.empty()) enquire.add_matchspy(&spy);
  const Xapian::MSet mset = enquire.get_mset(req.page.offset, req.page.limit, exact(db));
  out.total = mset.get_matches_estimated();
  const std::string revision = req.diffs ? layout::revision_key(db) : std::string();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    if (!req.diffs) {
      out.items.push_back(nlohmann::json::parse(it.get_document().get_data()));
      continue;
    }
    const Xapian::Document doc = it.get_document();
    out.items.push_back(nlohmann::json::parse(restored_text(db, change_id_of(doc), doc.get_data(), revision, restored)));
  }
  if (!req.facets) return;
  for (const auto f : kChangeFacets) {
    const bool own = has_own_filter(req, f);
    const auto counts = own || remote ? count_alone(db, filtered(base, req, own ? std::optional(f) : std::nullopt), f, remote, columns)
                                      : spy.counts(f);
    out.facet(f) = change_facet_list(db, f, counts, req.facet_limit);
  }
}

Result<ChangePage> run_changes(const Xapian::Database& db, const ChangesRequest& req, ChangeColumnCache& cache,
                               RecordCache& restored) {
  if (auto err = check_filters(db, req)) return *err;
  ChangePage out;
  out.offset = req.page.offset;
  out.limit = req.page.limit;
  Xapian::Query base{std::string(layout::kChangeKindTerm)};
  if (!req.q.empty()) {
    std::optional<std::string> unused_correction;
    auto text = parse_text(db, req.q, std::string(kDefaultLanguage), unused_correction);
    if (!text) return text.error();
    // Change records' words have no positions (docs/index-layout.md): a
    // phrase matches the records holding all its words.
    base = Xapian::Query(Xapian::Query::OP_FILTER, phrases_as_and(*text), base);
  }
  try {
    page_and_facets(db, req, base, false, req.facets ? cache.get(db) : nullptr, restored, out);
  } catch (const Xapian::UnimplementedError&) {
    // A remote shard cannot run ChangeFacetCounter.
    out = ChangePage{0, req.page.offset, req.page.limit, {}, {}, 0};
    page_and_facets(db, req, base, true, nullptr, restored, out);
  }
  return out;
}

}  // namespace

Result<ChangePage> SearchService::changes(const ChangesRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  auto result = pool_->run(
      [&](Xapian::Database& db) { return run_changes(db, request, *change_columns_, *change_records_); });
  if (result) {
    result->took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  return result;
}

Result<std::string> SearchService::change_text(const std::string& id) const {
  return pool_->run([&](Xapian::Database& db) -> Result<std::string> {
    const std::string unique = layout::change_id_term(id);
    const auto it = db.postlist_begin(unique);
    if (id.empty() || it == db.postlist_end(unique)) return Error::not_found("id", "no change record with id '" + id + "'");
    return restored_text(db, id, db.get_document(*it).get_data(), layout::revision_key(db), *change_records_);
  });
}

}  // namespace clause::search
