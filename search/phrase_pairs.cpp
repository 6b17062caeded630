#include "search/phrase_pairs.h"

#include <string>
#include <vector>

#include "schema/index_layout.h"
#include "schema/pair_words.h"

namespace clause::search {
namespace {

// The index's pair list, parsed once per thread for each value met (an
// index's list never changes once written).
const PairWords& pair_words_of(const Xapian::Database& db) {
  thread_local std::string recorded;
  thread_local PairWords words;
  std::string now = db.get_metadata(std::string(layout::kPairWordsKey));
  if (now != recorded) {
    words = PairWords::parse(now);
    recorded = std::move(now);
  }
  return words;
}

std::string leaf_term(const Xapian::Query& leaf) {
  const auto it = leaf.get_terms_begin();
  return it == leaf.get_terms_end() ? std::string() : *it;
}

// Composite operators whose subqueries are all there is to them (no window,
// scale or parameter): rebuilt from rewritten subqueries, they are the same
// query.
bool plain_operator(Xapian::Query::op op) {
  switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      return true;
    default:
      return false;
  }
}

// A phrase of n plain text words whose window is n (as the query parser
// makes quoted and hyphenated phrases), rewritten as with_pair_terms says;
// anything else as it is.
Xapian::Query rewrite_phrase(const Xapian::Query& phrase, const PairWords& words) {
  const std::size_t n = phrase.get_num_subqueries();
  std::vector<Xapian::Query> parts;
  std::vector<std::string> stems;
  for (std::size_t i = 0; i < n; ++i) {
    Xapian::Query part = phrase.get_subquery(i);
    if (part.get_type() != Xapian::Query::LEAF_TERM) return phrase;
    const std::string term = leaf_term(part);
    const std::string_view stem = text_stem(term);
    if (stem.empty()) return phrase;
    stems.emplace_back(stem);
    parts.push_back(std::move(part));
  }
  // The window is not exposed by Xapian 1.4's API; the description says it.
  const Xapian::Query own_window(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), n);
  if (n < 2 || own_window.get_description() != phrase.get_description()) return phrase;
  std::vector<Xapian::Query> pairs;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (words.contains(stems[i]) && words.contains(stems[i + 1])) {
      pairs.emplace_back(layout::pair_term(stems[i], stems[i + 1]));
    }
  }
  if (pairs.empty()) return phrase;
  const Xapian::Query all_pairs(Xapian::Query::OP_AND, pairs.begin(), pairs.end());
  const Xapian::Query matched =
      n == 2 ? Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()) : phrase;
  return Xapian::Query(Xapian::Query::OP_FILTER, matched, all_pairs);
}

Xapian::Query rewrite(const Xapian::Query& query, const PairWords& words) {
  const auto op = query.get_type();
  if (op == Xapian::Query::OP_PHRASE) return rewrite_phrase(query, words);
  if (!plain_operator(op)) return query;
  std::vector<Xapian::Query> parts;
  bool changed = false;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    const Xapian::Query part = query.get_subquery(i);
    parts.push_back(rewrite(part, words));
    changed = changed || parts.back().get_description() != part.get_description();
  }
  if (!changed) return query;
  return Xapian::Query(op, parts.begin(), parts.end());
}

}  // namespace

std::optional<std::string> lone_pair_term(const Xapian::Query& matched) {
  if (matched.get_type() != Xapian::Query::OP_FILTER || matched.get_num_subqueries() != 2) return std::nullopt;
  const Xapian::Query words = matched.get_subquery(0), pair = matched.get_subquery(1);
  if (words.get_type() != Xapian::Query::OP_AND || words.get_num_subqueries() != 2 ||
      pair.get_type() != Xapian::Query::LEAF_TERM) {
    return std::nullopt;
  }
  const Xapian::Query first = words.get_subquery(0), second = words.get_subquery(1);
  if (first.get_type() != Xapian::Query::LEAF_TERM || second.get_type() != Xapian::Query::LEAF_TERM) {
    return std::nullopt;
  }
  const std::string first_term = leaf_term(first), second_term = leaf_term(second);
  const std::string_view a = text_stem(first_term), b = text_stem(second_term);
  std::string term = leaf_term(pair);
  // Only the rewrite's own shape: the filter is these two words' pair.
  if (a.empty() || b.empty() || term != layout::pair_term(a, b)) return std::nullopt;
  return term;
}

Xapian::Query with_pair_terms(const Xapian::Database& db, const Xapian::Query& query) {
  const PairWords& words = pair_words_of(db);
  if (words.empty()) return query;
  return rewrite(query, words);
}

}  // namespace clause::search
