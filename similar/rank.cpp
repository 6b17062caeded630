#include "similar/rank.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "schema/index_layout.h"
#include "schema/index_terms.h"

namespace clause::similar {
namespace {

// The symmetric measures of a candidate, mixed (SimilarityOptions says how).
RerankParts rerank_parts(Xapian::docid doc, const Rerank& rerank, const SimilarityOptions& options) {
  RerankParts parts;
  if (rerank.cosine != nullptr) {
    const bool vector = rerank.vectors != nullptr || rerank.siblings != nullptr;
    parts.score += options.rerank_mix * rerank.cosine->score(doc, vector ? &parts.vector : nullptr);
    parts.share -= options.rerank_mix;
    if (rerank.siblings != nullptr) parts.score += options.sibling_contrast * rerank.siblings->score(parts.vector);
  }
  if (rerank.shingles != nullptr || rerank.topics != nullptr) {
    TextFeatures read;
    const Snapshot* s = rerank.snapshot;
    if (s == nullptr) {
      read = text_features(record_text(rerank.db->get_document(doc).get_data()), rerank.topics != nullptr);
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
  if (rerank.types != nullptr) {
    parts.score += options.type_agreement * rerank.types->share(doc, *rerank.db, rerank.snapshot);
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
bool centroid_rerank(std::vector<Candidate>& best, const std::vector<TermVector>& vectors,
                     const SimilarityOptions& options) {
  std::sort(best.begin(), best.end(), better);
  std::vector<const TermVector*> ranked;
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < best.size(); ++i) {
    if (best[i].vector < 0) continue;
    ranked.push_back(&vectors[static_cast<std::size_t>(best[i].vector)]);
    at.push_back(i);
  }
  if (ranked.empty()) return false;
  const auto agreement = centroid_agreement(ranked, options.centroid_k);
  for (std::size_t j = 0; j < at.size(); ++j) {
    auto& c = best[at[j]];
    c.score = settled((1 - options.centroid_mix) * c.score + options.centroid_mix * agreement[j]);
  }
  return true;
}

}  // namespace

TypeAgreement::TypeAgreement(const std::vector<TypeEstimate>& estimate, const Snapshot* snapshot) {
  for (const auto& e : estimate) by_slug[e.type] = std::max(by_slug[e.type], e.share);
  if (snapshot == nullptr) return;
  for (const auto& [slug, share] : by_slug) {
    if (const auto id = snapshot->type_id(slug)) {
      if (by_id.size() <= *id) by_id.resize(*id + 1, 0.0);
      by_id[*id] = share;
    }
  }
}

// The query's share of the candidate's type times the candidate's own
// confidence in it: the chance both are of one type, were the two
// predictions independent and the query's shares its probabilities.
double TypeAgreement::share(Xapian::docid doc, const Xapian::Database& db, const Snapshot* snapshot) const {
  double best = 0;
  if (snapshot != nullptr) {
    for (const auto t : snapshot->types(doc)) best = std::max(best, t < by_id.size() ? by_id[t] : 0.0);
    return best * snapshot->type_confidence(doc);
  }
  const Xapian::Document d = db.get_document(doc);
  for (const auto& t : layout::split_list(d.get_value(layout::kTypesSlot))) {
    if (const auto it = by_slug.find(t); it != by_slug.end()) best = std::max(best, it->second);
  }
  return best > 0 ? best * layout::type_confidence_of_value(d.get_value(layout::kTypeConfidenceSlot)) : 0.0;
}

// How many candidates (in BM25 order) are re-scored.
std::size_t rerank_items(const Rerank& rerank, const SimilarityOptions& options) {
  if (rerank.cosine == nullptr && rerank.shingles == nullptr && rerank.topics == nullptr) return 0;
  return options.rerank_depth * std::max<std::size_t>(1, options.rerank_per_platform);
}

Ranked best_per_platform(const std::vector<Match>& matches, const QueryBuilder& builder,
                         const Rerank& rerank, const SimilarityOptions& options, std::size_t extra_rescored) {
  const std::size_t depth = rerank_items(rerank, options) + extra_rescored;
  std::vector<Candidate> all;
  all.reserve(matches.size());
  double floor = 1.0;
  for (std::size_t rank = 0; rank < matches.size(); ++rank) {
    // The platform comes with the match (the collapse key): no document
    // fetch for the candidates that are only counted.
    const Match& m = matches[rank];
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

std::vector<Match> with_extra_matches(const std::vector<Match>& text, const std::vector<Match>& extra,
                                      std::size_t depth, std::size_t& added) {
  const std::size_t head = std::min(depth, text.size());
  std::set<Xapian::docid> first;
  for (std::size_t i = 0; i < head; ++i) first.insert(text[i].id);
  std::vector<Match> out(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(head));
  added = 0;
  for (const Match& m : extra) {
    if (first.insert(m.id).second) out.push_back(m), ++added;
  }
  for (std::size_t i = head; i < text.size(); ++i) {
    if (added == 0 || first.count(text[i].id) == 0) out.push_back(text[i]);  // each clause once
  }
  return out;
}

// How many platforms beyond the ranked ones pass the bar.
std::size_t count_beyond(Matcher& matcher, const MatchSpec& text,
                         const QueryBuilder& builder, const Ranked& ranked,
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

}  // namespace clause::similar
