#include "similar/match.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

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
  std::size_t count_platforms(const MatchSpec& spec, Xapian::doccount platforms_total) override {
    MatchSpec filter = spec;
    filter.terms.clear();  // the types alone match (weightless)
    return collapsed_search(db_, params_, to_query(filter), platforms_total + 1, 1, 0).size();
  }

 private:
  const Xapian::Database& db_;
  Bm25Params params_;
};

bool same_term(const QueryTerm& a, const QueryTerm& b) {
  return a.term == b.term && a.wqf == b.wqf && a.factor == b.factor;
}

// Weights by docid, one array per thread reused across requests: a fresh
// one per request would cost its page faults (0.8 MB for 100k clauses).
class WeightBuffer {
 public:
  explicit WeightBuffer(std::size_t size) {
    weights_.swap(spare());
    weights_.assign(size, 0.0);
  }
  ~WeightBuffer() { spare().swap(weights_); }
  std::vector<double>& get() { return weights_; }

 private:
  static std::vector<double>& spare() {
    thread_local std::vector<double> s;
    return s;
  }
  std::vector<double> weights_;
};

class SnapshotMatcher : public Matcher {
 public:
  SnapshotMatcher(const Snapshot& s) : s_(s), buffer_(std::size_t{s.last_docid()} + 1), weight_(buffer_.get()) {}

  std::vector<Match> search(const MatchSpec& spec, Xapian::doccount maxitems, Xapian::doccount per_platform,
                            double min_weight) override {
    if (per_platform != 1) throw std::logic_error("snapshot matcher: one clause per platform only");
    accumulate(spec.terms);
    const Filter filter(s_, spec);
    best_.assign(s_.platform_ids(), 0);
    best_weight_.assign(s_.platform_ids(), -1.0);
    if (spec.types.empty()) {
      // Every clause holding a term weighs more than 0 (see add()). In docid
      // order, so of equal weights in one platform the smallest docid stays.
      for (std::size_t d = 1; d < weight_.size(); ++d) {
        const double w = weight_[d];
        if (w == 0 || w < min_weight) continue;
        const auto p = s_.platform(static_cast<Xapian::docid>(d));
        if (w > best_weight_[p] && filter.passes(s_, static_cast<Xapian::docid>(d), p)) {
          best_weight_[p] = w;
          best_[p] = static_cast<Xapian::docid>(d);
        }
      }
    } else {
      // Every clause of the types, also those holding no term (weight 0).
      for (const auto& slug : spec.types) {
        if (auto t = s_.type_id(slug)) {
          for (const auto d : s_.clauses_of_type(*t)) offer(d, filter, min_weight);
        }
      }
    }
    return ranked(maxitems);
  }

  std::size_t count_platforms(const MatchSpec& spec, Xapian::doccount) override {
    const Filter filter(s_, spec);
    std::vector<char> seen(s_.platform_ids(), 0);
    std::size_t n = 0;
    for (const auto& slug : spec.types) {
      const auto t = s_.type_id(slug);
      if (!t) continue;
      for (const auto d : s_.clauses_of_type(*t)) {
        const auto p = s_.platform(d);
        if (seen[p] == 0 && filter.passes(s_, d, p)) seen[p] = 1, ++n;
      }
    }
    return n;
  }

 private:
  // Which clauses a spec lets through, by id.
  struct Filter {
    Filter(const Snapshot& s, const MatchSpec& spec) : excluded(s.platform_ids(), 0) {
      excluded[0] = 1;  // a document without a platform is no clause
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
    bool passes(const Snapshot& s, Xapian::docid d, std::uint32_t platform) const {
      if (excluded[platform] != 0) return false;
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
      std::fill(weight_.begin(), weight_.end(), 0.0);
      done_.clear();
    }
    for (std::size_t i = done_.size(); i < terms.size(); ++i) {
      add(terms[i]);
      done_.push_back(terms[i]);
    }
  }

  // Xapian 1.4's BM25Weight::init for the term weight; the postings hold
  // get_sumpart's other factor. A term weight is never 0 (Xapian raises
  // frequent terms' idf above 1), so a matched clause weighs more than 0.
  void add(const QueryTerm& t) {
    const auto id = s_.term_id(t.term);
    if (!id) return;
    const Bm25Params& p = s_.params();
    const double n = s_.termfreq(*id);
    double tw = (double(s_.doccount()) - n + 0.5) / (n + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    double termweight = std::log(tw) * t.factor;
    if (p.k3 != 0) {
      const double wqf = t.wqf;
      termweight *= (p.k3 + 1) * wqf / (p.k3 + wqf);
    }
    termweight *= p.k1 + 1;
    const Postings postings = s_.postings(*id);
    double* weight = weight_.data();
    for (std::size_t i = 0; i < postings.size; ++i) weight[postings.docs[i]] += termweight * postings.parts[i];
  }

  void offer(Xapian::docid d, const Filter& filter, double min_weight) {
    const double w = weight_[d];
    const auto p = s_.platform(d);
    if (w < min_weight || !filter.passes(s_, d, p)) return;
    if (w > best_weight_[p] || (w == best_weight_[p] && d < best_[p])) {
      best_weight_[p] = w;
      best_[p] = d;
    }
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
  WeightBuffer buffer_;
  std::vector<double>& weight_;  // by docid: the summed weight of done_
  std::vector<QueryTerm> done_;
  std::vector<Xapian::docid> best_;  // by platform id, per search (0: none)
  std::vector<double> best_weight_;  // its weight (-1: none)
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
  // Change records and removed provisions' kept clauses (issue 18) share
  // the free-text terms but are no clauses; the snapshot's filter drops them
  // as platformless, the Xapian path here. An absent term costs nothing:
  // Xapian drops it from the OR, and the AND_NOT when both are absent.
  return Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                       Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(std::string(layout::kChangeKindTerm)),
                                     Xapian::Query(std::string(layout::kRemovedKindTerm))));
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

std::vector<std::string> snapshot_expansion(const Snapshot& s, const std::vector<Xapian::docid>& rset,
                                            std::size_t max_terms,
                                            const std::function<bool(const std::string&)>& accept) {
  struct Stats {
    std::uint32_t r = 0;     // feedback clauses holding the term
    double multiplier = 0;   // sum of (k + 1) wdf / (k doclen / avlen + wdf)
  };
  constexpr double k = 1.0;  // Xapian's default expand_k
  const double avlen = s.avlength();
  std::vector<Xapian::docid> docs(rset);
  std::sort(docs.begin(), docs.end());
  docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
  std::unordered_map<std::uint32_t, Stats> stats;
  for (const auto d : docs) {
    const double doclen = s.doclength(d);
    for (const TermWdf& t : s.termlist(d)) {
      Stats& st = stats[t.term];
      ++st.r;
      const double wdf = t.wdf == 0 ? 1 : t.wdf;  // as Xapian: boolean terms count once
      st.multiplier += (k + 1) * wdf / (k * doclen / avlen + wdf);
    }
  }
  // Xapian's selection, step by step (ESet::Internal::expand): terms in
  // byte order (the ids' order); a term weighing no more than the bar is
  // skipped; past max_terms the worst item goes (lowest weight, then
  // smallest term) and the bar becomes the worst remaining weight. So a
  // later term that only ties the bar is not taken: not a plain top-k.
  struct Item {
    double weight;
    std::uint32_t id;
    // "Better": heavier, then the larger term (Xapian's ExpandTerm order).
    bool operator<(const Item& o) const { return weight != o.weight ? weight > o.weight : id > o.id; }
  };
  std::vector<std::uint32_t> ids;
  ids.reserve(stats.size());
  for (const auto& entry : stats) ids.push_back(entry.first);
  std::sort(ids.begin(), ids.end());
  const double total = s.doccount(), rsize = double(docs.size());
  std::vector<Item> items;
  double bar = 0;
  bool heap = false;
  for (const auto id : ids) {
    if (!accept(s.term(id))) continue;
    const Stats& st = stats[id];
    const double r = st.r, tf = s.termfreq(id);
    const double without = rsize - r;
    const double num = (r + 0.5) * (total - tf - without + 0.5);
    const double denom = (tf - r + 0.5) * (without + 0.5);
    const double w = st.multiplier * std::log(num / denom);
    if (w <= bar) continue;
    items.push_back({w, id});
    if (items.size() > max_terms) {
      if (!heap) std::make_heap(items.begin(), items.end());
      else std::push_heap(items.begin(), items.end());
      heap = true;
      std::pop_heap(items.begin(), items.end());
      items.pop_back();
      bar = items.front().weight;
    }
  }
  std::sort(items.begin(), items.end());
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const Item& item : items) out.push_back(s.term(item.id));
  return out;
}

std::unique_ptr<Matcher> snapshot_matcher(const Snapshot& snapshot) {
  return std::make_unique<SnapshotMatcher>(snapshot);
}

}  // namespace clause::similar
