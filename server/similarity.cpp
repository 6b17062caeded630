#include "server/similarity.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "schema/index_layout.h"
#include "schema/plain_text.h"
#include "schema/slug.h"
#include "server/similar_query.h"
#include "server/similar_rerank.h"
#include "server/similar_topics.h"

namespace clause {
namespace {

std::size_t count_platforms(const Xapian::Database& db) {
  const std::string prefix(layout::kPlatformPrefix);
  std::size_t n = 0;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) ++n;
  return n;
}

std::vector<std::string> split_slugs(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= joined.size()) {
    const auto end = std::min(joined.find(layout::kListSeparator, start), joined.size());
    if (end > start) out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// OR of the facet's boolean terms for the given slugs, weightless.
Xapian::Query any_of(layout::Facet facet, const std::vector<std::string>& slugs) {
  std::vector<Xapian::Query> terms;
  for (const auto& s : slugs) terms.emplace_back(layout::facet_term(facet, s));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

bool shares_type(const Xapian::Document& doc, const std::vector<std::string>& types) {
  for (const auto& t : split_slugs(doc.get_value(layout::kTypesSlot))) {
    if (std::find(types.begin(), types.end(), t) != types.end()) return true;
  }
  return false;
}

struct Candidate {
  Xapian::docid id = 0;
  std::string platform;
  double score = 0;  // the final score (see best_per_platform)
  double share = 0;  // the BM25 share alone
  bool rescored = false;
  int vector = -1;   // index of its tf-idf vector when re-scored with the centroid
  std::vector<std::string> topics;  // the classifier's categories, when re-scored with topics
};

// The re-rank scorers; any may be absent.
struct Rerank {
  similar::CosineScorer* cosine = nullptr;
  const similar::ShingleScorer* shingles = nullptr;
  const similar::TopicScorer* topics = nullptr;
  std::vector<similar::TermVector>* vectors = nullptr;  // set: keep each candidate's vector
};

// The first-pass score of a candidate re-scored by the symmetric measures
// (SimilarityOptions says how they mix).
double rerank_score(double bm25_share, const Xapian::MSetIterator& it, const Rerank& rerank,
                    const SimilarityOptions& options, Candidate& c) {
  int* vector = &c.vector;
  double share = 1.0, score = 0;
  if (rerank.cosine != nullptr) {
    similar::TermVector* v = nullptr;
    if (rerank.vectors != nullptr) {
      *vector = static_cast<int>(rerank.vectors->size());
      v = &rerank.vectors->emplace_back();
    }
    score += options.rerank_mix * rerank.cosine->score(*it, v);
    share -= options.rerank_mix;
  }
  if (rerank.shingles != nullptr || rerank.topics != nullptr) {
    const std::string text = similar::record_text(it.get_document().get_data());
    if (rerank.shingles != nullptr) {
      const auto m = rerank.shingles->score_text(text);
      score += options.shingle_mix * m.dice - (m.negation_differs ? options.negation_penalty : 0.0) -
               options.length_penalty * m.length_ratio;
      share -= options.shingle_mix;
    }
    if (rerank.topics != nullptr) {
      c.topics = similar::TopicScorer::topics(text);
      const int a = similar::TopicScorer::agreement(rerank.topics->query_topics(), c.topics);
      score += a > 0 ? options.topic_bonus : a < 0 ? -options.topic_penalty : 0.0;
    }
  }
  // The topic terms may leave [0, 1]; the contract keeps scores inside.
  return std::clamp(score + std::max(0.0, share) * bm25_share, 0.0, 1.0);
}

// Scores are kept to 9 decimals: Xapian adds a clause's term weights in an
// order that follows each shard's term frequencies, so the last bits of a
// weight (about 1e-15) depend on the index layout; the answers must not.
double settled(double score) { return std::round(score * 1e9) / 1e9; }

// Best first. Equal scores go by BM25 share, then platform, so that docid
// order (which depends on the layout) never decides.
bool better(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.share != b.share) return a.share > b.share;
  return a.platform < b.platform;
}

// A query without category: the categories most of the best re-scored
// candidates share stand in for it (SimilarityOptions::topic_feedback).
void topic_feedback(std::vector<Candidate>& best, const SimilarityOptions& options) {
  std::sort(best.begin(), best.end(), better);
  std::vector<const std::vector<std::string>*> top;
  for (const auto& c : best) {
    if (top.size() >= options.topic_feedback) break;
    if (c.rescored) top.push_back(&c.topics);
  }
  const auto consensus = similar::TopicScorer::consensus(top);
  if (consensus.empty()) return;
  for (auto& c : best) {
    if (!c.rescored) continue;
    const int a = similar::TopicScorer::agreement(consensus, c.topics);
    c.score = settled(std::clamp(c.score + (a > 0 ? options.topic_bonus : a < 0 ? -options.topic_penalty : 0.0), 0.0, 1.0));
  }
}

// Mixes each re-scored candidate's score with its agreement with the
// centroid of the best re-scored others (SimilarityOptions::centroid_*), then
// caps the candidates that were not re-scored at the lowest re-scored one.
void centroid_rerank(std::vector<Candidate>& best, const std::vector<similar::TermVector>& vectors,
                     const SimilarityOptions& options) {
  std::sort(best.begin(), best.end(), better);
  std::vector<const similar::TermVector*> ranked;
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < best.size(); ++i) {
    if (best[i].vector < 0) continue;
    ranked.push_back(&vectors[static_cast<std::size_t>(best[i].vector)]);
    at.push_back(i);
  }
  const auto agreement = similar::centroid_agreement(ranked, options.centroid_k);
  double floor = 1.0;
  for (std::size_t j = 0; j < at.size(); ++j) {
    auto& c = best[at[j]];
    c.score = settled((1 - options.centroid_mix) * c.score + options.centroid_mix * agreement[j]);
    floor = std::min(floor, c.score);
  }
  for (auto& c : best) {
    if (!c.rescored) c.score = std::min(c.score, floor);
  }
}

// The best candidate of each platform in the MSet, best first. The first
// candidates (rerank_depth per platform, in BM25 order) are re-scored; the
// rest keep their BM25 share, but never above the lowest re-scored
// candidate: a share is on another scale than the mix (a clause sharing the
// query's words scores high on BM25 and low on word pairs), and a candidate
// that was not looked at must not outrank one that was. Equal scores go by
// BM25 share, then platform, so that docid order (which depends on the
// layout) never decides.
std::vector<Candidate> best_per_platform(const Xapian::MSet& mset, const similar::QueryBuilder& builder,
                                         const Rerank& rerank, const SimilarityOptions& options) {
  const bool any = rerank.cosine != nullptr || rerank.shingles != nullptr || rerank.topics != nullptr;
  const std::size_t depth = any ? options.rerank_depth * std::max<std::size_t>(1, options.rerank_per_platform) : 0;
  std::vector<Candidate> all;
  all.reserve(mset.size());
  double floor = 1.0;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    // The collapse key is the platform slug: no document fetch for the
    // candidates that are only counted.
    Candidate c;
    c.id = *it;
    c.platform = it.get_collapse_key();
    c.share = settled(builder.share(it.get_weight()));
    if (it.get_rank() < depth) {
      c.rescored = true;
      c.score = settled(rerank_score(c.share, it, rerank, options, c));
      floor = std::min(floor, c.score);
    } else {
      c.score = std::min(c.share, floor);
    }
    all.push_back(std::move(c));
  }
  std::vector<Candidate> best;
  std::unordered_map<std::string, std::size_t> index;
  for (Candidate& c : all) {
    auto [pos, fresh] = index.emplace(c.platform, best.size());
    if (fresh) best.push_back(std::move(c));
    else if (c.score > best[pos->second].score) best[pos->second] = std::move(c);
  }
  if (rerank.topics != nullptr && !rerank.topics->query_has_topics() && options.topic_feedback > 0) {
    topic_feedback(best, options);
  }
  if (rerank.vectors != nullptr) centroid_rerank(best, *rerank.vectors, options);
  std::sort(best.begin(), best.end(), better);
  return best;
}

}  // namespace

struct SimilarityEngine::Query {
  std::string text;                     // title and text, plain
  std::string own_platform;             // slug; empty for free text
  std::optional<std::vector<std::string>> categories;  // set: keep results inside these
  std::vector<std::string> types;       // clause type slugs of the query clause
  Xapian::termcount length = 0;         // the clause's length in the index; 0 for free text
  std::optional<std::string> clause_json;
};

SimilarityEngine::SimilarityEngine(const Xapian::Database& db, SimilarityOptions options,
                                   similar::IdfCache* idf_cache)
    : db_(db), options_(options), idf_cache_(idf_cache), platforms_total_(count_platforms(db)) {}

Result<SimilarResult> SimilarityEngine::similar_to_id(const std::string& id, std::size_t limit,
                                                      bool same_category) const {
  const std::string term = layout::id_term(id);
  auto posting = db_.postlist_begin(term);
  if (posting == db_.postlist_end(term)) return Error::not_found("no clause with id '" + id + "'");
  const Xapian::Document doc = db_.get_document(*posting);
  auto record = clause_from_json_text(doc.get_data());
  if (!record) return Error::internal("stored record of '" + id + "' is invalid: " + record.error().message);

  Query q;
  q.text = plain_text(record->title) + "\n" + plain_text(record->text);
  q.own_platform = doc.get_value(layout::kPlatformSlot);
  if (same_category) q.categories = split_slugs(doc.get_value(layout::kCategoriesSlot));
  q.types = split_slugs(doc.get_value(layout::kTypesSlot));
  q.length = db_.get_doclength(*posting);
  q.clause_json = doc.get_data();
  return run(q, limit);
}

Result<SimilarResult> SimilarityEngine::similar_to_text(const std::string& text,
                                                        std::size_t limit) const {
  if (text.size() > options_.max_text_bytes) {
    return Error::too_large("text", "text is longer than " +
                                        std::to_string(options_.max_text_bytes) + " bytes");
  }
  Query q;
  q.text = plain_text(text);
  if (q.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::invalid("text", "text is empty");
  }
  return run(q, limit);
}

Result<SimilarResult> SimilarityEngine::run(const Query& q, std::size_t limit) const {
  if (limit < 1 || limit > options_.max_limit) {
    return Error::invalid("limit", "limit must be between 1 and " + std::to_string(options_.max_limit));
  }
  SimilarResult out;
  out.clause_json = q.clause_json;
  out.platforms_total = platforms_total_;

  similar::QueryBuilder builder(db_, options_);
  auto text_query = builder.build(q.text, q.own_platform, q.length);
  if (text_query.empty()) {
    if (!q.clause_json) return Error::invalid("text", "text holds no searchable words");
    return out;  // an indexed clause without words: nothing can be similar
  }
  // Restrictions shared by every pass: never the own platform, and the
  // categories when asked.
  Xapian::Query filter;
  if (q.categories) {
    if (q.categories->empty()) return out;  // no categories: nothing is inside them
    filter = any_of(layout::Facet::category, *q.categories);
  }
  std::vector<std::string> excluded;
  if (!q.own_platform.empty()) excluded.push_back(q.own_platform);

  auto add_hits = [&](const std::vector<Candidate>& candidates, bool typed) {
    for (const Candidate& c : candidates) {
      const bool shown = out.results.size() < limit;
      Xapian::Document doc;
      if (shown || (!typed && !q.types.empty())) doc = db_.get_document(c.id);
      SimilarHit hit;
      hit.platform = c.platform;
      hit.score = c.score;
      hit.same_type = typed || (!q.types.empty() && shares_type(doc, q.types));
      if (hit.same_type || hit.score >= options_.bar) ++out.platforms_with_similar;
      excluded.push_back(hit.platform);
      if (shown) {
        hit.record_json = doc.get_data();
        auto rec = nlohmann::json::parse(hit.record_json, nullptr, false);
        if (rec.is_object()) hit.id = rec.value("id", "");
        out.results.push_back(std::move(hit));
      }
    }
  };
  auto restrict = [&](Xapian::Query query) {
    if (!filter.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
    if (!excluded.empty()) {
      query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, any_of(layout::Facet::platform, excluded));
    }
    return query;
  };
  auto first_pass = [&](const Xapian::Query& query, Xapian::doccount maxitems) {
    return builder.search(restrict(query), maxitems);
  };
  const bool tuned = options_.method == SimilarityMethod::tuned;
  std::optional<similar::CosineScorer> cosine;
  std::optional<similar::ShingleScorer> shingles;
  const Xapian::doccount per_platform = tuned ? std::max<std::size_t>(1, options_.rerank_per_platform) : 1;
  Rerank rerank;
  if (tuned && options_.rerank_per_platform > 0 && options_.rerank_mix > 0) {
    rerank.cosine = &cosine.emplace(db_, builder.selected(), idf_cache_);
  }
  std::optional<similar::TopicScorer> topics;
  if (tuned && (options_.topic_bonus > 0 || options_.topic_penalty > 0)) {
    topics.emplace(q.text);
    if (topics->query_has_topics() || options_.topic_feedback > 0) rerank.topics = &*topics;
  }
  if (tuned && (options_.shingle_mix > 0 || options_.negation_penalty > 0 ||
                options_.length_penalty > 0)) {
    rerank.shingles = &shingles.emplace(builder.words());
  }
  auto search = [&](const Xapian::Query& query) {
    std::vector<similar::TermVector> vectors;
    Rerank pass = rerank;
    if (pass.cosine != nullptr && options_.centroid_k > 0 && options_.centroid_mix > 0) {
      pass.vectors = &vectors;
    }
    const auto mset = builder.search(restrict(query), platforms_total_ * per_platform, per_platform);
    return best_per_platform(mset, builder, pass, options_);
  };

  // Clauses of the query's own types first: every one matches (boolean), the
  // text ranks them. Then the best clause of each remaining platform.
  if (!q.types.empty()) {
    const Xapian::Query typed(Xapian::Query::OP_AND_MAYBE,
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                            any_of(layout::Facet::clause_type, q.types), 0.0),
                              text_query);
    add_hits(search(typed), true);
  }
  add_hits(search(builder.expand(text_query, first_pass)), false);
  return out;
}

}  // namespace clause
