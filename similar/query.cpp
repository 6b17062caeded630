#include "similar/query.h"

#include <algorithm>

#include "schema/index_layout.h"
#include "similar/match.h"
#include "similar/terms.h"

namespace clause::similar {
namespace {

bool tuned(const SimilarityOptions& o) { return o.method == SimilarityMethod::tuned; }

// Accepts expansion terms: words the index matches on, not already asked for,
// not boilerplate.
class FeedbackDecider : public Xapian::ExpandDecider {
 public:
  FeedbackDecider(const std::set<std::string>& taken, Xapian::doccount max_df, const Xapian::Database& db)
      : taken_(taken), max_df_(max_df), db_(db) {}
  bool operator()(const std::string& term) const override {
    if (!is_match_term(term) || taken_.count(term) != 0) return false;
    return max_df_ >= db_.get_doccount() || db_.get_termfreq(term) <= max_df_;  // no cap: no lookup
  }

 private:
  const std::set<std::string>& taken_;
  Xapian::doccount max_df_;
  const Xapian::Database& db_;
};

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db, const SimilarityOptions& options,
                           const Snapshot* snapshot)
    : db_(db), options_(options), snapshot_(snapshot), params_(bm25_params(options)) {}

Xapian::Query QueryBuilder::build(const std::string& text, const std::string& own_platform,
                                  Xapian::termcount doclen) {
  TextTerms tt = terms_of_text(snapshot_ != nullptr ? nullptr : &db_, text);
  if (snapshot_ != nullptr) {
    for (QueryTerm& t : tt.terms) {
      if (const auto id = snapshot_->term_id(t.term)) t.df = snapshot_->termfreq(*id);
    }
  }
  words_ = tt.words;
  const Xapian::doccount total = db_.get_doccount();
  std::vector<QueryTerm> candidates;
  std::vector<std::string> own_name;
  if (tuned(options_) && options_.drop_own_name && !own_platform.empty()) {
    own_name = name_words(db_.get_metadata(layout::name_key(layout::Facet::platform, own_platform)),
                          own_platform);
  }
  for (const QueryTerm& t : tt.terms) {
    if (t.df == 0) continue;
    if (!own_name.empty() && names_any(t.term, own_name)) continue;
    candidates.push_back(t);
  }
  if (tuned(options_)) keep_most_discriminative(candidates, options_.max_terms, total);
  std::vector<Xapian::Query> parts;
  for (const QueryTerm& t : candidates) {
    if (tuned(options_) && t.df > options_.max_df_share * total) continue;
    query_terms_.insert(t.term);
    selected_.push_back(t);
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t.term, t.wqf), t.factor);
  }
  if (parts.empty()) return {};
  self_weight_ = similar::self_weight(db_, selected_, doclen > 0 ? doclen : tt.length, params_);
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::doccount QueryBuilder::feedback_docs() const {
  if (!tuned(options_) || options_.feedback_terms == 0) return 0;
  return static_cast<Xapian::doccount>(options_.feedback_docs);
}

std::vector<QueryTerm> QueryBuilder::feedback_terms(const std::vector<Xapian::docid>& top,
                                                   const Snapshot* snapshot) const {
  std::vector<QueryTerm> out;
  if (feedback_docs() == 0 || top.empty()) return out;
  const auto max_df = static_cast<Xapian::doccount>(options_.max_df_share * db_.get_doccount());
  if (snapshot != nullptr) {
    const FeedbackDecider decider(query_terms_, max_df, db_);
    for (auto& term : snapshot_expansion(*snapshot, top, options_.feedback_terms,
                                         [&](const std::string& t) { return decider(t); })) {
      out.push_back({std::move(term), 1, 0, options_.feedback_weight});
    }
    return out;
  }
  Xapian::RSet rset;
  for (const auto d : top) rset.add_document(d);
  Xapian::Enquire enquire(db_);
  MatchSpec base;
  base.terms = selected_;
  enquire.set_query(to_query(base));
  const FeedbackDecider decider(query_terms_, max_df, db_);
  // Exact term frequencies: without them, on several shards Xapian takes a
  // term's frequency from the shards holding the feedback clauses only and
  // scales it, so the expansion terms would depend on the layout (issue #9).
  const Xapian::ESet eset =
      enquire.get_eset(options_.feedback_terms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  for (auto it = eset.begin(); it != eset.end(); ++it) out.push_back({*it, 1, 0, options_.feedback_weight});
  return out;
}

Xapian::Query QueryBuilder::expand(const Xapian::Query& base, const Search& first_pass) const {
  if (feedback_docs() == 0) return base;
  const Xapian::MSet top = first_pass(base, feedback_docs());
  std::vector<Xapian::docid> ids;
  for (auto it = top.begin(); it != top.end(); ++it) ids.push_back(*it);
  std::vector<Xapian::Query> parts{base};
  for (const QueryTerm& t : feedback_terms(ids)) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t.term, t.wqf), t.factor);
  }
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::MSet QueryBuilder::search(const Xapian::Query& query, Xapian::doccount maxitems,
                                  Xapian::doccount per_platform, double min_weight) const {
  return collapsed_search(db_, params_, query, maxitems, per_platform, min_weight);
}

}  // namespace clause::similar
