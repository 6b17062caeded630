#include "similar/engine.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "schema/clause_typing.h"
#include "schema/index_layout.h"
#include "schema/index_terms.h"
#include "schema/plain_text.h"
#include "schema/slug.h"
#include "schema/versioned_fields.h"
#include "similar/match.h"
#include "similar/rank.h"
#include "similar/query.h"
#include "similar/rerank.h"
#include "similar/topics.h"

namespace clause {
namespace {

using similar::Candidate;
using similar::Ranked;
using similar::Rerank;
using similar::RerankMemo;

// The expected number of other platforms holding a clause of the query's
// type: each probable type's platforms weighted by its share, and the share
// left (less probable types, "none") by the text method's count.
// Given a type (`none` > 0 and given_type): "none"'s share is taken out of
// the share left and the whole scaled to 1 (SimilarityOptions::type_count_given_type).
std::size_t expected_platforms(const std::vector<TypeEstimate>& estimate, std::size_t bar_count, double none,
                               bool given_type) {
  double expected = 0, rest = 1;
  for (const auto& e : estimate) expected += e.share * static_cast<double>(e.platforms), rest -= e.share;
  const double typed = 1 - none;
  if (given_type && none > 0 && typed > 1e-9) {
    expected = (expected + std::max(0.0, rest - none) * static_cast<double>(bar_count)) / typed;
  } else {
    expected += std::max(0.0, rest) * static_cast<double>(bar_count);
  }
  return static_cast<std::size_t>(std::llround(expected));
}

// The shares given that the clause has a type: scaled by 1 / (1 - none).
std::vector<TypeEstimate> given_a_type(std::vector<TypeEstimate> shares, double none) {
  if (none <= 0 || none >= 1 - 1e-9) return shares;
  for (auto& e : shares) e.share = std::min(1.0, e.share / (1 - none));
  return shares;
}

}  // namespace

struct SimilarityEngine::Query {
  std::string text;                     // title and text, plain
  std::string own_platform;             // slug; empty for free text
  std::optional<std::vector<std::string>> categories;  // set: keep results inside these
  std::vector<std::string> types;       // clause type slugs of the query clause
  std::string type_source;              // "given", "predicted" or empty
  std::optional<double> type_confidence;  // predicted types only
  // The most probable types with their shares (only when the options use
  // them: the expected count, the soft agreement).
  std::vector<TypeEstimate> shares;
  double none_share = 0;                // "none"'s share on the same scale (models that know it)
  Xapian::termcount length = 0;         // the clause's length in the index; 0 for free text
  std::optional<std::string> clause_json;
  Xapian::docid doc = 0;                // the indexed clause; 0 for free text
};

SimilarityEngine::SimilarityEngine(const Xapian::Database& db, SimilarityOptions options,
                                   similar::IdfCache* idf_cache, const similar::Snapshot* snapshot,
                                   const std::vector<TypeModel>* type_models)
    : db_(db),
      options_(options),
      idf_cache_(idf_cache),
      // The snapshot's matcher keeps one clause per platform.
      snapshot_(options_.method == SimilarityMethod::bm25_or || options_.rerank_per_platform <= 1 ? snapshot
                                                                                                  : nullptr),
      type_models_(type_models),
      platforms_total_(snapshot_ != nullptr ? snapshot_->platform_ids() - 1 : layout::count_terms(db, layout::kPlatformPrefix)) {}

Result<SimilarResult> SimilarityEngine::similar_to_id(const std::string& id, std::size_t limit,
                                                      bool same_category, std::size_t offset) const {
  const auto posting = layout::clause_docid(db_, id);
  if (!posting) return Error::not_found("id", "no clause with id '" + id + "'");
  const Xapian::Document doc = db_.get_document(*posting);
  auto record = clause_from_json_text(doc.get_data());
  if (!record) return Error::internal("stored record of '" + id + "' is invalid: " + record.error().message);

  Query q;
  q.text = plain_text(record->title) + "\n" + plain_text(record->text);
  q.own_platform = doc.get_value(layout::kPlatformSlot);
  if (same_category) q.categories = layout::split_list(doc.get_value(layout::kCategoriesSlot));
  q.types = layout::split_list(doc.get_value(layout::kTypesSlot));
  if (!q.types.empty()) {
    // Records indexed before the type models carry no source: their types were given.
    // (The record parser ignores the indexer's own fields: read them as stored.)
    const auto stored = nlohmann::json::parse(doc.get_data(), nullptr, false);
    const auto source = stored.is_object() ? stored.value("type_source", std::string()) : std::string();
    q.type_source = source.empty() ? "given" : source;
    if (stored.is_object() && stored.contains("type_confidence") && stored["type_confidence"].is_number()) {
      q.type_confidence = stored["type_confidence"].get<double>();
    }
  }
  set_type_shares(record->text, q);
  q.length = db_.get_doclength(*posting);
  q.clause_json = layout::with_document_fields(db_, doc.get_data());
  q.doc = *posting;
  return run(q, limit, offset);
}

Result<SimilarResult> SimilarityEngine::similar_to_text(const std::string& text, std::size_t limit,
                                                        const std::string& platform, std::size_t offset) const {
  if (text.size() > options_.max_text_bytes) {
    return Error::too_large("text", "text is longer than " +
                                        std::to_string(options_.max_text_bytes) + " bytes");
  }
  Query q;
  q.text = plain_text(text);
  if (q.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::invalid("text", "text is empty");
  }
  if (!platform.empty()) {
    q.own_platform = slugify(platform);
    if (q.own_platform.empty()) return Error::invalid("platform", "platform holds no letters or digits");
  }
  if (type_models_ != nullptr && !type_models_->empty() && options_.use_types) {
    // Typed as the indexer types a record without a type.
    ClauseRecord record;
    record.text = q.text;
    if (assign_clause_type(record, *type_models_)) {
      q.types = {slugify(record.clause_type)};
      q.type_source = record.type_source;
      q.type_confidence = record.type_confidence;
    }
  }
  set_type_shares(q.text, q);
  return run(q, limit, offset);
}

// A given type is certain; a predicted one is spread over the models' most
// probable types (the stored type and confidence alone without the models).
void SimilarityEngine::set_type_shares(const std::string& text, Query& q) const {
  const bool used = options_.use_types && (options_.type_count == SimilarityOptions::TypeCount::expected ||
                                           options_.type_agreement > 0 || options_.type_candidates > 0);
  auto& out = q.shares;
  if (!used) return;
  if (q.type_source == "given") {
    for (const auto& t : q.types) out.push_back({t, 1.0, 0});
    return;
  }
  if (type_models_ != nullptr && !type_models_->empty()) {
    for (const auto& s : type_shares(text, *type_models_, options_.type_count_top, &q.none_share)) {
      out.push_back({slugify(s.type), s.share, 0});
    }
    return;
  }
  if (!q.types.empty() && q.type_confidence) out.push_back({q.types.front(), *q.type_confidence, 0});
}

bool SimilarityEngine::index_has_type(const std::string& slug) const {
  return db_.term_exists(layout::facet_term(layout::Facet::clause_type, slug));
}

Result<SimilarResult> SimilarityEngine::run(const Query& q, std::size_t limit, std::size_t offset) const {
  if (limit < 1 || limit > options_.max_limit) {
    return Error::invalid("limit", "limit must be between 1 and " + std::to_string(options_.max_limit));
  }
  if (offset > options_.max_offset) {
    return Error::invalid("offset", "offset must be at most " + std::to_string(options_.max_offset));
  }
  SimilarResult out;
  out.offset = offset;
  out.limit = limit;
  out.clause_json = q.clause_json;
  // "N of M" counts other platforms: a clause's own platform is never among
  // the N, so it is not among the M either (issue 17: "4 of 7").
  const bool own_is_indexed =
      !q.own_platform.empty() && db_.term_exists(std::string(layout::kPlatformPrefix) + q.own_platform);
  out.platforms_total = platforms_total_ - (own_is_indexed && platforms_total_ > 0 ? 1 : 0);
  if (!q.types.empty()) {
    out.type = q.types.front();
    out.types = q.types;
    out.type_source = q.type_source;
    out.type_confidence = q.type_confidence;
  }
  // A predicted type leads only when it is confident enough (docs/similarity.md
  // "Types"), and when some clause of the index has it: a type no clause has
  // (free text typed by the models, over an index whose clauses brought
  // types of their own taxonomy) would make every answer "0 of M". An
  // indexed clause has its own types, so only free text is looked up.
  out.type_led = options_.use_types && !q.types.empty() &&
                 (q.type_source != "predicted" || q.type_confidence.value_or(0) >= options_.type_min_confidence) &&
                 (q.doc != 0 || std::any_of(q.types.begin(), q.types.end(),
                                            [&](const auto& t) { return index_has_type(t); }));
  if (out.type_led) out.count_method = "type";

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

  // Results are filled in rank order, the first `offset` platforms skipped;
  // every platform seen is excluded from the later passes. The text pass
  // never holds a clause of the query's types: the typed pass took every
  // platform that has one.
  std::size_t ranked_platforms = 0;
  auto add_hits = [&](const std::vector<Candidate>& candidates, bool typed) {
    for (const Candidate& c : candidates) {
      // Type-led, only the platforms of the type count; else the bar decides.
      if (typed || (!out.type_led && c.score >= options_.bar)) ++out.platforms_with_similar;
      base.excluded.push_back(c.platform);
      if (ranked_platforms++ < offset || out.results.size() >= limit) continue;
      SimilarHit hit;
      hit.platform = c.platform;
      hit.score = c.score;
      hit.same_type = typed;
      hit.record_json = layout::with_document_fields(db_, db_.get_document(c.id).get_data());
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
  const bool expected_count = !out.type_led && options_.type_count == SimilarityOptions::TypeCount::expected &&
                              !q.shares.empty();
  if (expected_count) {
    // N_t of each probable type, before the passes exclude the platforms they
    // rank. When no clause of the index has any of them, the models' types
    // are not this index's (its clauses brought types of another taxonomy):
    // the distribution says nothing here, and the text method counts alone.
    // (Dropping only the types the index lacks, and keeping the others, was
    // measured too: ToS;DR's held-out Spearman 0.746 -> 0.744.)
    if (std::any_of(q.shares.begin(), q.shares.end(), [&](const auto& e) { return index_has_type(e.type); })) {
      out.type_estimate = q.shares;
    }
    out.type_none_share = q.none_share;
    for (auto& e : out.type_estimate) {
      similar::MatchSpec typed = base;
      typed.types = {e.type};
      e.platforms = matcher->count_platforms(typed, static_cast<Xapian::doccount>(platforms_total_));
    }
  }
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
  std::optional<similar::SiblingContrast> siblings;
  if (rerank.cosine != nullptr && options_.sibling_contrast > 0) {
    siblings = similar::sibling_contrast(*rerank.cosine, db_, snapshot_, q.doc, q.own_platform);
    if (siblings) rerank.siblings = &*siblings;
  }
  // The distribution the agreement and the typed candidates use.
  const auto shares = options_.type_agreement_given_type ? given_a_type(q.shares, q.none_share) : q.shares;
  std::optional<similar::TypeAgreement> agreement;
  if (tuned && (!out.type_led || options_.type_agreement_led) && options_.use_types &&
      options_.type_agreement > 0 && !q.shares.empty()) {
    rerank.types = &agreement.emplace(shares, snapshot_);
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
  auto rank = [&](const std::vector<similar::Match>& matches, std::size_t extra_rescored = 0) {
    std::vector<similar::TermVector> vectors;
    Rerank pass = rerank;
    if (pass.cosine != nullptr && options_.centroid_k > 0 && options_.centroid_mix > 0) {
      pass.vectors = &vectors;
    }
    return best_per_platform(matches, builder, pass, options_, extra_rescored);
  };

  // Clauses of the query's own types first: every one matches (boolean) and
  // counts, so every platform is asked for; the text ranks them.
  if (out.type_led) {
    similar::MatchSpec typed = base;
    typed.types = q.types;
    add_hits(rank(matcher->search(typed, platforms_total_ * per_platform, per_platform)).best, true);
    // Type-led, the text pass only fills results: other platforms never
    // count. A full page needs nothing more.
    if (out.results.size() >= limit) return out;
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
      depth == 0 ? platforms_total_ * per_platform : std::max<std::size_t>(depth, (offset + limit) * per_platform));
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
  auto matches = matcher->search(text, ranked_items, per_platform);
  const bool text_reached_depth = matches.size() >= ranked_items;
  std::size_t typed_added = 0;
  if (!out.type_led && options_.type_candidates > 0 && tuned && depth > 0) {
    // The best clauses of the probable types join the re-scored candidates,
    // ranked by the same terms (a boolean filter on their XT terms: exact
    // on shards, as the typed pass).
    similar::MatchSpec typed = text;
    for (std::size_t i = 0; i < std::min(options_.type_candidates, shares.size()); ++i) {
      if (shares[i].share >= options_.type_candidate_min_share) typed.types.push_back(shares[i].type);
    }
    if (!typed.types.empty()) {
      const std::size_t typed_depth = options_.type_candidate_depth > 0 ? options_.type_candidate_depth : depth;
      const auto extra = matcher->search(typed, static_cast<Xapian::doccount>(typed_depth), per_platform);
      matches = similar::with_extra_matches(matches, extra, depth, typed_added);
    }
  }
  const Ranked ranked = rank(matches, typed_added);
  add_hits(ranked.best, false);
  if (!out.type_led) {
    if (text_reached_depth) {
      out.platforms_with_similar += count_beyond(*matcher, text, builder, ranked, options_,
                                                 static_cast<Xapian::doccount>(platforms_total_), per_platform);
    }
    out.bar_count = out.platforms_with_similar;
    out.count_method = "bar";
  }
  if (expected_count) {
    out.platforms_with_similar = expected_platforms(out.type_estimate, out.platforms_with_similar, q.none_share,
                                                    options_.type_count_given_type);
    out.count_method = "expected";
  }
  return out;
}

}  // namespace clause
