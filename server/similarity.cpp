#include "server/similarity.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "schema/index_layout.h"
#include "schema/plain_text.h"
#include "schema/slug.h"
#include "server/similar_match.h"
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


struct Candidate {
  Xapian::docid id = 0;
  std::string platform;
  double score = 0;  // the final score (see best_per_platform)
  double share = 0;  // the BM25 share alone
  double ratio = 0;  // the same, uncapped (orders equal scores as BM25 does)
  bool rescored = false;
  int vector = -1;   // index of its tf-idf vector when re-scored with the centroid
};

// What a candidate's re-rank gives whatever the pass (the typed pass, the
// feedback's first pass, the text pass all re-score against the same query
// clause): the weighted sum of its symmetric measures, the weight left for
// its BM25 share (which depends on the pass's query), and its unit tf-idf
// vector (for the centroid; kept only when the centroid is on).
struct RerankParts {
  double score = 0;
  double share = 1.0;
  similar::TermVector vector;
};
// Per request: a clause re-scored in one pass is not read again in the next.
using RerankMemo = std::unordered_map<Xapian::docid, RerankParts>;

// The re-rank scorers; any may be absent. A candidate's text features come
// from the snapshot when there is one, else from its stored record.
struct Rerank {
  similar::CosineScorer* cosine = nullptr;
  const similar::ShingleScorer* shingles = nullptr;
  const similar::TopicScorer* topics = nullptr;
  std::vector<similar::TermVector>* vectors = nullptr;  // set: keep each candidate's vector
  const Xapian::Database* db = nullptr;
  const similar::Snapshot* snapshot = nullptr;
  RerankMemo* memo = nullptr;
};

// How many candidates (in BM25 order) are re-scored.
std::size_t rerank_items(const Rerank& rerank, const SimilarityOptions& options) {
  if (rerank.cosine == nullptr && rerank.shingles == nullptr && rerank.topics == nullptr) return 0;
  return options.rerank_depth * std::max<std::size_t>(1, options.rerank_per_platform);
}

// The symmetric measures of a candidate, mixed (SimilarityOptions says how).
RerankParts rerank_parts(Xapian::docid doc, const Rerank& rerank, const SimilarityOptions& options) {
  RerankParts parts;
  if (rerank.cosine != nullptr) {
    parts.score += options.rerank_mix * rerank.cosine->score(doc, rerank.vectors != nullptr ? &parts.vector : nullptr);
    parts.share -= options.rerank_mix;
  }
  if (rerank.shingles != nullptr || rerank.topics != nullptr) {
    similar::TextFeatures read;
    const similar::Snapshot* s = rerank.snapshot;
    if (s == nullptr) {
      read = similar::text_features(similar::record_text(rerank.db->get_document(doc).get_data()),
                                    rerank.topics != nullptr);
    }
    if (rerank.shingles != nullptr) {
      const auto m = s != nullptr ? rerank.shingles->score(s->pairs(doc), s->words(doc), s->negated(doc))
                                  : rerank.shingles->score(read);
      parts.score += options.shingle_mix * m.dice - (m.negation_differs ? options.negation_penalty : 0.0) -
                     options.length_penalty * m.length_ratio;
      parts.share -= options.shingle_mix;
    }
    if (rerank.topics != nullptr) {
      const int a = rerank.topics->agreement(s != nullptr ? s->topics(doc) : read.topics);
      parts.score += a > 0 ? options.topic_bonus : a < 0 ? -options.topic_penalty : 0.0;
    }
  }
  return parts;
}

// The first-pass score of a candidate re-scored by the symmetric measures.
double rerank_score(double bm25_share, Xapian::docid doc, const Rerank& rerank,
                    const SimilarityOptions& options, int* vector) {
  RerankParts fresh;
  const RerankParts* parts = &fresh;
  if (rerank.memo != nullptr) {
    auto it = rerank.memo->find(doc);
    if (it == rerank.memo->end()) it = rerank.memo->emplace(doc, rerank_parts(doc, rerank, options)).first;
    parts = &it->second;
  } else {
    fresh = rerank_parts(doc, rerank, options);
  }
  if (rerank.cosine != nullptr && rerank.vectors != nullptr) {
    *vector = static_cast<int>(rerank.vectors->size());
    rerank.vectors->push_back(parts->vector);
  }
  // The topic terms may leave [0, 1]; the contract keeps scores inside.
  return std::clamp(parts->score + std::max(0.0, parts->share) * bm25_share, 0.0, 1.0);
}

// Scores are kept to 9 decimals: Xapian adds a clause's term weights in an
// order that follows each shard's term frequencies, so the last bits of a
// weight (about 1e-15) depend on the index layout; the answers must not.
double settled(double score) { return std::round(score * 1e9) / 1e9; }

// Best first. Equal scores go by BM25 weight, then platform, so that docid
// order (which depends on the layout) never decides.
bool better(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.ratio != b.ratio) return a.ratio > b.ratio;
  return a.platform < b.platform;
}

// After the re-scored candidates moved: the lowest of them is the floor
// again, and the others score min(BM25 share, floor) (see best_per_platform).
double cap_at_floor(std::vector<Candidate>& best) {
  double floor = 1.0;
  for (const auto& c : best) {
    if (c.rescored) floor = std::min(floor, c.score);
  }
  for (auto& c : best) {
    if (!c.rescored) c.score = std::min(c.share, floor);
  }
  return floor;
}

// Mixes each re-scored candidate's score with its agreement with the
// centroid of the best re-scored others (SimilarityOptions::centroid_*).
// True when scores moved.
bool centroid_rerank(std::vector<Candidate>& best, const std::vector<similar::TermVector>& vectors,
                     const SimilarityOptions& options) {
  std::sort(best.begin(), best.end(), better);
  std::vector<const similar::TermVector*> ranked;
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < best.size(); ++i) {
    if (best[i].vector < 0) continue;
    ranked.push_back(&vectors[static_cast<std::size_t>(best[i].vector)]);
    at.push_back(i);
  }
  if (ranked.empty()) return false;
  const auto agreement = similar::centroid_agreement(ranked, options.centroid_k);
  for (std::size_t j = 0; j < at.size(); ++j) {
    auto& c = best[at[j]];
    c.score = settled((1 - options.centroid_mix) * c.score + options.centroid_mix * agreement[j]);
  }
  return true;
}

// The best candidate of each platform in the MSet, best first. The first
// candidates (rerank_depth per platform, in BM25 order) are re-scored; the
// rest keep their BM25 share, but never above the lowest re-scored
// candidate: a share is on another scale than the mix (a clause sharing the
// query's words scores high on BM25 and low on word pairs), and a candidate
// that was not looked at must not outrank one that was. Equal scores go by
// BM25 weight, then platform, so that docid order (which depends on the
// layout) never decides.
struct Ranked {
  std::vector<Candidate> best;  // one per platform, best first
  double floor = 1.0;           // the lowest re-scored score (1 when none was)
  double last_share = 0;        // the BM25 share of the MSet's last clause
};

Ranked best_per_platform(const std::vector<similar::Match>& matches, const similar::QueryBuilder& builder,
                         const Rerank& rerank, const SimilarityOptions& options) {
  const std::size_t depth = rerank_items(rerank, options);
  std::vector<Candidate> all;
  all.reserve(matches.size());
  double floor = 1.0;
  for (std::size_t rank = 0; rank < matches.size(); ++rank) {
    // The platform comes with the match (the collapse key): no document
    // fetch for the candidates that are only counted.
    const similar::Match& m = matches[rank];
    Candidate c;
    c.id = m.id;
    c.platform = m.platform;
    c.ratio = settled(builder.ratio(m.weight));
    c.share = std::min(1.0, c.ratio);
    if (rank < depth) {
      c.rescored = true;
      c.score = settled(rerank_score(c.share, m.id, rerank, options, &c.vector));
      floor = std::min(floor, c.score);
    } else {
      c.score = std::min(c.share, floor);
    }
    all.push_back(std::move(c));
  }
  Ranked ranked;
  ranked.floor = floor;
  if (!all.empty()) ranked.last_share = all.back().share;
  std::vector<Candidate>& best = ranked.best;
  std::unordered_map<std::string, std::size_t> index;
  for (Candidate& c : all) {
    auto [pos, fresh] = index.emplace(c.platform, best.size());
    if (fresh) best.push_back(std::move(c));
    else if (c.score > best[pos->second].score) best[pos->second] = std::move(c);
  }
  if (rerank.vectors != nullptr && centroid_rerank(best, *rerank.vectors, options)) {
    ranked.floor = cap_at_floor(best);
  }
  std::sort(best.begin(), best.end(), better);
  return ranked;
}

// How many platforms beyond the ranked ones pass the bar.
std::size_t count_beyond(similar::Matcher& matcher, const similar::MatchSpec& text,
                         const similar::QueryBuilder& builder, const Ranked& ranked,
                         const SimilarityOptions& options, Xapian::doccount platforms_total,
                         Xapian::doccount per_platform) {
  // A platform beyond the ranked ones scores min(BM25 share, floor)
  // (best_per_platform): it passes the bar only if the floor does, and then
  // when its best clause's weight reaches bar x self weight. The matcher is
  // told that threshold, so it skips what cannot reach it. The threshold is
  // lowered by a hair so that the settled share decides, as for the others.
  // The MSet is in weight order: when its last clause falls short, so does
  // every clause beyond it.
  if (ranked.floor < options.bar || ranked.last_share < options.bar) return 0;
  const double min_weight = options.bar * builder.self_weight() * (1 - 1e-9);
  const auto matches = matcher.search(text, platforms_total * per_platform, per_platform, min_weight);
  std::set<std::string> seen;
  for (const Candidate& c : ranked.best) seen.insert(c.platform);
  std::size_t n = 0;
  for (const auto& m : matches) {
    if (settled(builder.share(m.weight)) < options.bar) continue;
    if (seen.insert(m.platform).second) ++n;
  }
  return n;
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
                                   similar::IdfCache* idf_cache, const similar::Snapshot* snapshot)
    : db_(db),
      options_(options),
      idf_cache_(idf_cache),
      // The snapshot's matcher keeps one clause per platform.
      snapshot_(options_.method == SimilarityMethod::bm25_or || options_.rerank_per_platform <= 1 ? snapshot
                                                                                                  : nullptr),
      platforms_total_(snapshot_ != nullptr ? snapshot_->platform_ids() - 1 : count_platforms(db)) {}

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
  if (same_category) q.categories = layout::split_list(doc.get_value(layout::kCategoriesSlot));
  q.types = layout::split_list(doc.get_value(layout::kTypesSlot));
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

  similar::QueryBuilder builder(db_, options_, snapshot_);
  auto text_query = builder.build(q.text, q.own_platform, q.length);
  if (text_query.empty()) {
    if (!q.clause_json) return Error::invalid("text", "text holds no searchable words");
    return out;  // an indexed clause without words: nothing can be similar
  }
  // Restrictions shared by every pass: never the own platform, and the
  // categories when asked.
  if (q.categories && q.categories->empty()) return out;  // no categories: nothing is inside them
  similar::MatchSpec base;
  base.terms = builder.selected();
  base.categories = q.categories ? &*q.categories : nullptr;
  if (!q.own_platform.empty()) base.excluded.push_back(q.own_platform);

  // Results are filled in rank order; every platform seen is excluded from
  // the later passes. The text pass never holds a clause of the query's
  // types: the typed pass took every platform that has one.
  auto add_hits = [&](const std::vector<Candidate>& candidates, bool typed) {
    for (const Candidate& c : candidates) {
      if (typed || c.score >= options_.bar) ++out.platforms_with_similar;
      base.excluded.push_back(c.platform);
      if (out.results.size() >= limit) continue;
      SimilarHit hit;
      hit.platform = c.platform;
      hit.score = c.score;
      hit.same_type = typed;
      hit.record_json = db_.get_document(c.id).get_data();
      auto rec = nlohmann::json::parse(hit.record_json, nullptr, false);
      if (rec.is_object()) hit.id = rec.value("id", "");
      out.results.push_back(std::move(hit));
    }
  };
  const bool tuned = options_.method == SimilarityMethod::tuned;
  // The snapshot's postings hold one set of BM25 parameters.
  const bool from_snapshot = snapshot_ != nullptr && snapshot_->params() == builder.params();
  const auto matcher = from_snapshot ? similar::snapshot_matcher(*snapshot_)
                                     : similar::xapian_matcher(db_, builder.params());
  std::optional<similar::CosineScorer> cosine;
  std::optional<similar::ShingleScorer> shingles;
  const Xapian::doccount per_platform = tuned ? std::max<std::size_t>(1, options_.rerank_per_platform) : 1;
  Rerank rerank;
  rerank.db = &db_;
  rerank.snapshot = snapshot_;
  RerankMemo memo;
  rerank.memo = &memo;
  if (tuned && options_.rerank_per_platform > 0 && options_.rerank_mix > 0) {
    rerank.cosine = &cosine.emplace(db_, builder.selected(), idf_cache_, snapshot_);
  }
  std::optional<similar::TopicScorer> topics;
  if (tuned && (options_.topic_bonus > 0 || options_.topic_penalty > 0)) {
    if (topics.emplace(q.text).query_has_topics()) rerank.topics = &*topics;
  }
  if (tuned && (options_.shingle_mix > 0 || options_.negation_penalty > 0 ||
                options_.length_penalty > 0)) {
    rerank.shingles = &shingles.emplace(builder.words());
  }
  // Ranks a pass's candidates; the centroid needs their vectors.
  auto rank = [&](const std::vector<similar::Match>& matches) {
    std::vector<similar::TermVector> vectors;
    Rerank pass = rerank;
    if (pass.cosine != nullptr && options_.centroid_k > 0 && options_.centroid_mix > 0) {
      pass.vectors = &vectors;
    }
    return best_per_platform(matches, builder, pass, options_);
  };

  // Clauses of the query's own types first: every one matches (boolean) and
  // counts, so every platform is asked for; the text ranks them.
  if (!q.types.empty()) {
    similar::MatchSpec typed = base;
    typed.types = q.types;
    add_hits(rank(matcher->search(typed, platforms_total_ * per_platform, per_platform)).best, true);
  }
  // The best clause of each remaining platform: with a re-rank, only
  // the first platforms are ranked (the re-scored ones, and enough to fill
  // the results) and count_beyond counts the rest that pass the bar, which
  // needs a second search in about 3 % of requests (full corpus). Without
  // one, the floor never stops that second search, and Xapian 1.4 prunes
  // too little for a cutoff search to be cheaper than ranking every
  // platform at once (docs/similarity.md).
  const std::size_t depth = rerank_items(rerank, options_);
  const auto ranked_items = static_cast<Xapian::doccount>(
      depth == 0 ? platforms_total_ * per_platform : std::max<std::size_t>(depth, limit * per_platform));
  // Pseudo relevance feedback: the best clauses of the first platforms
  // give expansion terms. Chosen by the re-rank, they are more often the
  // query's kind of clause than BM25's best (docs/similarity.md, fifth round).
  similar::MatchSpec text = base;
  if (const auto docs = builder.feedback_docs(); docs > 0) {
    std::vector<Xapian::docid> top;
    if (options_.feedback_reranked && depth > 0) {
      // The best clauses after the re-rank, not by BM25 alone (only the
      // re-scored candidates can be among them).
      const auto first = rank(matcher->search(base, static_cast<Xapian::doccount>(depth), per_platform)).best;
      for (std::size_t i = 0; i < std::min<std::size_t>(docs, first.size()); ++i) top.push_back(first[i].id);
    } else {
      for (const auto& m : matcher->search(base, docs)) top.push_back(m.id);
    }
    const auto more = builder.feedback_terms(top, snapshot_);
    text.terms.insert(text.terms.end(), more.begin(), more.end());
  }
  const auto matches = matcher->search(text, ranked_items, per_platform);
  const Ranked ranked = rank(matches);
  add_hits(ranked.best, false);
  if (matches.size() >= ranked_items) {
    out.platforms_with_similar += count_beyond(*matcher, text, builder, ranked, options_,
                                               static_cast<Xapian::doccount>(platforms_total_), per_platform);
  }
  return out;
}

}  // namespace clause
