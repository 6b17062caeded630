#include "search/type_catalog.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "schema/index_terms.h"
#include "schema/slug.h"
#include "search/facet_counters.h"
#include "search/hits.h"

namespace clause::search {
namespace {

using layout::Facet;

// Type slug -> the name of the model that has the type among its labels,
// from the models the indexer recorded (first model wins). Empty for an
// index written without models or before they recorded their types.
std::map<std::string, std::string> models_of_types(const Xapian::Database& db) {
  std::map<std::string, std::string> out;
  const auto list = nlohmann::json::parse(db.get_metadata(std::string(layout::kTypeModelsKey)), nullptr, false);
  if (!list.is_array()) return out;
  for (const auto& m : list) {
    if (!m.is_object() || !m.contains("name") || !m["name"].is_string() || !m.contains("types") ||
        !m["types"].is_array()) {
      continue;
    }
    for (const auto& t : m["types"]) {
      if (t.is_string()) out.emplace(slugify(t.get<std::string>()), m["name"].get<std::string>());
    }
  }
  return out;
}

Xapian::Query type_query(const std::string& slug, const std::optional<double>& min) {
  Xapian::Query query(layout::facet_term(Facet::clause_type, slug));
  if (min) query = Xapian::Query(Xapian::Query::OP_FILTER, query, min_type_confidence_query(*min));
  return query;
}

// The counts of one type, from spies on the platform and source slots
// (ValueCountMatchSpy: remote shards run it too).
TypeCount count_type(const Xapian::Database& db, const std::string& slug, const std::optional<double>& min,
                     const std::map<std::string, std::string>& models) {
  Xapian::Enquire enquire(db);
  enquire.set_query(type_query(slug, min));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::ValueCountMatchSpy platforms(layout::kPlatformSlot), sources(layout::kTypeSourceSlot);
  enquire.add_matchspy(&platforms);
  enquire.add_matchspy(&sources);
  TypeCount count;
  count.slug = slug;
  count.name = display_name(db, Facet::clause_type, slug);
  if (const auto m = models.find(slug); m != models.end()) count.model = m->second;
  count.clauses = enquire.get_mset(0, 0, exact(db)).get_matches_estimated();
  for (auto it = platforms.values_begin(); it != platforms.values_end(); ++it) ++count.platforms;
  for (auto it = sources.values_begin(); it != sources.values_end(); ++it) {
    if (*it == layout::kTypeSourceGiven) count.given = it.get_termfreq();
    if (*it == layout::kTypeSourcePredicted) count.predicted = it.get_termfreq();
  }
  return count;
}

}  // namespace

Xapian::Query min_type_confidence_query(double min) {
  return Xapian::Query(Xapian::Query::OP_VALUE_GE, layout::kTypeConfidenceSlot, layout::type_confidence_value(min));
}

std::vector<TypeCount> list_types(const Xapian::Database& db, const TypesRequest& request) {
  const auto models = models_of_types(db);
  const std::string prefix(layout::facet_prefix(Facet::clause_type));
  std::vector<TypeCount> out;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    auto count = count_type(db, (*t).substr(prefix.size()), request.min_type_confidence, models);
    if (count.clauses > 0) out.push_back(std::move(count));
  }
  std::sort(out.begin(), out.end(), [](const TypeCount& a, const TypeCount& b) {
    return std::tie(b.platforms, b.clauses, a.slug) < std::tie(a.platforms, a.clauses, b.slug);
  });
  return out;
}

Result<TypePage> type_page(const Xapian::Database& db, const TypeRequest& request) {
  if (!db.term_exists(layout::facet_term(Facet::clause_type, request.slug))) {
    return Error::not_found("slug", "no clause type '" + request.slug + "'");
  }
  TypePage page;
  page.subject = count_type(db, request.slug, request.min_type_confidence, models_of_types(db));
  page.offset = request.page.offset;
  page.limit = request.page.limit;

  // The most confident clause of each platform: a sort by the confidence
  // value collapsed on the platform. Within a platform ties go by docid,
  // whose order one database and platform-routed shards share.
  Xapian::Enquire enquire(db);
  enquire.set_query(type_query(request.slug, request.min_type_confidence));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(layout::kTypeConfidenceSlot, true);
  enquire.set_collapse_key(layout::kPlatformSlot, 1);
  Xapian::ValueCountMatchSpy per_platform(layout::kPlatformSlot);
  enquire.add_matchspy(&per_platform);
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount(), exact(db));
  std::map<std::string, std::size_t> clauses;
  for (auto it = per_platform.values_begin(); it != per_platform.values_end(); ++it) clauses[*it] = it.get_termfreq();

  // Across platforms the order is ours, not the docids': most confident
  // first, then by platform slug.
  struct Row {
    std::string confidence, platform;
    std::size_t rank;
  };
  std::vector<Row> rows;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const auto doc = it.get_document();
    rows.push_back({doc.get_value(layout::kTypeConfidenceSlot), doc.get_value(layout::kPlatformSlot), it.get_rank()});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.confidence != b.confidence ? a.confidence > b.confidence : a.platform < b.platform;
  });
  auto hits = to_hits(db, mset, nullptr);
  for (std::size_t i = page.offset; i < rows.size() && i < page.offset + page.limit; ++i) {
    const auto& row = rows[i];
    page.platforms.push_back({display_name(db, Facet::platform, row.platform), row.platform, clauses[row.platform],
                              std::move(hits[row.rank])});
  }
  return page;
}

}  // namespace clause::search
