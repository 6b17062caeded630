#include "server/similar_match.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "schema/index_layout.h"

namespace clause::similar {
namespace {

// OR of the facet's boolean terms for the given slugs, weightless.
Xapian::Query any_of(layout::Facet facet, const std::vector<std::string>& slugs) {
  std::vector<Xapian::Query> terms;
  for (const auto& s : slugs) terms.emplace_back(layout::facet_term(facet, s));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

class XapianMatcher : public Matcher {
 public:
  XapianMatcher(const Xapian::Database& db, const Bm25Params& params) : db_(db), params_(params) {}
  std::vector<Match> search(const MatchSpec& spec, Xapian::doccount maxitems, Xapian::doccount per_platform,
                            double min_weight) override {
    const auto mset = collapsed_search(db_, params_, to_query(spec), maxitems, per_platform, min_weight);
    std::vector<Match> out;
    out.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back({*it, it.get_weight(), it.get_collapse_key()});
    return out;
  }

 private:
  const Xapian::Database& db_;
  Bm25Params params_;
};

bool same_term(const QueryTerm& a, const QueryTerm& b) {
  return a.term == b.term && a.wqf == b.wqf && a.factor == b.factor;
}

class SnapshotMatcher : public Matcher {
 public:
  SnapshotMatcher(const Snapshot& s, const Bm25Params& p)
      : s_(s), p_(p), weight_(std::size_t{s.last_docid()} + 1, 0.0) {
    const bool uses_length = !(p_.b == 0 || p_.k1 == 0) && s_.avlength() != 0;
    len_factor_ = uses_length ? 1 / s_.avlength() : 0.0;
  }

  std::vector<Match> search(const MatchSpec& spec, Xapian::doccount maxitems, Xapian::doccount per_platform,
                            double min_weight) override {
    if (per_platform != 1) throw std::logic_error("snapshot matcher: one clause per platform only");
    accumulate(spec.terms);
    Filter filter(s_, spec);
    best_.assign(s_.platform_ids(), 0);
    if (spec.types.empty()) {
      for (const auto d : touched_) offer(d, filter, min_weight);
    } else {
      for (const auto& slug : spec.types) {
        if (auto t = s_.type_id(slug)) {
          for (const auto d : s_.clauses_of_type(*t)) offer(d, filter, min_weight);
        }
      }
    }
    return ranked(maxitems);
  }

 private:
  // Which clauses a spec lets through, by id.
  struct Filter {
    Filter(const Snapshot& s, const MatchSpec& spec) : excluded(s.platform_ids(), 0) {
      for (const auto& slug : spec.excluded) {
        if (auto p = s.platform_id(slug)) excluded[*p] = 1;
      }
      if (spec.categories != nullptr) {
        restricted = true;
        for (const auto& slug : *spec.categories) {
          if (auto c = s.category_id(slug)) categories.push_back(*c);
        }
      }
    }
    bool passes(const Snapshot& s, Xapian::docid d) const {
      const auto p = s.platform(d);
      if (p == 0 || excluded[p] != 0) return false;
      if (!restricted) return true;
      for (const auto c : s.categories(d)) {
        if (std::find(categories.begin(), categories.end(), c) != categories.end()) return true;
      }
      return false;
    }
    std::vector<char> excluded;
    bool restricted = false;
    std::vector<std::uint32_t> categories;
  };

  // Adds the spec's terms that the weights do not hold yet; starts over when
  // the weights hold another query.
  void accumulate(const std::vector<QueryTerm>& terms) {
    bool extends = done_.size() <= terms.size();
    for (std::size_t i = 0; extends && i < done_.size(); ++i) extends = same_term(done_[i], terms[i]);
    if (!extends) {
      for (const auto d : touched_) weight_[d] = 0;
      touched_.clear();
      done_.clear();
    }
    for (std::size_t i = done_.size(); i < terms.size(); ++i) {
      add(terms[i]);
      done_.push_back(terms[i]);
    }
  }

  // Xapian 1.4's BM25Weight (init and get_sumpart) for one term, k2 = 0.
  void add(const QueryTerm& t) {
    const auto id = s_.term_id(t.term);
    if (!id) return;
    const double n = s_.termfreq(*id);
    double tw = (double(s_.doccount()) - n + 0.5) / (n + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    double termweight = std::log(tw) * t.factor;
    if (p_.k3 != 0) {
      const double wqf = t.wqf;
      termweight *= (p_.k3 + 1) * wqf / (p_.k3 + wqf);
    }
    termweight *= p_.k1 + 1;
    for (const Posting& posting : s_.postings(*id)) {
      const double normlen = std::max(s_.doclength(posting.doc) * len_factor_, p_.min_normlen);
      const double wdf = posting.wdf;
      const double denom = p_.k1 * (normlen * p_.b + (1 - p_.b)) + wdf;
      double& w = weight_[posting.doc];
      if (w == 0) touched_.push_back(posting.doc);
      w += termweight * (wdf / denom);
    }
  }

  void offer(Xapian::docid d, const Filter& filter, double min_weight) {
    if (!filter.passes(s_, d)) return;
    const double w = weight_[d];
    if (w < min_weight) return;
    const auto p = s_.platform(d);
    const Xapian::docid b = best_[p];
    if (b == 0 || w > weight_[b] || (w == weight_[b] && d < b)) best_[p] = d;
  }

  std::vector<Match> ranked(Xapian::doccount maxitems) {
    std::vector<std::pair<std::uint32_t, Xapian::docid>> found;  // platform id, clause
    for (std::uint32_t p = 1; p < best_.size(); ++p) {
      if (best_[p] != 0) found.emplace_back(p, best_[p]);
    }
    // Platform ids follow the slugs' byte order: a tie goes to the smaller slug.
    auto before = [&](const auto& a, const auto& b) {
      const double wa = weight_[a.second], wb = weight_[b.second];
      return wa != wb ? wa > wb : a.first < b.first;
    };
    const std::size_t n = std::min<std::size_t>(maxitems, found.size());
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(), before);
    std::vector<Match> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back({found[i].second, weight_[found[i].second], s_.platform_slug(found[i].first)});
    }
    return out;
  }

  const Snapshot& s_;
  Bm25Params p_;
  double len_factor_ = 0;
  std::vector<double> weight_;           // by docid: the summed weight of done_
  std::vector<Xapian::docid> touched_;   // docids whose weight is set
  std::vector<QueryTerm> done_;
  std::vector<Xapian::docid> best_;      // by platform id, per search
};

}  // namespace

Xapian::Query to_query(const MatchSpec& spec) {
  std::vector<Xapian::Query> parts;
  for (const QueryTerm& t : spec.terms) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t.term, t.wqf), t.factor);
  }
  Xapian::Query query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  if (!spec.types.empty()) {
    query = Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                        any_of(layout::Facet::clause_type, spec.types), 0.0),
                          query);
  }
  if (spec.categories != nullptr) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, any_of(layout::Facet::category, *spec.categories));
  }
  if (!spec.excluded.empty()) {
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, any_of(layout::Facet::platform, spec.excluded));
  }
  return query;
}

Xapian::MSet collapsed_search(const Xapian::Database& db, const Bm25Params& params, const Xapian::Query& query,
                              Xapian::doccount maxitems, Xapian::doccount per_platform, double min_weight) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(params.weighting());
  enquire.set_collapse_key(layout::kPlatformSlot, per_platform);
  // Equal weights by platform, not docid: which of two tied clauses makes
  // the first maxitems must not depend on the order they were indexed in.
  enquire.set_sort_by_relevance_then_value(layout::kPlatformSlot, false);
  if (min_weight > 0) enquire.set_cutoff(0, min_weight);
  enquire.set_query(query);
  return enquire.get_mset(0, maxitems);
}

std::unique_ptr<Matcher> xapian_matcher(const Xapian::Database& db, const Bm25Params& params) {
  return std::make_unique<XapianMatcher>(db, params);
}

std::unique_ptr<Matcher> snapshot_matcher(const Snapshot& snapshot, const Bm25Params& params) {
  return std::make_unique<SnapshotMatcher>(snapshot, params);
}

}  // namespace clause::similar
