#include "search/search_service.h"

#include "similar/engine.h"
#include "similar/snapshot_cache.h"

#include <atomic>
#include <chrono>

#include "schema/index_terms.h"
#include "schema/schema_version.h"
#include "search/facet_columns.h"
#include "search/index_access.h"
#include "search/wildcards.h"

namespace clause::search {

namespace {

// The facets a search counts, and the member of SearchResult their counts
// go to. Slot and multi-valuedness come from the layout's facet table.
struct CountedFacet {
  layout::Facet facet;
  FacetList SearchResult::*out;
};
constexpr CountedFacet kCountedFacets[] = {{layout::Facet::category, &SearchResult::category},
                                           {layout::Facet::severity, &SearchResult::severity},
                                           {layout::Facet::platform, &SearchResult::platform}};

std::vector<Xapian::valueno> counted_slots() {
  std::vector<Xapian::valueno> slots;
  for (const auto& c : kCountedFacets) slots.push_back(layout::facet_layout(c.facet).slot);
  return slots;
}

}  // namespace

// What searches share across requests (see run_search).
struct SearchState {
  std::atomic<bool> remote{false};
  FacetColumnCache columns{counted_slots()};
};

namespace {

using layout::Facet;

// A field prefix whose value is a facet name or slug: `platform:"Google Play"`
// and `platform:google-play` both become the boolean term of that slug.
class SlugField : public Xapian::FieldProcessor {
 public:
  explicit SlugField(Facet facet) : facet_(facet) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(layout::facet_term(facet_, value));
  }

 private:
  Facet facet_;
};

// Boolean operators, phrases, +/-, wildcards (search/wildcards.h), a leading
// NOT and spelling correction. No stopper: legal phrases are made of small
// words ("as is"). Every word is stemmed, inside phrases too, as the index
// holds stems only: "third parties" matches "third party".
constexpr unsigned kParserFlags = Xapian::QueryParser::FLAG_DEFAULT |
                                  Xapian::QueryParser::FLAG_PURE_NOT |
                                  Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
// A wildcard expands to at most this many terms (the most frequent ones).
constexpr Xapian::termcount kMaxWildcardTerms = 500;

Xapian::QueryParser make_parser(const Xapian::Database& db) {
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem(std::string(layout::kStemLanguage)));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.add_prefix("title", std::string(layout::kTitlePrefix));
  add_wildcard_fields(qp, db, kMaxWildcardTerms);
  // Every facet is a field of the query language by its name; `type:` is
  // short for `clause_type:`.
  for (const auto& f : layout::kFacets) {
    qp.add_boolean_prefix(std::string(f.name), (new SlugField(f.facet))->release());
  }
  qp.add_boolean_prefix("type", (new SlugField(Facet::clause_type))->release());
  return qp;
}

// Word spans (byte offsets) of a query string: runs of Unicode word
// characters, as Xapian's QueryParser splits words. Typographic quotes and
// dashes (“…”, «…», —) are not part of a word: counted in, "time”" looked
// like an unknown word and let Xapian "correct" time -> the.
std::vector<std::pair<std::size_t, std::size_t>> word_spans(const std::string& text) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  constexpr std::size_t none = std::string::npos;
  std::size_t start = none;
  for (Xapian::Utf8Iterator it(text), end; it != end;) {
    const auto at = static_cast<std::size_t>(it.raw() - text.data());
    const bool word = Xapian::Unicode::is_wordchar(*it);
    ++it;
    if (word && start == none) start = at;
    if (!word && start != none) {
      spans.emplace_back(start, at - start);
      start = none;
    }
  }
  if (start != none) spans.emplace_back(start, text.size() - start);
  return spans;
}

// Whether a word of a query matches something: the index holds stems only.
bool word_indexed(const Xapian::Database& db, const Xapian::Stem& stem, const std::string& word) {
  return db.term_exists(std::string(layout::kStemPrefix) + stem(Xapian::Unicode::tolower(word)));
}

// Xapian 1.4 suggests a more frequent neighbour even for a word the index
// has ("any" -> "and", turning "at any time" into "at and time"). Keep only
// corrections of words that match nothing; nullopt when none is left.
std::optional<std::string> useful_correction(const Xapian::Database& db, const std::string& original,
                                             const std::string& corrected) {
  const Xapian::Stem stem{std::string(layout::kStemLanguage)};
  if (corrected.empty() || corrected == original) return std::nullopt;
  const auto from = word_spans(original);
  const auto to = word_spans(corrected);
  if (from.size() != to.size()) return corrected;  // cannot align: trust Xapian
  std::string result;
  std::size_t copied = 0;
  bool changed = false;
  for (std::size_t i = 0; i < from.size(); ++i) {
    const std::string word = original.substr(from[i].first, from[i].second);
    const std::string replacement = corrected.substr(to[i].first, to[i].second);
    if (word == replacement || word_indexed(db, stem, word)) continue;
    result += original.substr(copied, from[i].first - copied) + replacement;
    copied = from[i].first + from[i].second;
    changed = true;
  }
  if (!changed) return std::nullopt;
  return result + original.substr(copied);
}

// A filter value the index has never seen is a 400 naming the parameter (the
// facet's name): a typo must not look like "no results". Severities are
// checked at parsing.
std::optional<Error> check_filters(const Xapian::Database& db, const Filters& filters) {
  for (const auto& f : layout::kFacets) {
    if (f.facet == Facet::severity) continue;
    for (const auto& slug : filters[f.facet]) {
      if (!db.term_exists(layout::facet_term(f.facet, slug))) {
        const std::string param(f.name);
        return Error::invalid(param, "parameter '" + param + "': no " + param + " '" + slug + "' in the index");
      }
    }
  }
  return std::nullopt;
}

// The query restricted by the filters: OR within a field, AND across fields.
// `skip` leaves one field's filter out (for that facet's own counts).
Xapian::Query filtered(const Xapian::Query& query, const Filters& filters,
                       std::optional<Facet> skip = std::nullopt) {
  Xapian::Query result = query;
  for (const auto& f : layout::kFacets) {
    const auto& slugs = filters[f.facet];
    if (slugs.empty() || (skip && *skip == f.facet)) continue;
    std::vector<Xapian::Query> terms;
    for (const auto& slug : slugs) terms.emplace_back(layout::facet_term(f.facet, slug));
    result = Xapian::Query(Xapian::Query::OP_FILTER, result,
                           Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  }
  return result;
}

void apply_sort(Xapian::Enquire& enquire, SortOrder sort) {
  switch (sort) {
    // Equal scores go by platform, then by docid within the platform: the
    // same order whether the index is one database or platform-routed
    // shards (docids interleave across shards, but not within a platform).
    case SortOrder::relevance: enquire.set_sort_by_relevance_then_value(layout::kPlatformSlot, false); break;
    case SortOrder::severity: enquire.set_sort_by_value_then_relevance(layout::kSeverityRankSlot, true); break;
    case SortOrder::platform: enquire.set_sort_by_value_then_relevance(layout::kPlatformSlot, false); break;
    case SortOrder::updated: enquire.set_sort_by_value_then_relevance(layout::kUpdatedSlot, true); break;
  }
}

// The words of a query all exist as typed: no correction could be kept by
// useful_correction, so the spelling lookups (a scan of the spelling table
// per word, a quarter of a search's time) are skipped.
bool every_word_indexed(const Xapian::Database& db, const std::string& q) {
  const Xapian::Stem stem{std::string(layout::kStemLanguage)};
  for (const auto& [start, size] : word_spans(q)) {
    if (!word_indexed(db, stem, q.substr(start, size))) return false;
  }
  return true;
}

// The query of `q` (wildcards as search/wildcards.h rewrites them), and a
// spelling correction when one is useful.
Result<Xapian::Query> parse_text(const Xapian::Database& db, const std::string& q,
                                 std::optional<std::string>& corrected) {
  try {
    auto qp = make_parser(db);
    if (every_word_indexed(db, q)) {
      return qp.parse_query(rewrite_wildcards(q),
                            kParserFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
    }
    Xapian::Query query = qp.parse_query(rewrite_wildcards(q), kParserFlags);
    corrected = useful_correction(db, q, restore_wildcards(qp.get_corrected_query_string()));
    return query;
  } catch (const Xapian::QueryParserError& e) {
    return Error::invalid(std::string(param::kQuery), "malformed query: " + e.get_msg());
  }
}

// The page, the exact total and the facets, counted by the spies make(i)
// returns for facet i (a ColumnCounter, FacetCounter or SlotCounter).
// Facets without a filter of their own are counted in the page's own match
// when `in_page`, else together in a second match that returns no hits and
// has no sort (with a value sort and a page of hits, Xapian 1.4's remote
// backend can count some documents twice). A facet with a filter of its own
// is counted with the query and every other filter, in a match of its own
// without weights.
template <class Make>
void page_and_facets(const Xapian::Database& db, const SearchRequest& req,
                     const Xapian::Query& query, bool in_page, Make make, SearchResult& result) {
  const auto& facets = kCountedFacets;
  const auto multi = [&](std::size_t i) { return layout::facet_layout(facets[i].facet).multi_valued; };
  std::vector<decltype(make(0, true))> spies(std::size(facets));
  const auto shared_spies = [&](Xapian::Enquire& enquire) {
    for (std::size_t i = 0; req.facets && i < std::size(facets); ++i) {
      if (!req.filters[facets[i].facet].empty()) continue;
      spies[i] = make(i, multi(i));
      enquire.add_matchspy(spies[i].get());
    }
  };

  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(query, req.filters));
  apply_sort(enquire, req.sort);
  if (in_page) shared_spies(enquire);
  const Xapian::MSet mset = enquire.get_mset(req.page.offset, req.page.limit, exact(db));
  result.total = mset.get_matches_estimated();
  result.hits = to_hits(mset, !req.q.empty());
  if (!req.facets) return;

  if (!in_page) {
    Xapian::Enquire shared_counts(db);
    shared_counts.set_query(filtered(query, req.filters));
    shared_counts.set_weighting_scheme(Xapian::BoolWeight());
    shared_spies(shared_counts);
    shared_counts.get_mset(0, 0, exact(db));
  }
  for (std::size_t i = 0; i < std::size(facets); ++i) {
    if (!spies[i]) {
      spies[i] = make(i, multi(i));
      Xapian::Enquire own(db);
      own.set_query(filtered(query, req.filters, facets[i].facet));
      own.set_weighting_scheme(Xapian::BoolWeight());
      own.add_matchspy(spies[i].get());
      own.get_mset(0, 0, exact(db));
    }
    result.*(facets[i].out) = to_facet(db, facets[i].facet, spies[i]->counts(), req.facet_limit);
  }
}

// Local databases count in the page's match: from the facet columns of the
// database's revision when there are (a single database), else by values.
// `remote` is set once a match has shown that the index has a remote shard
// (neither local spy can be sent to one); from then on SlotCounter counts.
Result<SearchResult> run_search(const Xapian::Database& db, const SearchRequest& req,
                                SearchState& state) {
  if (auto err = check_filters(db, req.filters)) return *err;
  SearchResult result;
  result.offset = req.page.offset;
  result.limit = req.page.limit;
  result.faceted = req.facets;
  Xapian::Query query = Xapian::Query::MatchAll;
  if (!req.q.empty()) {
    auto parsed = parse_text(db, req.q, result.corrected_query);
    if (!parsed) return parsed.error();
    query = std::move(*parsed);
  }
  if (!state.remote.load(std::memory_order_relaxed)) {
    try {
      if (auto columns = req.facets ? state.columns.get(db) : nullptr) {
        page_and_facets(db, req, query, true, [&](std::size_t i, bool multi) {
          return std::make_unique<ColumnCounter>(columns, i, multi);
        }, result);
      } else {
        page_and_facets(db, req, query, true, [&](std::size_t i, bool multi) {
          return std::make_unique<FacetCounter>(layout::facet_layout(kCountedFacets[i].facet).slot, multi);
        }, result);
      }
      return result;
    } catch (const Xapian::UnimplementedError&) {
      state.remote.store(true, std::memory_order_relaxed);
    }
  }
  page_and_facets(db, req, query, false, [&](std::size_t i, bool multi) {
    return std::make_unique<SlotCounter>(layout::facet_layout(kCountedFacets[i].facet).slot, multi);
  }, result);
  return result;
}

}  // namespace

SearchService::SearchService(std::unique_ptr<DbPool> pool, const SimilarityOptions& similarity)
    : pool_(std::move(pool)),
      similarity_(similarity),
      idf_cache_(std::make_unique<similar::IdfCache>()),
      snapshots_(std::make_unique<similar::SnapshotCache>(pool_->path(), similarity.snapshot_max_clauses,
                                                          similar::bm25_params(similarity),
                                                          similarity.snapshot_threads)),
      records_(std::make_unique<RecordCache>()),
      state_(std::make_unique<SearchState>()) {}
SearchService::~SearchService() = default;

Result<std::unique_ptr<SearchService>> SearchService::open(const std::string& path,
                                                           const SimilarityOptions& similarity) {
  try {
    auto pool = std::make_unique<DbPool>(path);
    auto checked = pool->run([](Xapian::Database& db) { return layout::check_schema_version(db); });
    if (!checked) return checked.error();
    std::unique_ptr<SearchService> service(new SearchService(std::move(pool), similarity));
    service->snapshots_->warm();
    service->snapshots_->watch(1.0);
    return service;
  } catch (const Xapian::Error& e) {
    return Error::unavailable("cannot open the index at '" + path + "': " + e.get_description());
  } catch (const std::exception& e) {
    return Error::unavailable("cannot open the index at '" + path + "': " + e.what());
  }
}

Result<SearchResult> SearchService::search(const SearchRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  auto result = pool_->run([&](Xapian::Database& db) { return run_search(db, request, *state_); });
  if (result) {
    result->took_ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start).count();
  }
  return result;
}

Result<nlohmann::json> SearchService::clause(const std::string& id) const {
  auto text = clause_text(id);
  if (!text) return text.error();
  return nlohmann::json::parse(*text);
}

Result<std::string> SearchService::clause_text(const std::string& id) const {
  return pool_->run([&](Xapian::Database& db) -> Result<std::string> {
    const std::string revision = revision_key(db);
    if (!revision.empty()) {
      if (auto cached = records_->get(revision, id)) return std::move(*cached);
    }
    const auto doc = layout::clause_docid(db, id);
    if (!doc) return Error::not_found("no clause with id '" + id + "'");
    std::string record = db.get_document(*doc).get_data();
    if (!revision.empty()) records_->put(revision, id, record);
    return record;
  });
}

Result<SimilarResult> SearchService::similar(const SimilarRequest& request) const {
  return pool_->run([&](Xapian::Database& db) {
    const auto snapshot = snapshots_->get(db);
    return SimilarityEngine(db, similarity_, idf_cache_.get(), snapshot.get())
        .similar_to_id(request.id, request.limit, request.same_category);
  });
}

Result<SimilarResult> SearchService::similar_text(const SimilarTextRequest& request) const {
  return pool_->run([&](Xapian::Database& db) {
    const auto snapshot = snapshots_->get(db);
    return SimilarityEngine(db, similarity_, idf_cache_.get(), snapshot.get())
        .similar_to_text(request.text, request.limit, request.platform);
  });
}

bool SearchService::wait_for_similar_snapshot(double seconds) const {
  // A request's get() starts the build of the revision it reads.
  (void)pool_->run([&](Xapian::Database& db) -> Result<bool> { return snapshots_->get(db) != nullptr; });
  return snapshots_->wait_idle(seconds);
}

Result<IndexInfo> SearchService::info() const {
  return pool_->run([&](Xapian::Database& db) -> Result<IndexInfo> {
    IndexInfo info;
    info.path = pool_->path();
    info.clauses = db.get_doccount();
    info.platforms = layout::count_terms(db, layout::kPlatformPrefix);
    info.categories = layout::count_terms(db, layout::kCategoryPrefix);
    info.schema_version = db.get_metadata(std::string(layout::kSchemaVersionKey));
    try {
      info.revision = db.get_revision();
    } catch (const Xapian::InvalidOperationError&) {
      // A stub of several shards has no single revision.
    }
    const auto st = snapshots_->status();
    info.similar_snapshot = {st.state, st.reason, st.clauses, st.bytes};
    return info;
  });
}

}  // namespace clause::search
